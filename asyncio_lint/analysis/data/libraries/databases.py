"""Synchronous database clients: SQLAlchemy's sync engine and ORM session, psycopg2 / psycopg 3,
PyMySQL, mysql-connector, pymongo, redis, Elasticsearch / OpenSearch, cassandra-driver."""

from __future__ import annotations

from asyncio_lint.analysis.data.blocking import Blocking, class_wide, each, methods, returning, same
from asyncio_lint.analysis.data.library import Library

_SQLA = "`sqlalchemy.ext.asyncio.AsyncSession` / `create_async_engine`"
_PG = "`asyncpg` or `psycopg.AsyncConnection`"
_PSYCOPG = "`psycopg.AsyncConnection`"
_MYSQL = "`aiomysql` or `asyncmy`"
_MYSQL_CONNECTOR = "`mysql.connector.aio` (or `aiomysql`)"
_MONGO = "`pymongo.AsyncMongoClient` (or `motor`)"
_REDIS = "`redis.asyncio.Redis`"
_ES = "`elasticsearch.AsyncElasticsearch`"
_OS = "`opensearchpy.AsyncOpenSearch`"
_CASSANDRA = "`session.execute_async(...)` with callbacks (or `await asyncio.to_thread(...)`)"

# SQLAlchemy 2.1.9 (orm/session.py, orm/scoping.py, orm/query.py, engine/base.py)
_SESSION_IO = ("execute scalar scalars get get_one commit rollback flush refresh merge merge_all connection "
               "begin_nested prepare bulk_save_objects bulk_insert_mappings bulk_update_mappings")
_QUERY_BUILDERS = ("filter filter_by where join outerjoin order_by group_by having limit offset options distinct "
                   "with_entities add_columns select_from execution_options yield_per populate_existing "
                   "with_for_update params union union_all correlate slice enable_eagerloads autoflush")
