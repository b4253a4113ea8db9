-- title = "New events by place"
-- description = "Events that entered the database in a recording window, by country, region and place, with fatalities low/best/high (a missing low or best takes the other; a missing high takes the best)."
-- [params]
-- recorded_since = { type = "timestamptz", required = true, help = "first recording time included", example = "2024-01-25T00:00:00Z" }
-- recorded_until = { type = "timestamptz", required = true, help = "recording time excluded (end of the window)", example = "2024-01-26T00:00:00Z" }
SELECT e.country,
       e.admin1,
       e.location,
       count(*)               AS events,
       sum(coalesce(e.fatalities_low, e.fatalities)) AS fatalities_low,
       sum(coalesce(e.fatalities, e.fatalities_low)) AS fatalities_best,
       sum(coalesce(e.fatalities_high, e.fatalities, e.fatalities_low)) AS fatalities_high
FROM event_facts AS e
WHERE e.recorded_from >= $recorded_since AND e.recorded_from < $recorded_until
GROUP BY e.country, e.admin1, e.location
ORDER BY events DESC, e.country NULLS LAST, e.admin1 NULLS LAST, e.location NULLS LAST;
