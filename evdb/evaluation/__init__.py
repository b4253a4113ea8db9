"""Time evaluation: score the temporal engine on gold data (phrase tables and TimeML documents).

A product feature for analysts' own gold data (``evdb eval-time``). The matching rules are the
ones of the shared reference scorers, so figures agree with them; see ``matching.py``.
"""
from evdb.evaluation.contract import parse_dct, tag_batch, tag_to_dicts, timex_to_dict
from evdb.evaluation.gold import GoldDocument, GoldError, GoldRow, read_timeml_dir, read_tsv
from evdb.evaluation.scoring import DocumentReport, PhraseReport, score_documents, score_rows

__all__ = ["DocumentReport", "GoldDocument", "GoldError", "GoldRow", "PhraseReport", "parse_dct",
           "read_timeml_dir", "read_tsv", "score_documents", "score_rows", "tag_batch", "tag_to_dicts",
           "timex_to_dict"]
