"""Cloud SDKs: boto3 / botocore (clients, resources, paginators, waiters, S3 transfers) and the sync
Google Cloud clients (storage, BigQuery, Pub/Sub)."""

from __future__ import annotations

from asyncio_lint.analysis.data.blocking import Blocking, ClassWide, class_wide, methods, returning, same
from asyncio_lint.analysis.data.library import Library

_BOTO = "`aioboto3` / `aiobotocore` (or `await asyncio.to_thread(client.method, ...)`)"
_GCS = "`gcloud.aio.storage.Storage` (or `await asyncio.to_thread(...)`)"
_BQ = "`await asyncio.to_thread(...)` (or `gcloud.aio.bigquery`)"
_PUBSUB = "`google.pubsub_v1.PublisherAsyncClient` / `SubscriberAsyncClient`"

# botocore 1.44.8 client.py: every generated operation is `_make_api_call`; S3's upload_file,
# download_file, upload_fileobj, download_fileobj and copy (boto3/s3/inject.py) transfer data.
_CLIENT_LOCAL = ("get_paginator get_waiter can_paginate waiter_names generate_presigned_url "
                 "generate_presigned_post generate_db_auth_token close meta exceptions")
_COLLECTION_BUILDERS = "all filter limit page_size"

BOTO3 = Library(
    name="boto3 / botocore",
    checked="boto3 1.44.8, botocore 1.44.8, s3transfer 0.19.3",
    calls={
        "botocore.paginate.PageIterator.build_full_result": Blocking("http", _BOTO),
        "botocore.waiter.Waiter.wait": Blocking("http", _BOTO),  # polls with time.sleep between calls
        # resource actions (boto3/data/*/resources-1.json, boto3/s3/inject.py)
        **methods("boto3.s3.Bucket", "http", "create delete delete_objects put_object load wait_until_exists "
                  "wait_until_not_exists upload_file download_file upload_fileobj download_fileobj copy", _BOTO),
        **methods("boto3.s3.Object", "http", "copy_from delete get initiate_multipart_upload put restore_object load "
                  "reload wait_until_exists wait_until_not_exists upload_file download_file upload_fileobj "
                  "download_fileobj copy", _BOTO),
        **methods("boto3.dynamodb.Table", "http", "delete delete_item get_item put_item query scan update update_item "
                  "load reload wait_until_exists wait_until_not_exists", _BOTO),
        **methods("boto3.sqs.Queue", "http", "load reload add_permission change_message_visibility_batch delete "
                  "delete_messages purge receive_messages remove_permission send_message send_messages "
                  "set_attributes", _BOTO),
        **methods("boto3.sns.Topic", "http", "load reload add_permission confirm_subscription delete publish "
                  "remove_permission set_attributes subscribe", _BOTO),
        **methods("boto3.resources.base.ServiceResource", "http", "create_bucket batch_get_item batch_write_item "
                  "create_table create_queue get_queue_by_name create_topic create_platform_application", _BOTO),
        "boto3.resources.collection.ResourceCollection.delete": Blocking("http", _BOTO),
        # a batch writer sends every 25 items (and the rest when its `with` block ends)
        **methods("boto3.dynamodb.table.BatchWriter", "http", "put_item delete_item", _BOTO),
        **methods("boto3.s3.transfer.S3Transfer", "http", "upload_file download_file", _BOTO),
        "s3transfer.futures.TransferFuture.result": Blocking("sync-primitive", "`await asyncio.to_thread(future.result)`"),
    },
    classes={"botocore.client.BaseClient": class_wide("http", _BOTO, _CLIENT_LOCAL)},
    # a paginator's pages, and a resource collection's items, are fetched as they are iterated
    iteration={
        "botocore.paginate.PageIterator": Blocking("http", _BOTO),
        "boto3.resources.collection.ResourceCollection": Blocking("http", _BOTO),
    },
    returns={
        "boto3.client": "botocore.client.BaseClient", "boto3.resource": "boto3.resources.base.ServiceResource",
        "boto3.Session": "boto3.Session", "boto3.Session.client": "botocore.client.BaseClient",
        "boto3.Session.resource": "boto3.resources.base.ServiceResource",
        "botocore.session.get_session": "botocore.session.Session", "botocore.session.Session": "botocore.session.Session",
        "botocore.session.Session.create_client": "botocore.client.BaseClient",
        "botocore.client.BaseClient.get_paginator": "botocore.paginate.Paginator",
        "botocore.paginate.Paginator.paginate": "botocore.paginate.PageIterator",
        "botocore.paginate.PageIterator.search": "botocore.paginate.PageIterator",
        "botocore.client.BaseClient.get_waiter": "botocore.waiter.Waiter",
        # sub-resource factories: no request until an action
        "boto3.resources.base.ServiceResource.Bucket": "boto3.s3.Bucket",
        "boto3.resources.base.ServiceResource.Object": "boto3.s3.Object",
        "boto3.s3.Bucket.Object": "boto3.s3.Object",
        "boto3.resources.base.ServiceResource.Table": "boto3.dynamodb.Table",
        "boto3.resources.base.ServiceResource.Queue": "boto3.sqs.Queue",
        "boto3.resources.base.ServiceResource.Topic": "boto3.sns.Topic",
        "boto3.dynamodb.Table.batch_writer": "boto3.dynamodb.table.BatchWriter",
        **returning("boto3.resources.collection.CollectionManager", "boto3.resources.collection.ResourceCollection",
                    _COLLECTION_BUILDERS),
        **returning("boto3.resources.collection.ResourceCollection", "boto3.resources.collection.ResourceCollection",
                    _COLLECTION_BUILDERS),
        **same("boto3.s3.transfer.S3Transfer"),
    },
    attributes={
        "botocore.client.BaseClient.meta": "botocore.client.ClientMeta",
        **{f"{r}.meta": "boto3.resources.base.ResourceMeta" for r in (
            "boto3.resources.base.ServiceResource", "boto3.s3.Bucket", "boto3.s3.Object", "boto3.dynamodb.Table",
            "boto3.sqs.Queue", "boto3.sns.Topic")},
        "boto3.resources.base.ResourceMeta.client": "botocore.client.BaseClient",  # s3.meta.client.upload_file(...)
        **{f"boto3.resources.base.ServiceResource.{c}": "boto3.resources.collection.CollectionManager"
           for c in ("buckets", "tables", "queues", "topics")},
        **{f"boto3.s3.Bucket.{c}": "boto3.resources.collection.CollectionManager"
           for c in ("objects", "object_versions", "multipart_uploads")},
    },
    aliases={
        "boto3.session.Session": "boto3.Session",
        # type stubs (mypy-boto3-s3 1.43.106, mypy-boto3-dynamodb 1.43.124; types-boto3 has the same layout)
        **{f"{stubs}.{name}": "botocore.client.BaseClient"
           for stubs in ("mypy_boto3_s3", "types_boto3_s3") for name in ("S3Client", "client.S3Client", "Client")},
        **{f"{stubs}.{name}": "botocore.client.BaseClient"
           for stubs in ("mypy_boto3_dynamodb", "types_boto3_dynamodb") for name in ("DynamoDBClient", "client.DynamoDBClient")},
        **{f"{stubs}.{name}": "botocore.client.BaseClient"
           for stubs in ("mypy_boto3_sqs", "types_boto3_sqs") for name in ("SQSClient", "client.SQSClient")},
        "mypy_boto3_s3.S3ServiceResource": "boto3.resources.base.ServiceResource",
        "mypy_boto3_s3.service_resource.S3ServiceResource": "boto3.resources.base.ServiceResource",
        "mypy_boto3_s3.service_resource.Bucket": "boto3.s3.Bucket",
        "mypy_boto3_s3.service_resource.Object": "boto3.s3.Object",
        "mypy_boto3_dynamodb.DynamoDBServiceResource": "boto3.resources.base.ServiceResource",
        "mypy_boto3_dynamodb.service_resource.DynamoDBServiceResource": "boto3.resources.base.ServiceResource",
        "mypy_boto3_dynamodb.service_resource.Table": "boto3.dynamodb.Table",
    },
    # Creating a client (boto3.client(), storage.Client()) reads a service model or credentials,
    # once per process in practice (clients are cached or module-level): not listed.
    not_blocking=("boto3.client", "google.cloud.storage.Client", "botocore.client.BaseClient.get_paginator",
                  "botocore.client.BaseClient.generate_presigned_url",
                  "botocore.paginate.Paginator.paginate", "boto3.resources.base.ServiceResource.Bucket",
                  "boto3.resources.collection.CollectionManager.all", "boto3.dynamodb.Table.batch_writer"),
    async_alternatives="`aioboto3`, `aiobotocore`",
)

