-- title = "Timeline of one actor"
-- description = """
-- Every event where the actor appears as actor1, actor2 or any listed actor (canonical name or the
-- words of the text; case-insensitive substring), in date order, with the article it came from.
-- """
-- [params]
-- actor = { type = "text", required = true, example = "Islamic State", help = "part of the actor's name or alias" }
WITH hits AS (
  SELECT e.event_id FROM events AS e
  WHERE contains(lower(coalesce(e.actor1, '')), lower($actor))
     OR contains(lower(coalesce(e.actor2, '')), lower($actor))
  UNION
  SELECT a.event_id FROM event_actors AS a
  WHERE contains(lower(a.name), lower($actor))
     OR contains(lower(coalesce(a.surface, '')), lower($actor))
)
SELECT e.earliest_local AS earliest,
       e.latest_local   AS latest,
       e.time_text,
       e.event_type,
       e.actor1,
       e.actor2,
       e.location,
       e.country,
       e.fatalities,
       d.title,
       d.published
FROM events AS e
JOIN hits AS h ON h.event_id = e.event_id
JOIN documents AS d ON d.doc_id = e.doc_id
ORDER BY e.earliest NULLS LAST, d.published, e.trigger_start;
