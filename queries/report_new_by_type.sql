-- title = "New events by type"
-- description = "Events that entered the database in a recording window (e.g. since the last report run), by type, with fatalities low/best/high (a missing low or best takes the other; a missing high takes the best)."
-- [params]
-- recorded_since = { type = "timestamptz", required = true, help = "first recording time included", example = "2024-01-25T00:00:00Z" }
-- recorded_until = { type = "timestamptz", required = true, help = "recording time excluded (end of the window)", example = "2024-01-26T00:00:00Z" }
SELECT e.event_type,
       count(*)               AS events,
       sum(coalesce(e.fatalities_low, e.fatalities)) AS fatalities_low,
       sum(coalesce(e.fatalities, e.fatalities_low)) AS fatalities_best,
       sum(coalesce(e.fatalities_high, e.fatalities, e.fatalities_low)) AS fatalities_high
FROM event_facts AS e
WHERE e.recorded_from >= $recorded_since AND e.recorded_from < $recorded_until
GROUP BY e.event_type
ORDER BY events DESC, e.event_type;
