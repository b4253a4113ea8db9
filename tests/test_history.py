"""History: re-ingest is a no-op, revisions replace rows but keep the old ones, removals are recorded."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import duckdb
import pytest
from click.testing import CliRunner

from evdb import pipeline
from evdb.cli import cli
from evdb.cli._common import AppContext
from evdb.errors import EvdbError
from evdb.ingest import IngestOptions, ingest
from evdb.store.db import connect, set_as_of
from evdb.store.load import remove_document
from evdb.store.rows import VERSIONED_TABLES

UTC = timezone.utc
T1 = datetime(2024, 2, 1, 12, 0, tzinfo=UTC)
T2 = T1 + timedelta(days=1)
T3 = T2 + timedelta(days=1)
HOUR = timedelta(hours=1)

V1 = ("Vendredi 26 janvier, une attaque a tué trois civils près de Kidal. "
      "Le lendemain, des combats ont opposé l'armée à des rebelles.")
V2 = ("Vendredi 26 janvier, une attaque a tué cinq civils près de Kidal. "
      "Le lendemain, des combats ont opposé l'armée à des rebelles. La nuit suivante, un camp a été bombardé.")
OTHER = "Mardi 23 janvier, deux soldats ont été tués dans une embuscade près de Gao."


def _record(text: str, ident: str = "fr-1") -> dict:
    return {"id": ident, "source": "wire", "title": f"{ident}", "published": "2024-01-28T14:05:00+01:00",
            "tz": "Europe/Paris", "lang": "fr", "text": text}


def _write(path, *records) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def _counts(db) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in VERSIONED_TABLES}
    finally:
        con.close()


def test_reingesting_the_same_content_is_a_no_op(tmp_path, monkeypatch):
    src = _write(tmp_path / "a.jsonl", _record(V1), _record(OTHER, "fr-2"))
    db = tmp_path / "t.duckdb"
    first = ingest(db, [src], now=T1)
    assert (first.new, first.unchanged, first.replaced) == (2, 0, 0)
    before = _counts(db)
    analysed = []
    real = pipeline.analyze
    monkeypatch.setattr(pipeline, "analyze", lambda doc: analysed.append(doc.doc_id) or real(doc))
    again = ingest(db, [src], now=T2)
    assert analysed == []  # known versions are recognised before the analysis
    assert (again.new, again.unchanged, again.replaced, again.skipped) == (0, 2, 0, 0)
    assert (again.timexes, again.events) == (0, 0)
    assert _counts(db) == before
    con = duckdb.connect(str(db), read_only=True)
    for table in VERSIONED_TABLES:  # nothing was closed or re-recorded
        assert con.execute(f"SELECT DISTINCT recorded_from, recorded_to = 'infinity' FROM {table}").fetchall() in (
            [(T1, True)], []), table
    con.close()


def _doc_id(con, text: str) -> str:
    return con.execute("SELECT doc_id FROM document_versions WHERE text = ?", [text]).fetchone()[0]


def test_a_revised_article_replaces_its_rows_and_as_of_shows_the_old_ones(tmp_path):
    db = tmp_path / "t.duckdb"
    ingest(db, [_write(tmp_path / "v1.jsonl", _record(V1), _record(OTHER, "fr-2"))], now=T1)
    before = _counts(db)
    revised = ingest(db, [_write(tmp_path / "v2.jsonl", _record(V2))], now=T2)
    assert (revised.new, revised.unchanged, revised.replaced) == (0, 0, 1)
    con = connect(db, read_only=True)
    old, new = _doc_id(con, V1), _doc_id(con, V2)
    assert old != new
    # the old version's rows are all kept, closed at T2; the new ones are open from T2
    for table in VERSIONED_TABLES:
        closed = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ? AND recorded_to = ?", [old, T2]).fetchone()[0]
        all_old = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ?", [old]).fetchone()[0]
        assert closed == all_old, table
    assert _counts(db)["document_versions"] == before["document_versions"] + 1
    assert con.execute("SELECT change FROM document_versions WHERE doc_id = ?", [new]).fetchone() == ("revised",)

    def visible() -> tuple:
        texts = sorted(r[0] for r in con.execute("SELECT text FROM documents").fetchall())
        derived = tuple(sorted({r[0] for r in con.execute(f"SELECT doc_id FROM {view}").fetchall()})
                        for view in ("timexes", "events"))
        return texts, derived

    def derived_ids(doc_ids: set[str]) -> tuple:
        return tuple(sorted({r[0] for r in con.execute(
            f"SELECT doc_id FROM {t} WHERE list_contains(?, doc_id)", [sorted(doc_ids)]).fetchall()})
            for t in ("timex_versions", "event_versions"))

    other = _doc_id(con, OTHER)
    set_as_of(con, T1 + HOUR)
    assert visible() == (sorted([V1, OTHER]), derived_ids({old, other}))
    set_as_of(con, T2 + HOUR)
    assert visible() == (sorted([V2, OTHER]), derived_ids({new, other}))
    set_as_of(con, T1 - HOUR)
    assert visible() == ([], ([], []))
    set_as_of(con, None)
    assert visible() == (sorted([V2, OTHER]), derived_ids({new, other}))
    con.close()


@pytest.mark.parametrize("batch_size", [200, 1], ids=["same batch", "next batch"])
def test_two_versions_in_one_run_keep_only_the_last_as_current(tmp_path, batch_size):
    db = tmp_path / "t.duckdb"
    both = _write(tmp_path / "both.jsonl", _record(V1), _record(V2))
    summary = ingest(db, [both], IngestOptions(batch_size=batch_size), now=T1)
    assert (summary.new, summary.replaced) == (1, 1)
    con = connect(db, read_only=True)
    assert con.execute("SELECT text, change FROM documents").fetchall() == [(V2, "revised")]
    # the first version is kept with the empty interval [T1, T1): no as-of time shows it ...
    assert con.execute("SELECT text, recorded_from, recorded_to = recorded_from, recorded_to = 'infinity' "
                       "FROM document_versions ORDER BY change").fetchall() == [
        (V1, T1, True, False), (V2, T1, False, True)]
    set_as_of(con, T1)
    assert con.execute("SELECT text FROM documents").fetchall() == [(V2,)]
    con.close()
    # ... but it is known, so reading the same file again changes nothing
    before = _counts(db)
    again = ingest(db, [both], IngestOptions(batch_size=batch_size), now=T2)
    assert (again.new, again.unchanged, again.replaced) == (0, 2, 0)
    assert _counts(db) == before


def test_an_earlier_version_read_again_does_not_rewind_history(tmp_path):
    db = tmp_path / "t.duckdb"
    ingest(db, [_write(tmp_path / "v1.jsonl", _record(V1))], now=T1)
    ingest(db, [_write(tmp_path / "v2.jsonl", _record(V2))], now=T2)
    before = _counts(db)
    stale = ingest(db, [str(tmp_path / "v1.jsonl"), str(tmp_path / "v2.jsonl")], now=T3)
    assert (stale.new, stale.unchanged, stale.replaced) == (0, 2, 0)
    assert _counts(db) == before
    con = connect(db)
    assert con.execute("SELECT text FROM documents").fetchall() == [(V2,)]
    # to bring the earlier text back on purpose: remove the current version, then ingest it
    remove_document(con, "wire:fr-1", T3, reason="correction withdrawn")
    con.close()
    back = ingest(db, [str(tmp_path / "v1.jsonl")], now=T3 + HOUR)
    assert (back.new, back.unchanged, back.replaced) == (1, 0, 0)
    con = connect(db, read_only=True)
    assert con.execute("SELECT text FROM documents").fetchall() == [(V1,)]
    con.close()


def test_rm_closes_the_rows_records_the_removal_and_as_of_still_sees_it(tmp_path):
    db = tmp_path / "t.duckdb"
    ingest(db, [_write(tmp_path / "a.jsonl", _record(V1), _record(OTHER, "fr-2"))], now=T1)
    con = connect(db)
    doc_id = _doc_id(con, V1)
    removed = remove_document(con, doc_id[:6], T2, reason="duplicate")  # a unique prefix is enough
    assert (removed.doc_id, removed.article_key, removed.title) == (doc_id, "wire:fr-1", "fr-1")
    assert con.execute("SELECT * FROM document_removals").fetchall() == [(doc_id, "wire:fr-1", T2, "duplicate")]
    for table in VERSIONED_TABLES:
        assert con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ? AND recorded_to <> ?",
                           [doc_id, T2]).fetchone() == (0,), table
    assert con.execute("SELECT count(*) FROM documents WHERE doc_id = ?", [doc_id]).fetchone() == (0,)
    set_as_of(con, T2 - HOUR)
    assert con.execute("SELECT count(*) FROM documents WHERE doc_id = ?", [doc_id]).fetchone() == (1,)
    set_as_of(con, None)
    with pytest.raises(EvdbError, match="not current"):
        remove_document(con, doc_id, T3)
    by_key = remove_document(con, "wire:fr-2", T3)
    assert by_key.title == "fr-2"
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    con.close()
    again = ingest(db, [str(tmp_path / "a.jsonl")], now=T3 + HOUR)  # a removed document can come back
    assert (again.new, again.unchanged) == (2, 0)


def test_rm_of_an_unknown_id_says_how_to_find_ids(tmp_path, monkeypatch):
    db = tmp_path / "t.duckdb"
    ingest(db, [_write(tmp_path / "a.jsonl", _record(V1))], now=T1)
    monkeypatch.setattr(AppContext, "now", staticmethod(lambda: T2))
    result = CliRunner().invoke(cli, ["--db", str(db), "rm", "feedfacefeedface"])
    assert result.exit_code == 1
    assert isinstance(result.exception, EvdbError)
    assert "no document 'feedfacefeedface'" in result.exception.message
    assert 'evdb sql "select doc_id' in result.exception.hint


def test_cli_rm_with_a_reason(tmp_path, monkeypatch):
    db = tmp_path / "t.duckdb"
    ingest(db, [_write(tmp_path / "a.jsonl", _record(V1))], now=T1)
    monkeypatch.setattr(AppContext, "now", staticmethod(lambda: T2))
    result = CliRunner().invoke(cli, ["--db", str(db), "rm", "wire:fr-1", "--reason", "retracted by the wire"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("removed ") and "(fr-1)" in result.stderr
    con = connect(db, read_only=True)
    assert con.execute("SELECT removed_at, reason FROM document_removals").fetchall() == [(T2, "retracted by the wire")]
    con.close()


def test_sample_db_keeps_both_versions_of_the_revised_article(sample_db, sample_db_times):
    con = connect(sample_db, read_only=True)
    revised = con.execute("SELECT article_key, text FROM documents WHERE change = 'revised'").fetchall()
    assert len(revised) == 1
    key, new_text = revised[0]
    set_as_of(con, sample_db_times["revisions"] - HOUR)
    (old_text,) = con.execute("SELECT text FROM documents WHERE article_key = ?", [key]).fetchone()
    assert old_text != new_text
    set_as_of(con, sample_db_times["revisions"] + HOUR)
    assert con.execute("SELECT text FROM documents WHERE article_key = ?", [key]).fetchone() == (new_text,)
    con.close()
