"""evdb.queries."""
