-- title = "New events by actor"
-- description = "Actors of the events that entered the database in a recording window, by role, with fatalities low/best/high of those events."
-- [params]
-- recorded_since = { type = "timestamptz", required = true, help = "first recording time included", example = "2024-01-25T00:00:00Z" }
-- recorded_until = { type = "timestamptz", required = true, help = "recording time excluded (end of the window)", example = "2024-01-26T00:00:00Z" }
SELECT a.name                 AS actor,
       a.role,
       count(DISTINCT e.event_id) AS events,
       sum(e.fatalities_low)  AS fatalities_low,
       sum(e.fatalities)      AS fatalities_best,
       sum(e.fatalities_high) AS fatalities_high
FROM events AS e
JOIN event_actors AS a ON a.event_id = e.event_id
WHERE e.recorded_from >= $recorded_since AND e.recorded_from < $recorded_until
  AND e.polarity = 'positive'
GROUP BY a.name, a.role
ORDER BY events DESC, actor, a.role;
