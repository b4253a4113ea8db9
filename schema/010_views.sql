-- evdb schema 010: the views analysts query.
--
-- `documents`, `timexes`, `events`, `event_actors` and `event_sources` show the current rows.
-- When the session variable `evdb_as_of` is set (what `--as-of TIMESTAMP` does), they show the
-- rows the database held at that time instead, so every saved query answers "what did we believe
-- then" without change.

CREATE OR REPLACE MACRO evdb_visible(rf, rt) AS
  CASE WHEN getvariable('evdb_as_of') IS NULL THEN rt = 'infinity'::TIMESTAMPTZ
       ELSE rf <= CAST(getvariable('evdb_as_of') AS TIMESTAMPTZ)
        AND CAST(getvariable('evdb_as_of') AS TIMESTAMPTZ) < rt END;

-- Interval helpers, half-open [s, e).
CREATE OR REPLACE MACRO intersects(s1, e1, s2, e2) AS s1 < e2 AND s2 < e1;
CREATE OR REPLACE MACRO certainly_within(s1, e1, s2, e2) AS s1 >= s2 AND e1 <= e2;
-- Share of [s1, e1) that lies inside [s2, e2): the "expected" count of an uncertain event.
CREATE OR REPLACE MACRO overlap_share(s1, e1, s2, e2) AS
  CASE WHEN e1 <= s1 THEN NULL
       ELSE greatest(0, epoch(least(e1, e2)) - epoch(greatest(s1, s2))) / (epoch(e1) - epoch(s1)) END;

CREATE OR REPLACE VIEW documents AS
  SELECT doc_id, article_key, source, source_id, url, title, lang, published, tz, text,
         content_hash, origin, change, recorded_from, recorded_to
  FROM document_versions WHERE evdb_visible(recorded_from, recorded_to);

CREATE OR REPLACE VIEW timexes AS
  SELECT * FROM timex_versions WHERE evdb_visible(recorded_from, recorded_to);

CREATE OR REPLACE VIEW events AS
  SELECT * FROM event_versions WHERE evdb_visible(recorded_from, recorded_to);

CREATE OR REPLACE VIEW event_actors AS
  SELECT * FROM event_actor_versions WHERE evdb_visible(recorded_from, recorded_to);

CREATE OR REPLACE VIEW event_sources AS
  SELECT * FROM event_source_versions WHERE evdb_visible(recorded_from, recorded_to);
