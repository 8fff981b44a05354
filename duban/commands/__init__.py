"""The ``duban`` subcommands, one module per job.  Each command parses its arguments, calls the library and
prints; errors from the library reach ``duban.cli``'s one boundary, which turns them into messages."""