GOOGLE_CLOUD = Library(
    name="google-cloud-storage / bigquery / pubsub (sync clients)",
    checked="google-cloud-storage 3.17.1, google-cloud-bigquery 3.47.0, google-cloud-pubsub 2.44.0",
    calls={
        **methods("google.cloud.storage.Client", "http", "create_bucket create_hmac_key download_blob_to_file "
                  "get_bucket get_hmac_key_metadata get_service_account_email lookup_bucket restore_bucket", _GCS),
        **methods("google.cloud.storage.Bucket", "http", "copy_blob create delete delete_blob delete_blobs exists "
                  "get_blob get_iam_policy get_notification list_notifications lock_retention_policy make_private "
                  "make_public move_blob patch reload rename_blob restore_blob set_iam_policy test_iam_permissions "
                  "update", _GCS),
        **methods("google.cloud.storage.Blob", "http", "compose create_resumable_upload_session delete "
                  "download_as_bytes download_as_string download_as_text download_to_file download_to_filename "
                  "exists get_iam_policy make_private make_public patch reload rewrite set_iam_policy "
                  "test_iam_permissions update update_storage_class upload_from_file upload_from_filename "
                  "upload_from_string", _GCS),
        **methods("google.cloud.bigquery.Client", "http", "cancel_job copy_table create_dataset create_job "
                  "create_routine create_table delete_dataset delete_job_metadata delete_model delete_routine "
                  "delete_table extract_table get_dataset get_iam_policy get_job get_model get_routine "
                  "get_service_account_email get_table insert_rows insert_rows_from_dataframe insert_rows_json "
                  "load_table_from_dataframe load_table_from_file load_table_from_json load_table_from_uri query "
                  "query_and_wait set_iam_policy test_iam_permissions update_dataset update_model update_routine "
                  "update_table", _BQ),
        **{f"google.cloud.bigquery.{job}.{m}": Blocking("http", _BQ)
           for job in ("QueryJob", "LoadJob", "CopyJob", "ExtractJob")
           for m in ("result", "reload", "cancel", "exists", "done")},  # done(): reloads while not DONE
        **methods("google.cloud.bigquery.QueryJob", "http", "to_dataframe to_arrow", _BQ),
        **methods("google.cloud.bigquery.table.RowIterator", "http", "to_dataframe to_arrow", _BQ),
        # Pub/Sub's batching clients: publish()/subscribe() return futures; the admin RPCs block
        **methods("google.cloud.pubsub_v1.PublisherClient", "http", "create_topic update_topic get_topic list_topics "
                  "list_topic_subscriptions list_topic_snapshots delete_topic detach_subscription", _PUBSUB),
        **methods("google.cloud.pubsub_v1.SubscriberClient", "http", "create_subscription get_subscription "
                  "update_subscription list_subscriptions delete_subscription modify_ack_deadline acknowledge pull "
                  "modify_push_config get_snapshot list_snapshots create_snapshot update_snapshot delete_snapshot "
                  "seek", _PUBSUB),
    },
    # the GAPIC clients (no batching wrapper): every method is an RPC but the path helpers
    classes={cls: ClassWide(Blocking("http", _PUBSUB), frozenset({
        "from_service_account_info", "from_service_account_file", "from_service_account_json",
        "get_mtls_endpoint_and_cert_source", "transport", "api_endpoint", "universe_domain", "*_path",
        "parse_*_path"})) for cls in ("google.pubsub_v1.PublisherClient", "google.pubsub_v1.SubscriberClient")},
    iteration={
        "google.api_core.page_iterator.HTTPIterator": Blocking("http", _GCS),  # list_blobs, list_tables...
        "google.cloud.bigquery.table.RowIterator": Blocking("http", _BQ),
    },
    returns={
        **same("google.cloud.storage.Client", "google.cloud.storage.Bucket", "google.cloud.storage.Blob",
               "google.cloud.bigquery.Client", "google.cloud.pubsub_v1.PublisherClient",
               "google.cloud.pubsub_v1.SubscriberClient", "google.pubsub_v1.PublisherClient",
               "google.pubsub_v1.SubscriberClient"),
        **returning("google.cloud.storage.Client", "google.cloud.storage.Bucket",
                    "bucket get_bucket lookup_bucket create_bucket"),
        **returning("google.cloud.storage.Bucket", "google.cloud.storage.Blob", "blob get_blob"),
        **returning("google.cloud.storage.Client", "google.api_core.page_iterator.HTTPIterator",
                    "list_blobs list_buckets"),
        "google.cloud.storage.Bucket.list_blobs": "google.api_core.page_iterator.HTTPIterator",
        "google.cloud.bigquery.Client.query": "google.cloud.bigquery.QueryJob",
        "google.cloud.bigquery.Client.query_and_wait": "google.cloud.bigquery.table.RowIterator",
        "google.cloud.bigquery.QueryJob.result": "google.cloud.bigquery.table.RowIterator",
        "google.cloud.bigquery.Client.list_rows": "google.cloud.bigquery.table.RowIterator",
        **returning("google.cloud.bigquery.Client", "google.cloud.bigquery.LoadJob",
                    "load_table_from_file load_table_from_uri load_table_from_dataframe load_table_from_json"),
        "google.cloud.bigquery.Client.copy_table": "google.cloud.bigquery.CopyJob",
        "google.cloud.bigquery.Client.extract_table": "google.cloud.bigquery.ExtractJob",
        **returning("google.cloud.bigquery.Client", "google.api_core.page_iterator.HTTPIterator",
                    "list_datasets list_tables list_jobs"),
        # publish() and subscribe() return concurrent.futures.Future subclasses
        "google.cloud.pubsub_v1.PublisherClient.publish": "concurrent.futures.Future",
        "google.cloud.pubsub_v1.SubscriberClient.subscribe": "concurrent.futures.Future",
    },
    aliases={
        "google.cloud.storage.client.Client": "google.cloud.storage.Client",
        "google.cloud.storage.bucket.Bucket": "google.cloud.storage.Bucket",
        "google.cloud.storage.blob.Blob": "google.cloud.storage.Blob",
        "google.cloud.bigquery.client.Client": "google.cloud.bigquery.Client",
        "google.cloud.bigquery.job.QueryJob": "google.cloud.bigquery.QueryJob",
        "google.cloud.bigquery.job.query.QueryJob": "google.cloud.bigquery.QueryJob",
        "google.cloud.bigquery.job.LoadJob": "google.cloud.bigquery.LoadJob",
        "google.cloud.pubsub.PublisherClient": "google.cloud.pubsub_v1.PublisherClient",
        "google.cloud.pubsub.SubscriberClient": "google.cloud.pubsub_v1.SubscriberClient",
        "google.cloud.pubsub_v1.publisher.client.Client": "google.cloud.pubsub_v1.PublisherClient",
        "google.cloud.pubsub_v1.subscriber.client.Client": "google.cloud.pubsub_v1.SubscriberClient",
        "google.cloud.pubsub_v1.publisher.Client": "google.cloud.pubsub_v1.PublisherClient",
        "google.cloud.pubsub_v1.subscriber.Client": "google.cloud.pubsub_v1.SubscriberClient",
        "google.pubsub_v1.services.publisher.PublisherClient": "google.pubsub_v1.PublisherClient",
        "google.pubsub_v1.services.publisher.client.PublisherClient": "google.pubsub_v1.PublisherClient",
        "google.pubsub_v1.services.subscriber.SubscriberClient": "google.pubsub_v1.SubscriberClient",
        "google.pubsub_v1.services.subscriber.client.SubscriberClient": "google.pubsub_v1.SubscriberClient",
    },
    not_blocking=("google.cloud.storage.Client.bucket", "google.cloud.storage.Bucket.blob",
                  "google.cloud.storage.Client.list_blobs", "google.cloud.pubsub_v1.PublisherClient.publish",
                  "google.cloud.pubsub_v1.PublisherClient.topic_path"),
    async_alternatives="`gcloud-aio-storage` / `gcloud-aio-bigquery` / `gcloud-aio-pubsub`, "
                       "`google.pubsub_v1.PublisherAsyncClient`",
)

LIBRARIES = (BOTO3, GOOGLE_CLOUD)
