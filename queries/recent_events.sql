-- title = "Events of the last N days"
-- description = """
-- Events whose date interval touches the N days up to and including `until` (local time), newest
-- first, with whether they certainly fall inside that period.
-- """
-- [params]
-- until = { type = "date", default = "today", help = "last day of the period (ISO date, today, or 'last week')" }
-- days = { type = "integer", default = 7, help = "length of the period in days" }
WITH w AS (
  SELECT CAST($until AS TIMESTAMP) + INTERVAL 1 DAY - to_days(CAST($days AS INTEGER)) AS s,
         CAST($until AS TIMESTAMP) + INTERVAL 1 DAY                                AS f
)
SELECT e.earliest_local                                               AS earliest,
       e.latest_local                                                 AS latest,
       certainly_within(e.earliest_local, e.latest_local, w.s, w.f)  AS certainly_inside,
       e.time_text,
       e.event_type,
       e.actor1,
       e.actor2,
       e.location,
       e.country,
       e.fatalities,
       d.title
FROM event_facts AS e
JOIN documents AS d ON d.doc_id = e.doc_id
CROSS JOIN w
WHERE intersects(e.earliest_local, e.latest_local, w.s, w.f)
ORDER BY e.latest_local DESC, e.earliest_local DESC;
