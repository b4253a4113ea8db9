-- evdb schema 001: documents.
-- Applied in lexical order by `evdb init` (and by every command that writes); never edit a file
-- once it has been applied to a database: add a new numbered file instead.
--
-- History: rows are never updated in place except to close them. A row is current while
-- recorded_to = 'infinity'; revising or removing an article closes its rows (recorded_to = the
-- time of the change) and, for a revision, inserts the new version's rows. The views in
-- 010_views.sql show current rows, or the rows of `--as-of TIMESTAMP`.

CREATE TABLE IF NOT EXISTS document_versions (
  doc_id        VARCHAR NOT NULL,     -- id of this version: sha256(article_key | content_hash), 16 hex chars
  article_key   VARCHAR NOT NULL,     -- identity across revisions: "source:id", the url, or the content hash
  source        VARCHAR,              -- outlet or feed name ("AFP-like wire", "evdb sample")
  source_id     VARCHAR,              -- the article's id in its source, when given
  url           VARCHAR,
  title         VARCHAR,
  lang          VARCHAR NOT NULL,     -- ISO 639-1: fr, en
  published     TIMESTAMPTZ NOT NULL, -- publication time (the reference time of deictic expressions)
  tz            VARCHAR NOT NULL,     -- IANA time zone of the document ("Europe/Paris"); default UTC
  text          VARCHAR NOT NULL,     -- full text as read (offsets in other tables index this string)
  content_hash  VARCHAR NOT NULL,     -- sha256 of the text (hex)
  origin        VARCHAR,              -- "file:line" the version was read from
  change        VARCHAR NOT NULL,     -- new | revised (a new version of a known article_key)
  recorded_from TIMESTAMPTZ NOT NULL, -- when evdb stored this version (system time)
  recorded_to   TIMESTAMPTZ NOT NULL DEFAULT 'infinity'  -- when it was superseded or removed
);

-- Removals (`evdb rm DOC_ID`) are recorded, not erased: the rows are closed and a line is kept here.
CREATE TABLE IF NOT EXISTS document_removals (
  doc_id      VARCHAR NOT NULL,
  article_key VARCHAR NOT NULL,
  removed_at  TIMESTAMPTZ NOT NULL,
  reason      VARCHAR
);
