"""Shared knowledge the rules draw on: name resolution, coroutine context, catalogues (data)."""
