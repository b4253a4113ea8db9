-- evdb schema 003: events (who did what to whom, where, when, how many killed), with provenance.

CREATE TABLE IF NOT EXISTS event_versions (
  event_id        VARCHAR NOT NULL,   -- "<doc_id>:e<n>"
  doc_id          VARCHAR NOT NULL,
  sent_idx        INTEGER,
  event_type      VARCHAR NOT NULL,   -- evdb taxonomy (see event_taxonomy): battle, explosion, violence_against_civilians ...
  sub_event_type  VARCHAR,
  trigger         VARCHAR NOT NULL,   -- trigger words as written: 'ont été tués', 'bombardement'
  trigger_start   INTEGER NOT NULL,
  trigger_end     INTEGER NOT NULL,
  polarity        VARCHAR NOT NULL,   -- positive | negative ("n'a pas été tué")
  modality        VARCHAR NOT NULL,   -- asserted | hypothetical ("pourrait attaquer") | reported
  actor1          VARCHAR,            -- who acted (canonical name when matched)
  actor1_id       VARCHAR,
  actor2          VARCHAR,            -- target
  actor2_id       VARCHAR,
  location        VARCHAR,            -- place name (canonical)
  place_id        VARCHAR,
  country         VARCHAR,
  admin1          VARCHAR,
  admin2          VARCHAR,
  latitude        DOUBLE,
  longitude       DOUBLE,
  geo_precision   SMALLINT,           -- ACLED-like: 1 exact town, 2 near / part of region, 3 province
  fatalities      INTEGER,            -- best estimate
  fatalities_low  INTEGER,
  fatalities_high INTEGER,
  fatalities_text VARCHAR,            -- the words the count was read from
  timex_id        VARCHAR,            -- the expression that dated the event
  time_text       VARCHAR,            -- its words; for a bound of a range, the range's ('3 au 5 mars')
  time_value      VARCHAR,            -- TIMEX3 value of that expression; for a range, 'first/last' ('2018-03-03/2018-03-05')
  time_attach     VARCHAR,            -- clause | previous | document (publication date, coarse)
  earliest        TIMESTAMPTZ,        -- [earliest, latest): when the event possibly happened
  latest          TIMESTAMPTZ,
  earliest_local  TIMESTAMP,
  latest_local    TIMESTAMP,
  time_precision  SMALLINT,           -- ACLED: 1 day, 2 week, 3 month (4 year, 5 coarser)
  sentence        VARCHAR,            -- the sentence the event was read from
  confidence      DOUBLE,
  notes           VARCHAR,            -- how time/place were settled (clipping, open interval)
  recorded_from   TIMESTAMPTZ NOT NULL,
  recorded_to     TIMESTAMPTZ NOT NULL DEFAULT 'infinity'
);

-- Every actor of an event, with its role and where it was read.
CREATE TABLE IF NOT EXISTS event_actor_versions (
  event_id      VARCHAR NOT NULL,
  doc_id        VARCHAR NOT NULL,
  role          VARCHAR NOT NULL,     -- actor1 | actor2 | assoc_actor_1 | assoc_actor_2
  name          VARCHAR NOT NULL,     -- canonical name, or the surface when unmatched
  surface       VARCHAR,
  actor_id      VARCHAR,
  actor_type    VARCHAR,              -- state_forces | rebel_group | jihadist_group | civilians | ...
  affiliation   VARCHAR,              -- for persons: the group the text ties them to
  matched       BOOLEAN,              -- false: not in the gazetteer (a new actor)
  char_start    INTEGER,
  char_end      INTEGER,
  recorded_from TIMESTAMPTZ NOT NULL,
  recorded_to   TIMESTAMPTZ NOT NULL DEFAULT 'infinity'
);

-- Provenance per field: the words each value came from.
CREATE TABLE IF NOT EXISTS event_source_versions (
  event_id      VARCHAR NOT NULL,
  doc_id        VARCHAR NOT NULL,
  field         VARCHAR NOT NULL,     -- trigger | date | fatalities | actor1 | actor2 | location ...
  text          VARCHAR,
  char_start    INTEGER,
  char_end      INTEGER,
  recorded_from TIMESTAMPTZ NOT NULL,
  recorded_to   TIMESTAMPTZ NOT NULL DEFAULT 'infinity'
);
