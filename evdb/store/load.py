"""Write analyses into the ``*_versions`` tables, keeping history (columns in, columns out).

For each incoming document version, in input order:

- its ``doc_id`` is already current -> ``unchanged`` (nothing written);
- its ``article_key`` has another current version, and this version was recorded before (an
  older file read again) -> ``unchanged`` too: re-reading a whole corpus never rewinds history.
  To bring back an earlier text on purpose, ``evdb rm`` the current version, then ingest it;
- its ``article_key`` has another current version -> that version's rows are closed in every
  table (``recorded_to = now``) and the new rows inserted -> ``replaced``;
- otherwise its rows are inserted -> ``new``.

A batch is one transaction: rows are turned into one ``pyarrow.Table`` per target table, with
the Arrow schema read from DuckDB itself (so ``schema/*.sql`` stays the source of truth),
registered and inserted with ``INSERT INTO t BY NAME SELECT * FROM batch``. Any error rolls
the whole batch back. When one run holds two versions of the same article, the earlier one is
stored and superseded at the same instant: its system-time interval ``[now, now)`` is empty, so
no as-of time shows it, but the version is known, and reading the same files again is a no-op.

``remove_document`` closes the rows of one document and records the removal; nothing is erased.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

from evdb.errors import DatabaseError, EvdbError, SchemaError
from evdb.model import Analysis, Document
from evdb.store.db import transaction
from evdb.store.rows import DOCUMENTS, VERSIONED_TABLES, PreparedRows, analysis_rows, as_columns

NEW, UNCHANGED, REPLACED = "new", "unchanged", "replaced"

_FIND_HINT = 'list the current documents with: evdb sql "select doc_id, article_key, title from documents"'


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What one batch did: an outcome per input analysis, and the rows inserted per table."""

    outcomes: tuple[str, ...]
    inserted: dict[str, int]


