"""asyncio-lint: catch asyncio pitfalls before they stall production."""

__version__ = "0.1.0"
