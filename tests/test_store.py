"""The DuckDB store: schema migrations, connections, Arrow loading, rows derived from an Analysis."""
from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest

from evdb import paths
from evdb.errors import DatabaseError, SchemaError
from evdb.model import ActorRef, Analysis, Document, Event, FieldSource, Sentence, Timex
from evdb.store.db import connect, migrate, set_as_of
from evdb.store.load import Loader
from evdb.store.rows import VERSIONED_TABLES

UTC = timezone.utc
PARIS = ZoneInfo("Europe/Paris")
T1 = datetime(2024, 2, 1, 12, 0, tzinfo=UTC)
T2 = T1 + timedelta(days=1)
TEXT = "Vendredi 26 janvier, une attaque a tué trois civils. La nuit suivante, les combats ont repris."


def _doc(doc_id: str = "d0c0000000000001", key: str = "wire:1", text: str = TEXT) -> Document:
    return Document(doc_id=doc_id, article_key=key, text=text, lang="fr",
                    published=datetime(2024, 1, 28, 14, 5, tzinfo=PARIS), tz="Europe/Paris",
                    title="Attaque", source="wire", source_id="1", content_hash="c" * 64, origin="x.jsonl:1")


def _analysis(doc: Document | None = None, timex_text: str | None = "Vendredi 26 janvier") -> Analysis:
    doc = doc or _doc()
    night = doc.text.index("La nuit suivante")
    t1 = Timex(tid="t1", text=timex_text, char_start=0, char_end=19, sent_idx=0, type="DATE",
               value="2024-01-26", mod=None, earliest=datetime(2024, 1, 26, tzinfo=PARIS),
               latest=datetime(2024, 1, 27, tzinfo=PARIS), grain="day", anchor="DCT",
               anchor_kind="deictic", rule="fr.weekday_day_month", status="resolved")
    t2 = Timex(tid="t2", text="La nuit suivante", char_start=night, char_end=night + 16, sent_idx=1,
               type="TIME", value="2024-01-26TNI", mod=None,
               earliest=datetime(2024, 1, 26, 18, tzinfo=PARIS), latest=datetime(2024, 1, 27, 6, tzinfo=PARIS),
               grain="part_of_day", anchor="t1", anchor_kind="anaphoric", rule="fr.night_after",
               status="resolved", day_window="night 18:00-06:00")
    attack = doc.text.index("attaque")
    event = Event(eid="e1", sent_idx=0, trigger="attaque", trigger_start=attack, trigger_end=attack + 7,
                  event_type="violence_against_civilians", sub_event_type="attack", polarity="positive",
                  modality="asserted",
                  actors=(ActorRef(role="actor2", name="Civilians", surface="civils", actor_id="civilians",
                                   actor_type="civilians", char_start=45, char_end=51),
                          ActorRef(role="actor1", name="Unknown group", surface="une attaque", actor_id=None,
                                   actor_type=None, matched=False)),
                  fatalities_low=3, fatalities_best=3, fatalities_high=3, fatalities_text="trois civils",
                  tid="t1", time_attach="clause", earliest=t1.earliest, latest=t1.latest, time_precision=1,
                  confidence=0.8, sources=(FieldSource("date", "Vendredi 26 janvier", 0, 19),))
    sentences = (Sentence(0, 0, night - 1), Sentence(1, night, len(doc.text)))
    return Analysis(document=doc, sentences=sentences, timexes=(t1, t2), events=(event,))


@pytest.fixture()
def con(tmp_path):
    c = connect(tmp_path / "t.duckdb")
    migrate(c, T1)
    yield c
    c.close()


def test_migrate_applies_every_schema_file_once_and_is_idempotent(tmp_path):
    files = sorted(p.name for p in paths.schema_dir().glob("*.sql"))
    c = connect(tmp_path / "db.duckdb")
    assert migrate(c, T1) == files
    assert migrate(c, T2) == []
    recorded = c.execute("SELECT filename FROM schema_migrations ORDER BY filename").fetchall()
    assert [r[0] for r in recorded] == files
    c.close()
    c = connect(tmp_path / "db.duckdb")  # a new connection sees an up-to-date schema
    assert migrate(c, T2) == []
    c.close()


def test_an_edited_applied_migration_is_refused_with_the_fix(tmp_path, monkeypatch):
    schema = tmp_path / "schema"
    shutil.copytree(paths.schema_dir(), schema)
    monkeypatch.setattr(paths, "schema_dir", lambda: schema)
    c = connect(tmp_path / "db.duckdb")
    migrate(c, T1)
    edited = schema / "002_timexes.sql"
    edited.write_text(edited.read_text() + "\n-- an afterthought\n")
    with pytest.raises(SchemaError) as err:
        migrate(c, T2)
    following = max(int(p.name[:3]) for p in schema.glob("*.sql")) + 1
    assert str(err.value) == ("schema/002_timexes.sql was edited after it was applied to this database; "
                              f"add a new numbered file (e.g. schema/{following:03d}_...sql) instead")


def test_a_new_numbered_file_is_applied_alone(tmp_path, monkeypatch):
    schema = tmp_path / "schema"
    shutil.copytree(paths.schema_dir(), schema)
    monkeypatch.setattr(paths, "schema_dir", lambda: schema)
    c = connect(tmp_path / "db.duckdb")
    migrate(c, T1)
    (schema / "999_notes.sql").write_text("CREATE TABLE notes (doc_id VARCHAR, note VARCHAR);\n")
    assert migrate(c, T2) == ["999_notes.sql"]
    assert c.execute("SELECT count(*) FROM notes").fetchone() == (0,)


