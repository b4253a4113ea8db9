"""evdb.ingest: read article files into Documents (``read``) and run read -> analyse -> load (``run``)."""
from __future__ import annotations

from evdb.ingest.read import SUPPORTED_LANGS, Defaults, Problem, Reader, parse_published, read_documents
from evdb.ingest.run import IngestOptions, IngestProgress, IngestSummary, ingest

__all__ = ["SUPPORTED_LANGS", "Defaults", "IngestOptions", "IngestProgress", "IngestSummary", "Problem",
           "Reader", "ingest", "parse_published", "read_documents"]
