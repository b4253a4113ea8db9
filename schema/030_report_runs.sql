-- evdb schema 030: report runs, so a report can be reproduced and `--since last-run` knows where
-- the previous successful run stopped.
--
-- One row per `evdb report` invocation, written when the run ends (ok or failed). Nothing else
-- writes here; rows are never updated.

CREATE TABLE IF NOT EXISTS report_runs (
  run_id        VARCHAR NOT NULL,     -- sha256(report | params | started_at), 16 hex chars: stable for the same inputs
  report        VARCHAR NOT NULL,     -- report name (file stem of reports/<name>.toml)
  params        JSON,                 -- every parameter as resolved for this run (strings), sorted by key
  since         TIMESTAMPTZ,          -- start of the report window (NULL = from the beginning)
  "until"       TIMESTAMPTZ,          -- end of the window (exclusive); the run's reference time by default
  as_of         TIMESTAMPTZ,          -- --as-of system time the database was read at (NULL = current rows)
  started_at    TIMESTAMPTZ NOT NULL, -- the run's reference time ("now" passed by the CLI)
  finished_at   TIMESTAMPTZ NOT NULL, -- when the run ended (same clock as started_at)
  status        VARCHAR NOT NULL,     -- ok | failed
  row_counts    JSON,                 -- {"section id": rows, ...} for the sections that ran
  output_path   VARCHAR,              -- absolute path of the file written (NULL when failed)
  output_sha256 VARCHAR,              -- sha256 of the file written (hex)
  evdb_version  VARCHAR NOT NULL,
  error         VARCHAR               -- the error message of a failed run
);