SQLALCHEMY = Library(
    name="SQLAlchemy (sync engine and ORM), sqlmodel, Flask-SQLAlchemy",
    checked="SQLAlchemy 2.1.9, sqlmodel 0.0.50, flask-sqlalchemy 3.1.1",
    calls={
        **methods("sqlalchemy.orm.Session", "database", _SESSION_IO + " exec", _SQLA),
        **methods("sqlalchemy.orm.scoped_session", "database", _SESSION_IO, _SQLA),
        **methods("sqlalchemy.orm.Query", "database", "all first one one_or_none scalar count get delete update", _SQLA),
        # Engine.execute/scalar/table_names/has_table: SQLAlchemy 1.x only
        **methods("sqlalchemy.engine.Engine", "database", "connect begin raw_connection execute scalar table_names "
                  "has_table", _SQLA),
        **methods("sqlalchemy.engine.Connection", "database", "execute exec_driver_sql scalar scalars commit rollback "
                  "begin_nested begin_twophase commit_prepared rollback_prepared recover_twophase "
                  "get_isolation_level", _SQLA),
        **methods("sqlalchemy.MetaData", "database", "create_all drop_all reflect", _SQLA),
        **methods("sqlalchemy.engine.Inspector", "database", "get_table_names get_columns get_indexes "
                  "get_foreign_keys get_pk_constraint get_schema_names get_view_names has_table "
                  "get_unique_constraints get_check_constraints get_table_comment get_multi_columns", _SQLA),
    },
    # iterating a Query runs it
    iteration={"sqlalchemy.orm.Query": Blocking("database", _SQLA)},
    returns={
        "sqlalchemy.create_engine": "sqlalchemy.engine.Engine",  # lazy: connects on first use
        "sqlalchemy.engine_from_config": "sqlalchemy.engine.Engine",
        "sqlalchemy.engine.Engine.connect": "sqlalchemy.engine.Connection",
        "sqlalchemy.engine.Engine.begin": "sqlalchemy.engine.Connection",  # `with engine.begin() as conn:`
        "sqlalchemy.engine.Engine.execution_options": "sqlalchemy.engine.Engine",
        "sqlalchemy.engine.Connection.execution_options": "sqlalchemy.engine.Connection",
        **same("sqlalchemy.orm.Session", "sqlalchemy.orm.sessionmaker", "sqlalchemy.orm.scoped_session",
               "sqlalchemy.MetaData", "flask_sqlalchemy.SQLAlchemy"),
        "sqlalchemy.orm.sessionmaker.__call__": "sqlalchemy.orm.Session",  # SessionLocal()
        "sqlalchemy.orm.sessionmaker.begin": "sqlalchemy.orm.Session",     # `with SessionLocal.begin() as s:`
        "sqlalchemy.orm.scoped_session.__call__": "sqlalchemy.orm.Session",
        "sqlalchemy.orm.Session.query": "sqlalchemy.orm.Query",
        "sqlalchemy.orm.scoped_session.query": "sqlalchemy.orm.Query",
        "sqlalchemy.orm.Session.connection": "sqlalchemy.engine.Connection",
        **returning("sqlalchemy.orm.Query", "sqlalchemy.orm.Query", _QUERY_BUILDERS),
    },
    # sessionmaker(class_=AsyncSession) makes async sessions
    returns_unless={"sqlalchemy.orm.sessionmaker": ("class_",)},
    attributes={
        "flask_sqlalchemy.SQLAlchemy.session": "sqlalchemy.orm.scoped_session",
        "flask_sqlalchemy.SQLAlchemy.engine": "sqlalchemy.engine.Engine",
        "flask_sqlalchemy.SQLAlchemy.metadata": "sqlalchemy.MetaData",
    },
    aliases={
        "sqlalchemy.orm.session.Session": "sqlalchemy.orm.Session",
        "sqlmodel.Session": "sqlalchemy.orm.Session",  # a subclass; adds exec()
        "sqlmodel.orm.session.Session": "sqlalchemy.orm.Session",
        "sqlalchemy.orm.session.sessionmaker": "sqlalchemy.orm.sessionmaker",
        "sqlalchemy.orm.scoping.scoped_session": "sqlalchemy.orm.scoped_session",
        "sqlalchemy.orm.query.Query": "sqlalchemy.orm.Query",
        "sqlalchemy.Engine": "sqlalchemy.engine.Engine", "sqlalchemy.engine.base.Engine": "sqlalchemy.engine.Engine",
        "sqlalchemy.Connection": "sqlalchemy.engine.Connection",
        "sqlalchemy.engine.base.Connection": "sqlalchemy.engine.Connection",
        "sqlalchemy.engine.create_engine": "sqlalchemy.create_engine",
        "sqlalchemy.engine.create.create_engine": "sqlalchemy.create_engine",
        "sqlmodel.create_engine": "sqlalchemy.create_engine",
        "sqlalchemy.schema.MetaData": "sqlalchemy.MetaData", "sqlalchemy.sql.schema.MetaData": "sqlalchemy.MetaData",
        "sqlalchemy.engine.reflection.Inspector": "sqlalchemy.engine.Inspector",
        "sqlalchemy.Inspector": "sqlalchemy.engine.Inspector",
        "flask_sqlalchemy.extension.SQLAlchemy": "flask_sqlalchemy.SQLAlchemy",
    },
    not_blocking=("sqlalchemy.orm.Session.add", "sqlalchemy.orm.Session.add_all", "sqlalchemy.orm.Session.query",
                  "sqlalchemy.orm.Session.begin", "sqlalchemy.orm.Session.expunge", "sqlalchemy.create_engine",
                  "sqlalchemy.select", "sqlalchemy.orm.Query.filter", "sqlalchemy.ext.asyncio.AsyncSession.execute"),
    async_alternatives="`sqlalchemy.ext.asyncio`: `create_async_engine`, `AsyncSession`, `async_sessionmaker`; "
                       "`sqlmodel.ext.asyncio.session.AsyncSession`",
)

