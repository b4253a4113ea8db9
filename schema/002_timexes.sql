-- evdb schema 002: temporal expressions (TIMEX3-like) found in documents, with resolved intervals.
-- One row per expression per document version. Unresolved expressions are rows too (status,
-- reason), never dropped.

CREATE TABLE IF NOT EXISTS timex_versions (
  timex_id      VARCHAR NOT NULL,     -- "<doc_id>:t<n>"
  doc_id        VARCHAR NOT NULL,
  tid           VARCHAR NOT NULL,     -- "t<n>", order of appearance in the document
  sent_idx      INTEGER,              -- sentence index (0-based)
  char_start    INTEGER NOT NULL,     -- [char_start, char_end) into document text
  char_end      INTEGER NOT NULL,
  text          VARCHAR NOT NULL,     -- surface: 'vendredi 26 janvier', 'la nuit suivante'
  timex_type    VARCHAR,              -- DATE | TIME | DURATION | SET
  value         VARCHAR,              -- TIMEX3 value: 2018-01-26, 2018-01-26TNI, 2018-W05, P3D, XXXX-WXX-5, PAST_REF
  mod           VARCHAR,              -- TIMEX3 mod: START | MID | END | APPROX | BEFORE | AFTER ...
  earliest      TIMESTAMPTZ,          -- inclusive start of the honest interval; NULL = open or unresolved
  latest        TIMESTAMPTZ,          -- exclusive end; NULL = open or unresolved
  earliest_local TIMESTAMP,           -- the same bounds as wall-clock time in the document's zone
  latest_local   TIMESTAMP,
  grain         VARCHAR,              -- minute|hour|part_of_day|day|weekend|week|month|season|quarter|year|decade|century|unbounded
  anchor        VARCHAR,              -- 'DCT', the timex_id it was anchored to (usually the previous expression; a bare clock
                                      -- time before a day, '4 h mardi', takes that day), or 'none'
  anchor_kind   VARCHAR,              -- absolute | deictic (publication time) | anaphoric (previous mention) | none
  rule          VARCHAR,              -- the rule that produced it: 'fr.part_of_day_relative_after'
  status        VARCHAR NOT NULL,     -- resolved | ambiguous | unresolved
  reason        VARCHAR,              -- why it is ambiguous or unresolved
  day_window    VARCHAR,              -- part-of-day window used ('night 18:00-06:00'), if any
  -- a range ('du 3 au 5 mars', 'from 9am to 11am') is two rows, one per bound, each with its own
  -- value and interval; both name the other and carry the whole range [first start, last end)
  range_partner VARCHAR,              -- timex_id of the other bound; NULL when not a range bound
  range_start   TIMESTAMPTZ,          -- the whole range; NULL when not a bound or a bound is unresolved
  range_end     TIMESTAMPTZ,
  range_start_local TIMESTAMP,        -- the same as wall-clock time in the document's zone
  range_end_local   TIMESTAMP,
  recorded_from TIMESTAMPTZ NOT NULL,
  recorded_to   TIMESTAMPTZ NOT NULL DEFAULT 'infinity'
);