def test_a_failing_migration_leaves_nothing_behind(tmp_path, monkeypatch):
    schema = tmp_path / "schema"
    shutil.copytree(paths.schema_dir(), schema)
    (schema / "999_broken.sql").write_text("CREATE TABLE half (x INT);\nCREATE TABLE oops (;\n")
    monkeypatch.setattr(paths, "schema_dir", lambda: schema)
    c = connect(tmp_path / "db.duckdb")
    with pytest.raises(SchemaError, match="schema/999_broken.sql failed"):
        migrate(c, T1)
    tables = {r[0] for r in c.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "half" not in tables and "document_versions" in tables
    assert "999_broken.sql" not in {r[0] for r in c.execute("SELECT filename FROM schema_migrations").fetchall()}


def test_read_only_connect_to_a_missing_file_says_how_to_create_it(tmp_path):
    with pytest.raises(DatabaseError) as err:
        connect(tmp_path / "nope.duckdb", read_only=True)
    assert "evdb ingest" in err.value.hint and "evdb init" in err.value.hint
    assert not (tmp_path / "nope.duckdb").exists()


def test_connections_run_in_utc(con):
    assert con.execute("SELECT current_setting('TimeZone')").fetchone() == ("UTC",)


def test_loader_arrow_schemas_come_from_duckdb_with_tz_aware_timestamps(con):
    loader = Loader(con)
    timexes = loader.schema("timex_versions")
    assert timexes.field("earliest").type == pa.timestamp("us", tz="UTC")
    assert timexes.field("earliest_local").type == pa.timestamp("us")
    assert "recorded_to" not in timexes.names  # defaulted to 'infinity' by the table
    documents = loader.schema("document_versions")
    assert documents.field("published").type == pa.timestamp("us", tz="UTC")
    assert documents.field("doc_id").type == pa.string()


def test_analysis_rows_land_in_every_table_with_ids_local_times_and_sentences(con):
    result = Loader(con).load([_analysis()], T1)
    assert result.outcomes == ("new",)
    assert result.inserted == {"document_versions": 1, "timex_versions": 2, "event_versions": 1,
                               "event_actor_versions": 2, "event_source_versions": 1}
    t = con.execute("SELECT timex_id, anchor, earliest, earliest_local, latest_local, day_window "
                    "FROM timexes WHERE tid = 't2'").fetchone()
    assert t[0] == "d0c0000000000001:t2"
    assert t[1] == "d0c0000000000001:t1"            # anchor tid -> timex_id
    assert t[2] == datetime(2024, 1, 26, 17, tzinfo=UTC)  # 18:00 Paris as an instant
    assert t[3] == datetime(2024, 1, 26, 18)         # wall clock in the document's zone
    assert t[4] == datetime(2024, 1, 27, 6)
    assert t[5] == "night 18:00-06:00"
    e = con.execute("SELECT event_id, timex_id, time_text, time_value, actor1, actor2, actor2_id, fatalities, "
                    "sentence, earliest_local FROM events").fetchone()
    assert e == ("d0c0000000000001:e1", "d0c0000000000001:t1", "Vendredi 26 janvier", "2024-01-26",
                 "Unknown group", "Civilians", "civilians", 3,
                 "Vendredi 26 janvier, une attaque a tué trois civils.", datetime(2024, 1, 26))
    actors = con.execute("SELECT role, matched, char_start FROM event_actors ORDER BY role").fetchall()
    assert actors == [("actor1", False, None), ("actor2", True, 45)]
    assert con.execute("SELECT field, text FROM event_sources").fetchall() == [("date", "Vendredi 26 janvier")]
    back = con.sql("SELECT earliest FROM timex_versions").to_arrow_table()
    assert back.schema.field("earliest").type.tz == "UTC"


def test_a_failing_batch_is_rolled_back_entirely(con):
    good = _analysis()
    bad = _analysis(_doc("d0c0000000000002", "wire:2"), timex_text=None)  # NOT NULL violation
    with pytest.raises(DatabaseError, match="nothing of this batch|could not store"):
        Loader(con).load([good, bad], T1)
    for table in VERSIONED_TABLES:
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table


def test_rows_that_drift_from_the_schema_are_refused(con, monkeypatch):
    from evdb.store import load, rows

    def drifted(analysis, change, now):
        out = rows.analysis_rows(analysis, change, now)
        out["document_versions"][0]["headline"] = "x"
        return out

    monkeypatch.setattr(load, "analysis_rows", drifted)
    with pytest.raises(SchemaError, match="unknown: headline"):
        Loader(con).load([_analysis()], T1)


def test_set_as_of_switches_the_views_between_now_and_then(con):
    Loader(con).load([_analysis()], T1)
    con.execute("UPDATE document_versions SET recorded_to = ?", [T2])
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    set_as_of(con, T1 + timedelta(hours=1))
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    set_as_of(con, T1 - timedelta(seconds=1))
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    set_as_of(con, None)
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    with pytest.raises(DatabaseError, match="no time zone"):
        set_as_of(con, datetime(2024, 2, 1))


def test_cli_init_creates_then_reports_up_to_date(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from evdb.cli import cli
    from evdb.cli._common import AppContext

    monkeypatch.setattr(AppContext, "now", staticmethod(lambda: T1))
    db = str(tmp_path / "new.duckdb")
    first = CliRunner().invoke(cli, ["--db", db, "init"])
    assert first.exit_code == 0 and first.stdout == ""
    assert first.stderr == f"{db}: applied {', '.join(sorted(p.name for p in paths.schema_dir().glob('*.sql')))}\n"
    again = CliRunner().invoke(cli, ["--db", db, "init"])
    assert (again.exit_code, again.stderr) == (0, f"{db}: schema up to date\n")
    c = connect(db, read_only=True)
    assert {r[0] for r in c.execute("SELECT DISTINCT applied_at FROM schema_migrations").fetchall()} == {T1}
    c.close()