DBAPI = Library(
    name="psycopg2, psycopg 3, PyMySQL, mysql-connector",
    checked="psycopg2 2.9.13, psycopg 3.3.9, psycopg-pool 3.3.3, PyMySQL 1.2.4, mysql-connector-python 26.10.0",
    calls={
        # psycopg2: a client-side cursor holds the whole result after execute(), so fetch* do no I/O
        "psycopg2.connect": Blocking("database", _PG),
        **methods("psycopg2.extensions.cursor", "database", "execute executemany callproc copy_expert copy_from "
                  "copy_to", _PG),
        **methods("psycopg2.extensions.connection", "database", "commit rollback", _PG),
        **each("database", "execute_values execute_batch", _PG, prefix="psycopg2.extras."),
        "psycopg2.pool.AbstractConnectionPool.getconn": Blocking("database", _PG),  # opens one when none is free
        # psycopg 3
        "psycopg.connect": Blocking("database", _PSYCOPG),
        **methods("psycopg.Connection", "database", "connect execute commit rollback transaction notifies wait "
                  "cancel_safe set_autocommit set_isolation_level set_read_only set_deferrable tpc_begin "
                  "tpc_prepare tpc_commit tpc_rollback tpc_recover", _PSYCOPG),
        **methods("psycopg.Cursor", "database", "execute executemany stream copy", _PSYCOPG),
        **methods("psycopg.ServerCursor", "database", "execute executemany fetchone fetchmany fetchall scroll",
                  _PSYCOPG),
        **methods("psycopg_pool.ConnectionPool", "database", "connection getconn wait open check drain",
                  "`psycopg_pool.AsyncConnectionPool`"),
        # PyMySQL: the default Cursor buffers the result in execute(); SSCursor streams it
        **each("database", "connect Connect", _MYSQL, prefix="pymysql."),
        **methods("pymysql.cursors.Cursor", "database", "execute executemany callproc", _MYSQL),
        **methods("pymysql.cursors.SSCursor", "database", "execute executemany callproc fetchone fetchmany fetchall "
                  "scroll", _MYSQL),
        **methods("pymysql.connections.Connection", "database", "commit rollback ping connect begin select_db query "
                  "next_result kill autocommit show_warnings set_charset set_character_set", _MYSQL),
        # mysql-connector: the default cursor is unbuffered (fetch* read from the server)
        "mysql.connector.connect": Blocking("database", _MYSQL_CONNECTOR),
        **methods("mysql.connector.cursor.MySQLCursor", "database", "execute executemany fetchone fetchall fetchmany "
                  "callproc", _MYSQL_CONNECTOR),
        **methods("mysql.connector.MySQLConnection", "database", "commit rollback connect reconnect ping "
                  "is_connected start_transaction cmd_query cmd_change_user reset_session set_charset_collation",
                  _MYSQL_CONNECTOR),
        "mysql.connector.pooling.MySQLConnectionPool.get_connection": Blocking("database", _MYSQL_CONNECTOR),
    },
    iteration={
        "psycopg.ServerCursor": Blocking("database", _PSYCOPG),
        "pymysql.cursors.SSCursor": Blocking("database", _MYSQL),
        "mysql.connector.cursor.MySQLCursor": Blocking("database", _MYSQL_CONNECTOR),
    },
    returns={
        "psycopg2.connect": "psycopg2.extensions.connection",
        "psycopg2.extensions.connection.cursor": "psycopg2.extensions.cursor",
        "psycopg2.pool.SimpleConnectionPool": "psycopg2.pool.AbstractConnectionPool",
        "psycopg2.pool.ThreadedConnectionPool": "psycopg2.pool.AbstractConnectionPool",
        "psycopg2.pool.AbstractConnectionPool.getconn": "psycopg2.extensions.connection",
        "psycopg.connect": "psycopg.Connection", "psycopg.Connection.connect": "psycopg.Connection",
        "psycopg.Connection.cursor": "psycopg.Cursor", "psycopg.Connection.execute": "psycopg.Cursor",
        **same("psycopg_pool.ConnectionPool", "psycopg.ServerCursor"),
        "psycopg_pool.ConnectionPool.getconn": "psycopg.Connection",
        "psycopg_pool.ConnectionPool.connection": "psycopg.Connection",  # `with pool.connection() as conn:`
        "pymysql.connect": "pymysql.connections.Connection", "pymysql.Connect": "pymysql.connections.Connection",
        "pymysql.connections.Connection": "pymysql.connections.Connection",
        "pymysql.connections.Connection.cursor": "pymysql.cursors.Cursor",
        "mysql.connector.connect": "mysql.connector.MySQLConnection",
        "mysql.connector.MySQLConnection": "mysql.connector.MySQLConnection",
        "mysql.connector.MySQLConnection.cursor": "mysql.connector.cursor.MySQLCursor",
        "mysql.connector.pooling.MySQLConnectionPool": "mysql.connector.pooling.MySQLConnectionPool",
        "mysql.connector.pooling.MySQLConnectionPool.get_connection": "mysql.connector.MySQLConnection",
    },
    aliases={
        "psycopg2._psycopg.connection": "psycopg2.extensions.connection",
        "psycopg2._psycopg.cursor": "psycopg2.extensions.cursor",
        "psycopg.connection.Connection": "psycopg.Connection", "psycopg.cursor.Cursor": "psycopg.Cursor",
        "psycopg.server_cursor.ServerCursor": "psycopg.ServerCursor",
        "psycopg_pool.pool.ConnectionPool": "psycopg_pool.ConnectionPool",
        "pymysql.Connection": "pymysql.connections.Connection",
        "pymysql.cursors.SSDictCursor": "pymysql.cursors.SSCursor",
        "mysql.connector.connection.MySQLConnection": "mysql.connector.MySQLConnection",
        "mysql.connector.connection_cext.CMySQLConnection": "mysql.connector.MySQLConnection",
        "mysql.connector.pooling.PooledMySQLConnection": "mysql.connector.MySQLConnection",
        "mysql.connector.cursor_cext.CMySQLCursor": "mysql.connector.cursor.MySQLCursor",
        "mysql.connector.pooling.connect": "mysql.connector.connect",
    },
    not_blocking=("psycopg2.extensions.cursor.fetchall", "psycopg2.extensions.cursor.mogrify",
                  "psycopg.Cursor.fetchall", "pymysql.cursors.Cursor.fetchall", "psycopg2.extensions.connection.cursor"),
    async_alternatives="`asyncpg`, `psycopg.AsyncConnection`, `psycopg_pool.AsyncConnectionPool`, `aiomysql`, "
                       "`asyncmy`, `mysql.connector.aio`",
)

