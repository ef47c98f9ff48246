"""Messaging, remote shells: kafka-python, confluent-kafka, pika, paho-mqtt, paramiko, fabric."""

from __future__ import annotations

from asyncio_lint.analysis.data.blocking import Blocking, class_wide, each, methods, same
from asyncio_lint.analysis.data.library import Library

_KAFKA = "`aiokafka.AIOKafkaProducer` / `AIOKafkaConsumer`"
_CONFLUENT = "`confluent_kafka.aio.AIOProducer` / `AIOConsumer` (or `timeout=0`)"
_PIKA = "`aio_pika`"
_MQTT = "`aiomqtt.Client`"
_SSH = "`asyncssh`"
_FABRIC = "`asyncssh` (or `await asyncio.to_thread(conn.run, ...)`)"
_NO_WAIT = (0, 0.0)

KAFKA = Library(
    name="kafka-python, confluent-kafka",
    checked="kafka-python 3.0.12, confluent-kafka 2.16.1",
    calls={
        # kafka-python's constructors connect and probe the broker version (unless api_version= is given)
        **each("socket", "KafkaProducer KafkaConsumer KafkaAdminClient", _KAFKA, prefix="kafka."),
        # send() waits up to max_block_ms for metadata (the first send) or for buffer space
        **methods("kafka.KafkaProducer", "socket", "send flush close partitions_for init_transactions "
                  "commit_transaction abort_transaction send_offsets_to_transaction", _KAFKA),
        "kafka.producer.future.FutureRecordMetadata.get": Blocking("sync-primitive", _KAFKA),
        **methods("kafka.KafkaConsumer", "socket", "commit committed close topics partitions_for_topic position "
                  "offsets_for_times beginning_offsets end_offsets", _KAFKA),
        # poll(timeout_ms=0), the default, returns what is buffered
        "kafka.KafkaConsumer.poll": Blocking("socket", _KAFKA, unless=("timeout_ms", 0, (0,)), only_if=("timeout_ms", 0)),
        # confluent-kafka (cimpl.pyi): timeout defaults to -1 (wait forever); 0 returns at once
        **methods("confluent_kafka.Producer", "socket", "init_transactions commit_transaction abort_transaction "
                  "send_offsets_to_transaction list_topics", _CONFLUENT),
        **{f"confluent_kafka.{cls}.{m}": Blocking("socket", _CONFLUENT, unless=("timeout", position, _NO_WAIT))
           for cls, m, position in (("Producer", "poll", 0), ("Producer", "flush", 0), ("Consumer", "poll", 0),
                                    ("Consumer", "consume", 1))},
        **methods("confluent_kafka.Consumer", "socket", "committed offsets_for_times list_topics close", _CONFLUENT),
        # commit() is asynchronous unless asynchronous=False
        "confluent_kafka.Consumer.commit": Blocking("socket", _CONFLUENT, unless=("asynchronous", 99, (True,)),
                                                    only_if=("asynchronous", 99)),
        **methods("confluent_kafka.admin.AdminClient", "socket", "list_topics list_groups", _CONFLUENT),
    },
    iteration={"kafka.KafkaConsumer": Blocking("socket", _KAFKA)},  # `for message in consumer:`
    returns={
        **same("kafka.KafkaProducer", "kafka.KafkaConsumer", "kafka.KafkaAdminClient", "confluent_kafka.Producer",
               "confluent_kafka.Consumer", "confluent_kafka.admin.AdminClient"),
        "kafka.KafkaProducer.send": "kafka.producer.future.FutureRecordMetadata",
    },
    aliases={
        "kafka.producer.KafkaProducer": "kafka.KafkaProducer", "kafka.producer.kafka.KafkaProducer": "kafka.KafkaProducer",
        "kafka.consumer.KafkaConsumer": "kafka.KafkaConsumer", "kafka.consumer.group.KafkaConsumer": "kafka.KafkaConsumer",
        "kafka.admin.KafkaAdminClient": "kafka.KafkaAdminClient",
        "confluent_kafka.cimpl.Producer": "confluent_kafka.Producer",
        "confluent_kafka.cimpl.Consumer": "confluent_kafka.Consumer",
        "confluent_kafka.SerializingProducer": "confluent_kafka.Producer",
        "confluent_kafka.DeserializingConsumer": "confluent_kafka.Consumer",
    },
    not_blocking=("confluent_kafka.Producer.produce", "kafka.KafkaConsumer.subscribe", "kafka.KafkaConsumer.seek",
                  "confluent_kafka.Consumer.subscribe", "aiokafka.AIOKafkaProducer.send"),
    async_alternatives="`aiokafka`, `confluent_kafka.aio.AIOProducer` / `AIOConsumer`",
)

