-- title = "New events by type"
-- description = "Events that entered the database in a recording window (e.g. since the last report run), by type, with fatalities low/best/high."
-- [params]
-- recorded_since = { type = "timestamptz", required = true, help = "first recording time included", example = "2024-01-25T00:00:00Z" }
-- recorded_until = { type = "timestamptz", required = true, help = "recording time excluded (end of the window)", example = "2024-01-26T00:00:00Z" }
SELECT e.event_type,
       count(*)               AS events,
       sum(e.fatalities_low)  AS fatalities_low,
       sum(e.fatalities)      AS fatalities_best,
       sum(e.fatalities_high) AS fatalities_high
FROM events AS e
WHERE e.recorded_from >= $recorded_since AND e.recorded_from < $recorded_until
  AND e.polarity = 'positive'
GROUP BY e.event_type
ORDER BY events DESC, e.event_type;