# pymongo 4.20.1: pymongo/<x>.py re-export pymongo/synchronous/<x>.py
_COLLECTION_IO = ("aggregate aggregate_raw_batches bulk_write count_documents create_index create_indexes "
                  "create_search_index create_search_indexes delete_many delete_one distinct drop drop_index "
                  "drop_indexes drop_search_index estimated_document_count find_one find_one_and_delete "
                  "find_one_and_replace find_one_and_update index_information insert_many insert_one list_indexes "
                  "list_search_indexes options rename replace_one update_many update_one update_search_index watch")
_CURSOR_BUILDERS = ("sort limit skip batch_size hint where max_time_ms max_await_time_ms collation comment "
                    "allow_disk_use add_option remove_option clone rewind max min max_scan project let")
PYMONGO = Library(
    name="pymongo (sync `MongoClient`)",
    checked="pymongo 4.20.1",
    calls={
        **methods("pymongo.MongoClient", "database", "list_database_names list_databases drop_database server_info "
                  "bulk_write", _MONGO),
        **methods("pymongo.database.Database", "database", "command cursor_command create_collection drop_collection "
                  "list_collection_names list_collections validate_collection dereference aggregate watch", _MONGO),
        **methods("pymongo.collection.Collection", "database", _COLLECTION_IO, _MONGO),
        **methods("pymongo.cursor.Cursor", "database", "next to_list explain distinct", _MONGO),
        **methods("pymongo.command_cursor.CommandCursor", "database", "next try_next to_list", _MONGO),
        **methods("pymongo.change_stream.ChangeStream", "database", "next try_next", _MONGO),
        **methods("pymongo.client_session.ClientSession", "database", "commit_transaction abort_transaction "
                  "with_transaction end_session", _MONGO),
    },
    # find() is lazy: iterating its cursor fetches the batches
    iteration={
        "pymongo.cursor.Cursor": Blocking("database", _MONGO),
        "pymongo.command_cursor.CommandCursor": Blocking("database", _MONGO),
        "pymongo.change_stream.ChangeStream": Blocking("database", _MONGO),
    },
    returns={
        "pymongo.MongoClient": "pymongo.MongoClient",
        **returning("pymongo.MongoClient", "pymongo.database.Database", "get_database get_default_database"),
        "pymongo.MongoClient.start_session": "pymongo.client_session.ClientSession",
        "pymongo.MongoClient.watch": "pymongo.change_stream.ChangeStream",
        **returning("pymongo.database.Database", "pymongo.collection.Collection", "get_collection create_collection"),
        "pymongo.database.Database.with_options": "pymongo.database.Database",
        **returning("pymongo.database.Database", "pymongo.command_cursor.CommandCursor", "list_collections aggregate"),
        "pymongo.database.Database.watch": "pymongo.change_stream.ChangeStream",
        "pymongo.collection.Collection.with_options": "pymongo.collection.Collection",
        **returning("pymongo.collection.Collection", "pymongo.cursor.Cursor", "find find_raw_batches"),
        **returning("pymongo.collection.Collection", "pymongo.command_cursor.CommandCursor",
                    "aggregate list_indexes list_search_indexes"),
        "pymongo.collection.Collection.watch": "pymongo.change_stream.ChangeStream",
        **returning("pymongo.cursor.Cursor", "pymongo.cursor.Cursor", _CURSOR_BUILDERS),
    },
    # client.mydb.users / client["mydb"]["users"]: attributes and subscripts make databases and
    # collections locally (an attribute that is not a method)
    attributes={
        "pymongo.MongoClient.*": "pymongo.database.Database",
        "pymongo.MongoClient.__getitem__": "pymongo.database.Database",
        "pymongo.database.Database.*": "pymongo.collection.Collection",
        "pymongo.database.Database.__getitem__": "pymongo.collection.Collection",
        "pymongo.database.Database.client": "pymongo.MongoClient",
        "pymongo.collection.Collection.*": "pymongo.collection.Collection",
        "pymongo.collection.Collection.__getitem__": "pymongo.collection.Collection",
        "pymongo.collection.Collection.database": "pymongo.database.Database",
    },
    aliases={
        "pymongo.mongo_client.MongoClient": "pymongo.MongoClient",
        "pymongo.synchronous.mongo_client.MongoClient": "pymongo.MongoClient",
        "pymongo.synchronous.database.Database": "pymongo.database.Database",
        "pymongo.synchronous.collection.Collection": "pymongo.collection.Collection",
        "pymongo.synchronous.cursor.Cursor": "pymongo.cursor.Cursor",
        "pymongo.synchronous.command_cursor.CommandCursor": "pymongo.command_cursor.CommandCursor",
        "pymongo.synchronous.change_stream.ChangeStream": "pymongo.change_stream.ChangeStream",
        "pymongo.synchronous.client_session.ClientSession": "pymongo.client_session.ClientSession",
    },
    not_blocking=("pymongo.collection.Collection.find", "pymongo.MongoClient.get_database",
                  "pymongo.database.Database.get_collection", "pymongo.collection.Collection.with_options",
                  "pymongo.cursor.Cursor.sort", "pymongo.cursor.Cursor.limit", "pymongo.MongoClient.close",
                  "pymongo.collection.Collection.name", "pymongo.collection.Collection.full_name"),
    async_alternatives="`pymongo.AsyncMongoClient`, `motor`",
)

