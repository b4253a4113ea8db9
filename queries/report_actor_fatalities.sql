-- title = "One actor: events and fatalities by week"
-- description = "Events involving an actor (name or alias, as actor1, actor2 or associate) whose date interval intersects a window, by ISO week and type, with fatalities low/best/high (a missing low or best takes the other; a missing high takes the best)."
-- [params]
-- actor = { type = "text", required = true, help = "actor name (substring, case-insensitive)", example = "JNIM" }
-- since = { type = "timestamptz", required = true, help = "start of the window", example = "2024-01-01T00:00:00Z" }
-- until = { type = "timestamptz", required = true, help = "end of the window (excluded)", example = "2024-02-01T00:00:00Z" }
SELECT date_trunc('week', e.earliest) AS week,
       e.event_type,
       count(*)               AS events,
       sum(coalesce(e.fatalities_low, e.fatalities)) AS fatalities_low,
       sum(coalesce(e.fatalities, e.fatalities_low)) AS fatalities_best,
       sum(coalesce(e.fatalities_high, e.fatalities, e.fatalities_low)) AS fatalities_high
FROM event_facts AS e
WHERE intersects(e.earliest, e.latest, $since, $until)
  AND EXISTS (SELECT 1 FROM event_actors AS a
              WHERE a.event_id = e.event_id
                AND (a.name ILIKE '%' || $actor || '%' OR a.surface ILIKE '%' || $actor || '%'))
GROUP BY week, e.event_type
ORDER BY week, e.event_type;
