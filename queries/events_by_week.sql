-- title = "Events per ISO week by type (certain / possible / expected)"
-- description = """
-- Events per ISO week (local time of the article) and type. An event dated by an interval counts
-- as certain in a week when its whole interval lies inside the week, possible when the interval
-- touches the week, and adds the share of its interval inside the week to expected. Events with
-- vague or coarse dates (time_precision above max_precision) are left out.
-- """
-- [params]
-- from = { type = "date", help = "first day shown (weeks ending after it); all when omitted" }
-- to = { type = "date", help = "last day shown (weeks starting on or before it); all when omitted" }
-- event_type = { type = "text", help = "only this event type (battle, explosion ...)" }
-- max_precision = { type = "integer", default = 2, choices = [1, 2, 3], help = "ACLED time precision kept: 1 day, 2 week, 3 month" }
WITH dated AS (
  SELECT e.event_type, e.earliest_local AS s, e.latest_local AS f
  FROM event_facts AS e
  WHERE e.earliest_local IS NOT NULL
    AND e.latest_local IS NOT NULL
    AND coalesce(e.time_precision, 5) <= $max_precision
    AND ($event_type IS NULL OR e.event_type = $event_type)
),
starts AS (
  SELECT unnest(generate_series(date_trunc('week', min(dated.s)), max(dated.f), INTERVAL 7 DAY)) AS week_start
  FROM dated
),
weeks AS (
  SELECT starts.week_start, starts.week_start + INTERVAL 7 DAY AS week_end FROM starts
)
SELECT strftime(w.week_start, '%G-W%V')                                    AS iso_week,
       CAST(w.week_start AS DATE)                                          AS week_start,
       d.event_type,
       count(*) FILTER (WHERE certainly_within(d.s, d.f, w.week_start, w.week_end)) AS certain,
       count(*)                                                            AS possible,
       round(sum(overlap_share(d.s, d.f, w.week_start, w.week_end)), 2)    AS expected
FROM weeks AS w
JOIN dated AS d ON intersects(d.s, d.f, w.week_start, w.week_end)
WHERE ($from IS NULL OR w.week_end > $from)
  AND ($to IS NULL OR w.week_start <= $to)
GROUP BY w.week_start, d.event_type
ORDER BY w.week_start, d.event_type;