# redis 8.1.0: every command method calls execute_command
_REDIS_LOCAL = ("from_url from_pool get_encoder get_connection_kwargs get_retry set_retry set_response_callback "
                "load_external_module pipeline lock pubsub keyspace_notifications monitor client close get_cache "
                "himport_registry register_script digest_local json ft ts bf cf cms topk tdigest vset scan_iter "
                "hscan_iter sscan_iter zscan_iter connection_pool connection response_callbacks")
_CLUSTER_LOCAL = ("disconnect_connection_pools get_redis_connection get_node get_primaries get_replicas "
                  "get_random_node get_random_primary_or_all_nodes get_nodes get_node_from_key get_default_node "
                  "get_nodes_from_slot get_special_nodes get_random_primary_node set_default_node "
                  "replace_default_node keyslot nodes_manager")
REDIS = Library(
    name="redis (sync `Redis`, `RedisCluster`, `Sentinel`)",
    checked="redis 8.1.0",
    calls={
        **methods("redis.client.Pipeline", "database", "execute watch unwatch immediate_execute_command", _REDIS),
        "redis.cluster.ClusterPipeline.execute": Blocking("database", _REDIS),
        **methods("redis.client.PubSub", "database", "subscribe psubscribe ssubscribe unsubscribe punsubscribe "
                  "sunsubscribe ping listen check_health execute_command parse_response", _REDIS),
        # get_message(timeout=0.0) returns at once; a timeout waits
        "redis.client.PubSub.get_message": Blocking("database", _REDIS, unless=("timeout", 1, (0, 0.0)),
                                                    only_if=("timeout", 1)),
        **methods("redis.lock.Lock", "database", "acquire release extend reacquire locked owned", _REDIS),
        **methods("redis.client.Monitor", "database", "next_command listen", _REDIS),
        **methods("redis.sentinel.Sentinel", "database", "discover_master discover_slaves discover_replicas "
                  "execute_command check_master_state", _REDIS),
        "redis.cluster.RedisCluster": Blocking("database", _REDIS),  # connects to the startup nodes
    },
    classes={
        "redis.Redis": class_wide("database", _REDIS, _REDIS_LOCAL),
        "redis.cluster.RedisCluster": class_wide("database", _REDIS, _REDIS_LOCAL + " " + _CLUSTER_LOCAL),
        "redis.commands.json.JSON": class_wide("database", _REDIS, "pipeline"),
        "redis.commands.search.Search": class_wide("database", _REDIS, "pipeline batch_indexer"),
        "redis.commands.timeseries.TimeSeries": class_wide("database", _REDIS, "pipeline"),
    },
    iteration={f"redis.Redis.{m}": Blocking("database", _REDIS) for m in ("scan_iter", "hscan_iter", "sscan_iter",
                                                                         "zscan_iter")},
    enter={"redis.lock.Lock": Blocking("database", _REDIS)},  # `with r.lock("name"):` acquires it
    returns={
        **same("redis.Redis", "redis.cluster.RedisCluster", "redis.sentinel.Sentinel"),
        **returning("redis.Redis", "redis.Redis", "from_url from_pool client"),
        "redis.from_url": "redis.Redis",
        "redis.Redis.pipeline": "redis.client.Pipeline", "redis.Redis.pubsub": "redis.client.PubSub",
        "redis.Redis.lock": "redis.lock.Lock", "redis.Redis.monitor": "redis.client.Monitor",
        "redis.Redis.json": "redis.commands.json.JSON", "redis.Redis.ft": "redis.commands.search.Search",
        "redis.Redis.ts": "redis.commands.timeseries.TimeSeries",
        "redis.cluster.RedisCluster.from_url": "redis.cluster.RedisCluster",
        "redis.cluster.RedisCluster.pipeline": "redis.cluster.ClusterPipeline",
        "redis.cluster.RedisCluster.pubsub": "redis.client.PubSub",
        "redis.cluster.RedisCluster.lock": "redis.lock.Lock",
        **returning("redis.sentinel.Sentinel", "redis.Redis", "master_for slave_for replica_for"),
    },
    aliases={"redis.client.Redis": "redis.Redis", "redis.client.StrictRedis": "redis.Redis",
             "redis.StrictRedis": "redis.Redis", "redis.RedisCluster": "redis.cluster.RedisCluster",
             "redis.Sentinel": "redis.sentinel.Sentinel", "redis.client.Pipeline": "redis.client.Pipeline",
             "redis.lock.Lock": "redis.lock.Lock"},
    # pipeline commands are queued until execute() (unless watch() switched it to immediate mode)
    not_blocking=("redis.Redis.pipeline", "redis.client.Pipeline.set", "redis.Redis.pubsub", "redis.Redis.lock",
                  "redis.asyncio.Redis.get"),
    async_alternatives="`redis.asyncio` (`Redis`, `RedisCluster`, `from_url`)",
)

