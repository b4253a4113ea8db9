"""analyze(Document) -> Analysis: the pure composition of the pipeline stages.

normalize (length-preserving) -> sentences -> temporal expressions (resolved against the
document's publication time) -> events (dated by those expressions). No I/O, no clock.
"""
from __future__ import annotations

from evdb.model import Analysis, Document
from evdb.text.normalize import normalize
from evdb.text.segment import sentences as split_sentences


def analyze(doc: Document) -> Analysis:
    from evdb.events import extract_events
    from evdb.temporal import tag_document

    text = normalize(doc.text)
    sents = tuple(split_sentences(text))
    timexes = tuple(tag_document(text, doc.lang, doc.published, doc.tz, sentences=sents))
    events = tuple(extract_events(doc, text, sents, timexes))
    return Analysis(document=doc, sentences=sents, timexes=timexes, events=events)