class Loader:
    """Loads batches of analyses into one open, migrated connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._schemas: dict[str, pa.Schema] = {}

    def schema(self, table: str) -> pa.Schema:
        """Arrow schema of ``table`` as DuckDB reports it, without ``recorded_to`` (defaulted)."""
        if table not in self._schemas:
            rel = self.con.sql(f"SELECT * EXCLUDE (recorded_to) FROM {table} LIMIT 0")
            self._schemas[table] = rel.to_arrow_table().schema
        return self._schemas[table]

    def settled(self, docs: Sequence[Document]) -> set[str]:
        """doc_ids of ``docs`` that ``load`` would count as unchanged whatever else the run holds:
        versions already recorded whose article has a current version. Callers may skip
        analysing them (the expensive step); ``load`` stays the one that decides the rest."""
        if not docs:
            return set()
        rows = self.con.execute(
            f"SELECT DISTINCT v.doc_id FROM {DOCUMENTS} v "
            f"WHERE list_contains($ids, v.doc_id) AND EXISTS (SELECT 1 FROM {DOCUMENTS} c "
            "WHERE c.article_key = v.article_key AND c.recorded_to = 'infinity')",
            {"ids": [d.doc_id for d in docs]},
        ).fetchall()
        return {r[0] for r in rows}

    def load(self, analyses: Sequence[Analysis | PreparedRows], now: datetime) -> LoadResult:
        """Load analyses, or their rows already prepared (``rows.prepare_rows``, e.g. by a worker
        process); both give the same rows."""
        if now.tzinfo is None:
            raise ValueError("`now` must be tz-aware")
        prepared = [a if isinstance(a, PreparedRows) else as_columns(a, analysis_rows(a, "", None)) for a in analyses]
        try:
            with transaction(self.con):
                return self._load(prepared, now)
        except duckdb.Error as exc:
            first = prepared[0].origin if prepared else "?"
            raise DatabaseError(
                f"could not store the batch starting at {first}: {str(exc).strip().splitlines()[0]}",
                hint="nothing of this batch was written; earlier batches were kept",
            ) from exc

    def _load(self, analyses: Sequence[PreparedRows], now: datetime) -> LoadResult:
        current_ids, current_by_key, seen = self._state(
            [d.doc_id for d in analyses], [d.article_key for d in analyses])
        to_close: set[str] = set()
        pending: dict[str, PreparedRows] = {}  # doc_id -> rows to insert, in input order
        changes: dict[str, str] = {}
        outcomes: list[str] = []
        for d in analyses:
            if d.doc_id in current_ids:
                outcomes.append(UNCHANGED)
                continue
            old = current_by_key.get(d.article_key)
            if old is not None and d.doc_id in seen:   # an earlier version read again
                outcomes.append(UNCHANGED)
                continue
            seen.add(d.doc_id)
            if old is not None:
                current_ids.discard(old)
                to_close.add(old)       # possibly inserted by this very batch: closed after the insert
                outcomes.append(REPLACED)
            else:
                outcomes.append(NEW)
            changes[d.doc_id] = "revised" if old is not None else "new"
            current_ids.add(d.doc_id)
            current_by_key[d.article_key] = d.doc_id
            pending[d.doc_id] = d
        inserted = self._insert(list(pending.values()), changes, now)
        if to_close:
            self._close(sorted(to_close), now)
        return LoadResult(tuple(outcomes), inserted)

    def _state(self, doc_ids: list[str], keys: list[str]) -> tuple[set[str], dict[str, str], set[str]]:
        """Current doc_ids and article_keys among the batch's, and the batch's doc_ids ever recorded."""
        rows = self.con.execute(
            f"SELECT doc_id, article_key, recorded_to = 'infinity' FROM {DOCUMENTS} "
            "WHERE list_contains($ids, doc_id) OR (recorded_to = 'infinity' AND list_contains($keys, article_key))",
            {"ids": doc_ids, "keys": keys},
        ).fetchall()
        current = [r for r in rows if r[2]]
        return {r[0] for r in current}, {r[1]: r[0] for r in current}, {r[0] for r in rows}

    def _close(self, doc_ids: list[str], now: datetime) -> None:
        for table in VERSIONED_TABLES:
            self.con.execute(
                f"UPDATE {table} SET recorded_to = $now "
                "WHERE recorded_to = 'infinity' AND list_contains($ids, doc_id)",
                {"now": now, "ids": doc_ids},
            )

    def _insert(self, analyses: list[PreparedRows], changes: dict[str, str], now: datetime) -> dict[str, int]:
        counts = {}
        for table in VERSIONED_TABLES:
            columns: dict[str, list] = {}
            for d in analyses:
                for name, values in d.columns[table].items():
                    columns.setdefault(name, []).extend(values)
            n = len(next(iter(columns.values()))) if columns else 0
            counts[table] = n
            if not n:
                continue
            if table == DOCUMENTS:
                columns["change"] = [changes[d.doc_id] for d in analyses]
            columns["recorded_from"] = [now] * n
            schema = self.schema(table)
            _check_columns(table, columns, schema)
            batch = pa.Table.from_pydict({name: columns[name] for name in schema.names}, schema=schema)
            name = f"evdb_batch_{table}"
            self.con.register(name, batch)
            try:
                self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")
            finally:
                self.con.unregister(name)
        return counts


def _check_columns(table: str, row: dict, schema: pa.Schema) -> None:
    """The rows (a row or the batch's columns) must name exactly the table's columns: a drift
    between code and schema is loud."""
    expected, got = set(schema.names), set(row)
    if expected != got:
        missing, extra = sorted(expected - got), sorted(got - expected)
        raise SchemaError(
            f"{table}: the loader's rows do not match the table's columns "
            f"(not produced: {', '.join(missing) or '-'}; unknown: {', '.join(extra) or '-'})",
            hint="update evdb/store/rows.py together with a new schema/NNN_*.sql file",
        )


@dataclass(frozen=True, slots=True)
class Removal:
    doc_id: str
    article_key: str
    title: str | None


def remove_document(con: duckdb.DuckDBPyConnection, ident: str, now: datetime,
                    reason: str | None = None) -> Removal:
    """Close the current rows of the document ``ident`` (a doc_id, a unique doc_id prefix or an
    article_key) in every table and record the removal in ``document_removals``."""
    rows = con.execute(
        f"SELECT doc_id, article_key, title FROM {DOCUMENTS} WHERE recorded_to = 'infinity' "
        "AND (doc_id = $x OR article_key = $x OR (length($x) >= 4 AND starts_with(doc_id, $x))) "
        "ORDER BY doc_id",
        {"x": ident},
    ).fetchall()
    if not rows:
        past = con.execute(
            f"SELECT count(*) FROM {DOCUMENTS} WHERE doc_id = $x OR article_key = $x", {"x": ident}
        ).fetchone()[0]
        if past:
            raise EvdbError(f"document {ident!r} is not current (it was already replaced or removed)",
                            hint=_FIND_HINT)
        raise EvdbError(f"no document {ident!r} in this database", hint=_FIND_HINT)
    exact = [r for r in rows if ident in (r[0], r[1])]
    if len(exact) == 1:
        rows = exact
    if len(rows) > 1:
        listed = ", ".join(r[0] for r in rows[:10])
        raise EvdbError(f"{ident!r} matches {len(rows)} documents: {listed}",
                        hint="give more characters of the doc_id")
    doc_id, article_key, title = rows[0]
    try:
        with transaction(con):
            for table in VERSIONED_TABLES:
                con.execute(f"UPDATE {table} SET recorded_to = $now "
                            "WHERE recorded_to = 'infinity' AND doc_id = $id", {"now": now, "id": doc_id})
            con.execute("INSERT INTO document_removals (doc_id, article_key, removed_at, reason) "
                        "VALUES ($id, $key, $now, $reason)",
                        {"id": doc_id, "key": article_key, "now": now, "reason": reason})
    except duckdb.Error as exc:
        raise DatabaseError(f"could not remove {doc_id}: {str(exc).strip().splitlines()[0]}") from exc
    return Removal(doc_id, article_key, title)