# elasticsearch 9.5.1 (_sync/client/__init__.py: self.X = XClient(self)); opensearch-py 3.2.0
_ES_NAMESPACES = ("async_search autoscaling cat cluster connector fleet features indices inference ingest nodes "
                  "snapshot tasks xpack ccr dangling_indices encryption enrich eql esql graph ilm license logstash "
                  "migration ml monitoring project query_rules rollup search_application searchable_snapshots "
                  "security slm simulate shutdown sql ssl streams synonyms text_structure transform watcher")
_OS_NAMESPACES = ("ingestion wlm list insights search_pipeline cat cluster dangling_indices indices ingest nodes "
                  "remote security snapshot tasks remote_store features http")
_OS_PLUGINS = ("ubi security_analytics search_relevance sm neural ltr geospatial replication flow_framework "
               "asynchronous_search alerting index_management knn ml notifications observability ppl query "
               "rollups sql transforms")
SEARCH = Library(
    name="elasticsearch / opensearch-py (sync clients)",
    checked="elasticsearch 9.5.1, opensearch-py 3.2.0",
    calls={
        "elasticsearch.helpers.bulk": Blocking("http", "`elasticsearch.helpers.async_bulk`"),
        "elasticsearch.helpers.reindex": Blocking("http", "`elasticsearch.helpers.async_reindex`"),
        "opensearchpy.helpers.bulk": Blocking("http", "`opensearchpy.helpers.async_bulk`"),
        "opensearchpy.helpers.reindex": Blocking("http", _OS),
    },
    # every API method is one request (perform_request)
    classes={
        "elasticsearch.Elasticsearch": class_wide("http", _ES, "options close transport"),
        **{f"elasticsearch.Elasticsearch.{n}": class_wide("http", _ES) for n in _ES_NAMESPACES.split()},
        "opensearchpy.OpenSearch": class_wide("http", _OS, "close transport"),
        **{f"opensearchpy.OpenSearch.{n}": class_wide("http", _OS) for n in _OS_NAMESPACES.split()},
        **{f"opensearchpy.OpenSearch.plugins.{n}": class_wide("http", _OS) for n in _OS_PLUGINS.split()},
    },
    # generators: their iteration sends the requests
    iteration={
        "elasticsearch.helpers.scan": Blocking("http", "`elasticsearch.helpers.async_scan`"),
        "elasticsearch.helpers.streaming_bulk": Blocking("http", "`elasticsearch.helpers.async_streaming_bulk`"),
        "elasticsearch.helpers.parallel_bulk": Blocking("http", "`elasticsearch.helpers.async_bulk`"),
        "opensearchpy.helpers.scan": Blocking("http", "`opensearchpy.helpers.async_scan`"),
        "opensearchpy.helpers.streaming_bulk": Blocking("http", "`opensearchpy.helpers.async_streaming_bulk`"),
        "opensearchpy.helpers.parallel_bulk": Blocking("http", "`opensearchpy.helpers.async_bulk`"),
    },
    returns={**same("elasticsearch.Elasticsearch", "opensearchpy.OpenSearch"),
             "elasticsearch.Elasticsearch.options": "elasticsearch.Elasticsearch"},
    attributes={
        **{f"elasticsearch.Elasticsearch.{n}": f"elasticsearch.Elasticsearch.{n}" for n in _ES_NAMESPACES.split()},
        **{f"opensearchpy.OpenSearch.{n}": f"opensearchpy.OpenSearch.{n}" for n in _OS_NAMESPACES.split()},
        "opensearchpy.OpenSearch.plugins": "opensearchpy.OpenSearch.plugins",
        **{f"opensearchpy.OpenSearch.plugins.{n}": f"opensearchpy.OpenSearch.plugins.{n}" for n in _OS_PLUGINS.split()},
    },
    aliases={"elasticsearch.client.Elasticsearch": "elasticsearch.Elasticsearch",
             "elasticsearch._sync.client.Elasticsearch": "elasticsearch.Elasticsearch",
             "opensearchpy.client.OpenSearch": "opensearchpy.OpenSearch"},
    not_blocking=("elasticsearch.Elasticsearch", "elasticsearch.Elasticsearch.options",
                  "elasticsearch.AsyncElasticsearch.search"),
    async_alternatives="`elasticsearch.AsyncElasticsearch` and `helpers.async_*`, `opensearchpy.AsyncOpenSearch`",
)

