"""The kinds of blocking call (one AIO1xx rule reports each). Kept free of imports so configuration
can be validated without loading libcst (a warm, cached run never imports it)."""

KINDS = ("sleep", "http", "subprocess", "file", "socket", "database", "input", "sync-primitive", "other",
         "file-metadata")
