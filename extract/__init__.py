"""extract: files -> Report objects.  Pure: no database, no printing.  See ``extract.model``."""
