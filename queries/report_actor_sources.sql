-- title = "One actor: sources"
-- description = "Documents that report events involving an actor in a window: source, publication time, title and how many of the actor's events each reports."
-- [params]
-- actor = { type = "text", required = true, help = "actor name (substring, case-insensitive)", example = "JNIM" }
-- since = { type = "timestamptz", required = true, help = "start of the window", example = "2024-01-01T00:00:00Z" }
-- until = { type = "timestamptz", required = true, help = "end of the window (excluded)", example = "2024-02-01T00:00:00Z" }
SELECT d.source,
       d.published,
       d.title,
       d.lang,
       count(DISTINCT e.event_id) AS events,
       d.doc_id
FROM event_facts AS e
JOIN documents AS d ON d.doc_id = e.doc_id
WHERE intersects(e.earliest, e.latest, $since, $until)
  AND EXISTS (SELECT 1 FROM event_actors AS a
              WHERE a.event_id = e.event_id
                AND (a.name ILIKE '%' || $actor || '%' OR a.surface ILIKE '%' || $actor || '%'))
GROUP BY d.source, d.published, d.title, d.lang, d.doc_id
ORDER BY d.published, d.doc_id;
