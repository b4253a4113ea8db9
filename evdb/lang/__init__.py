"""evdb.lang."""
