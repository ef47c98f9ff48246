"""The LSP server (asyncio-lint server): written below."""
