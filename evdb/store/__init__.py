"""evdb.store."""
