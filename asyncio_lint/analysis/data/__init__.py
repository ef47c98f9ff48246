"""The catalogues as data: plain tables keyed by qualified name (``analysis/catalogue.py`` builds
the ones in force for a configuration)."""
