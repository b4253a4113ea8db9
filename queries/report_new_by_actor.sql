-- title = "New events by actor"
-- description = "Actors of the events that entered the database in a recording window, by role, with fatalities low/best/high of those events (a missing low or best takes the other; a missing high takes the best)."
-- [params]
-- recorded_since = { type = "timestamptz", required = true, help = "first recording time included", example = "2024-01-25T00:00:00Z" }
-- recorded_until = { type = "timestamptz", required = true, help = "recording time excluded (end of the window)", example = "2024-01-26T00:00:00Z" }
SELECT a.name                 AS actor,
       a.role,
       count(DISTINCT e.event_id) AS events,
       sum(coalesce(e.fatalities_low, e.fatalities)) AS fatalities_low,
       sum(coalesce(e.fatalities, e.fatalities_low)) AS fatalities_best,
       sum(coalesce(e.fatalities_high, e.fatalities, e.fatalities_low)) AS fatalities_high
FROM event_facts AS e
JOIN event_actors AS a ON a.event_id = e.event_id
WHERE e.recorded_from >= $recorded_since AND e.recorded_from < $recorded_until
GROUP BY a.name, a.role
ORDER BY events DESC, actor, a.role;
