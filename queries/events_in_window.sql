-- title = "Events possibly inside a date window (certain / possible / expected)"
-- description = """
-- For each event type, how many events certainly happened inside [from, to] (their whole interval
-- lies inside), possibly happened there (their interval intersects it), and the expected number
-- (the sum of the share of each interval inside the window). Both days are included; times are
-- the articles' local times.
-- """
-- [params]
-- from = { type = "date", required = true, example = "2018-01-01", help = "first day of the window" }
-- to = { type = "date", required = true, example = "2018-01-31", help = "last day of the window (included)" }
WITH w AS (
  SELECT CAST($from AS TIMESTAMP) AS s, CAST($to AS TIMESTAMP) + INTERVAL 1 DAY AS f
)
SELECT e.event_type,
       count(*) FILTER (WHERE certainly_within(e.earliest_local, e.latest_local, w.s, w.f)) AS certain,
       count(*)                                                                          AS possible,
       round(sum(overlap_share(e.earliest_local, e.latest_local, w.s, w.f)), 2)          AS expected,
       sum(e.fatalities) FILTER (WHERE certainly_within(e.earliest_local, e.latest_local, w.s, w.f))
                                                                                         AS fatalities_certain,
       sum(e.fatalities)                                                                 AS fatalities_possible
FROM event_facts AS e
CROSS JOIN w
WHERE intersects(e.earliest_local, e.latest_local, w.s, w.f)
GROUP BY e.event_type
ORDER BY possible DESC, e.event_type;
