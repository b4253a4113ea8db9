-- title = "Fatalities by place and month (low / best / high)"
-- description = """
-- Reported fatalities per country, admin1, location and month of the event (local time), with the
-- low, best and high figures summed. A missing low or best takes the other and a missing high
-- ("at least 12") takes the best, so low <= best <= high on every row. An event whose date interval
-- spans two months is shown with month = 'spans months' rather than pinned to one of them.
-- """
-- [params]
-- country = { type = "text", help = "only this country (as stored, e.g. Mali)" }
-- from = { type = "date", help = "events possibly on or after this day" }
-- to = { type = "date", help = "events possibly on or before this day" }
SELECT e.country,
       e.admin1,
       e.location,
       CASE
         WHEN e.earliest_local IS NULL OR e.latest_local IS NULL THEN 'undated'
         WHEN date_trunc('month', e.earliest_local) = date_trunc('month', e.latest_local - INTERVAL 1 SECOND)
           THEN strftime(e.earliest_local, '%Y-%m')
         ELSE 'spans months'
       END                                         AS month,
       count(*)                                    AS events,
       sum(coalesce(e.fatalities_low, e.fatalities))                    AS fatalities_low,
       sum(coalesce(e.fatalities, e.fatalities_low))                    AS fatalities_best,
       sum(coalesce(e.fatalities_high, e.fatalities, e.fatalities_low)) AS fatalities_high,
       count(*) FILTER (WHERE e.fatalities IS NULL) AS events_without_count
FROM event_facts AS e
WHERE ($country IS NULL OR lower(e.country) = lower($country))
  AND ($from IS NULL OR e.latest_local > $from)
  AND ($to IS NULL OR e.earliest_local < CAST($to AS DATE) + INTERVAL 1 DAY)
GROUP BY ALL
ORDER BY month, fatalities_best DESC NULLS LAST, e.country, e.admin1, e.location;