CASSANDRA = Library(
    name="cassandra-driver",
    checked="cassandra-driver 3.30.1",
    calls={
        **methods("cassandra.cluster.Cluster", "database", "connect shutdown refresh_schema_metadata "
                  "refresh_keyspace_metadata refresh_table_metadata refresh_nodes refresh_user_type_metadata", _CASSANDRA),
        **methods("cassandra.cluster.Session", "database", "execute execute_graph prepare prepare_on_all_hosts "
                  "set_keyspace shutdown", _CASSANDRA),
        "cassandra.cluster.ResponseFuture.result": Blocking("sync-primitive", _CASSANDRA),
        "cassandra.cluster.ResultSet.fetch_next_page": Blocking("database", _CASSANDRA),
        **each("database", "execute_concurrent execute_concurrent_with_args", _CASSANDRA, prefix="cassandra.concurrent."),
    },
    returns={"cassandra.cluster.Cluster": "cassandra.cluster.Cluster",
             "cassandra.cluster.Cluster.connect": "cassandra.cluster.Session",
             "cassandra.cluster.Session.execute_async": "cassandra.cluster.ResponseFuture"},
    not_blocking=("cassandra.cluster.Cluster", "cassandra.cluster.Session.execute_async",
                  "cassandra.cluster.ResponseFuture.add_callbacks"),
    async_alternatives="`session.execute_async(...)` with `add_callbacks`, `acsylla`",
)

LIBRARIES = (SQLALCHEMY, DBAPI, PYMONGO, REDIS, SEARCH, CASSANDRA)