RABBITMQ_MQTT = Library(
    name="pika (BlockingConnection), paho-mqtt",
    checked="pika 1.4.4, paho-mqtt 2.2.0",
    calls={
        "pika.BlockingConnection": Blocking("socket", _PIKA),  # connects
        **methods("pika.BlockingConnection", "socket", "channel close process_data_events sleep update_secret", _PIKA),
        **methods("paho.mqtt.client.Client", "socket", "connect connect_srv reconnect loop loop_forever", _MQTT),
        "paho.mqtt.client.Client.loop_stop": Blocking("sync-primitive", _MQTT),  # joins the network thread
        "paho.mqtt.client.Client.tls_set": Blocking("file", _MQTT),                # loads the CA and cert files
        "paho.mqtt.client.MQTTMessageInfo.wait_for_publish": Blocking("sync-primitive", _MQTT),
        **each("socket", "publish.single publish.multiple subscribe.simple subscribe.callback", _MQTT,
               prefix="paho.mqtt."),
    },
    # every channel method sends a frame, and most wait for the broker's reply
    classes={"pika.adapters.blocking_connection.BlockingChannel": class_wide("socket", _PIKA, (
        "add_on_cancel_callback add_on_return_callback get_waiting_message_count channel_number connection "
        "is_closed is_open consumer_tags"))},
    returns={
        "pika.BlockingConnection": "pika.BlockingConnection",
        "pika.BlockingConnection.channel": "pika.adapters.blocking_connection.BlockingChannel",
        "paho.mqtt.client.Client": "paho.mqtt.client.Client",
        "paho.mqtt.client.Client.publish": "paho.mqtt.client.MQTTMessageInfo",
    },
    aliases={"pika.adapters.BlockingConnection": "pika.BlockingConnection",
             "pika.adapters.blocking_connection.BlockingConnection": "pika.BlockingConnection"},
    not_blocking=("pika.BlockingConnection.add_callback_threadsafe", "paho.mqtt.client.Client.publish",
                  "paho.mqtt.client.Client.loop_start", "paho.mqtt.client.Client.connect_async"),
    async_alternatives="`aio_pika`, `aiormq`, `aiomqtt`",
)

SSH = Library(
    name="paramiko, fabric",
    checked="paramiko 5.1.0, fabric 3.2.3",
    calls={
        **methods("paramiko.SSHClient", "socket", "connect exec_command invoke_shell open_sftp", _SSH),
        **methods("paramiko.SSHClient", "file", "load_system_host_keys load_host_keys save_host_keys", _SSH),
        **methods("paramiko.Transport", "socket", "connect start_client start_server open_session open_channel "
                  "open_sftp_client open_x11_channel open_forward_agent_channel open_forwarded_tcpip_channel "
                  "request_port_forward cancel_port_forward global_request renegotiate_keys accept auth_none "
                  "auth_password auth_publickey auth_interactive auth_interactive_dumb", _SSH),
        **methods("paramiko.channel.Channel", "socket", "exec_command invoke_shell invoke_subsystem get_pty recv "
                  "recv_stderr send send_stderr sendall sendall_stderr recv_exit_status resize_pty "
                  "update_environment set_environment_variable request_x11 request_forward_agent", _SSH),
        **methods("paramiko.channel.ChannelFile", "socket", "read readline readlines write", _SSH),
        **methods("fabric.Connection", "socket", "open open_gateway run sudo shell sftp get put create_session "
                  "forward_local forward_remote", _FABRIC),
        "fabric.Connection.local": Blocking("subprocess", "`asyncio.create_subprocess_exec`"),
        **methods("fabric.Group", "socket", "run sudo put get", _FABRIC),
        **methods("fabric.transfer.Transfer", "socket", "get put", _FABRIC),
    },
    # every SFTP method is a request and its reply
    classes={
        "paramiko.sftp_client.SFTPClient": class_wide("socket", _SSH, "getcwd get_channel logger sock ultra_debug"),
        "paramiko.sftp_file.SFTPFile": class_wide("socket", _SSH, "settimeout gettimeout setblocking seekable seek "
                                                  "tell set_pipelined readable writable closed"),
    },
    returns={
        **same("paramiko.SSHClient", "paramiko.Transport", "fabric.Connection", "fabric.Group"),
        "paramiko.SSHClient.open_sftp": "paramiko.sftp_client.SFTPClient",
        "paramiko.SSHClient.get_transport": "paramiko.Transport",
        "paramiko.sftp_client.SFTPClient.from_transport": "paramiko.sftp_client.SFTPClient",
        "paramiko.sftp_client.SFTPClient.open": "paramiko.sftp_file.SFTPFile",
        "paramiko.sftp_client.SFTPClient.file": "paramiko.sftp_file.SFTPFile",
        "paramiko.Transport.open_sftp_client": "paramiko.sftp_client.SFTPClient",
        "paramiko.Transport.open_session": "paramiko.channel.Channel",
        "paramiko.Transport.open_channel": "paramiko.channel.Channel",
        "fabric.Connection.sftp": "paramiko.sftp_client.SFTPClient",
    },
    aliases={"paramiko.client.SSHClient": "paramiko.SSHClient", "paramiko.SFTPClient": "paramiko.sftp_client.SFTPClient",
             "paramiko.SFTP": "paramiko.sftp_client.SFTPClient", "paramiko.transport.Transport": "paramiko.Transport",
             "paramiko.Channel": "paramiko.channel.Channel", "paramiko.SFTPFile": "paramiko.sftp_file.SFTPFile",
             "fabric.connection.Connection": "fabric.Connection", "fabric.group.SerialGroup": "fabric.Group",
             "fabric.group.ThreadingGroup": "fabric.Group", "fabric.SerialGroup": "fabric.Group",
             "fabric.ThreadingGroup": "fabric.Group"},
    not_blocking=("paramiko.SSHClient", "paramiko.SSHClient.set_missing_host_key_policy", "fabric.Connection",
                  "paramiko.sftp_client.SFTPClient.getcwd", "asyncssh.connect"),
    async_alternatives="`asyncssh`",
)

LIBRARIES = (KAFKA, RABBITMQ_MQTT, SSH)
