-- title = "Events by type"
-- description = "How many events of each type and sub-type, with fatalities (best estimate) and how precisely they are dated."
-- [params]
-- lang = { type = "text", help = "only documents in this language (fr, en); all when omitted", choices = ["fr", "en"] }
SELECT e.event_type,
       e.sub_event_type,
       count(*)                                       AS events,
       count(*) FILTER (WHERE e.time_precision = 1)   AS day_precise,
       count(*) FILTER (WHERE e.earliest IS NULL)     AS undated,
       sum(e.fatalities)                              AS fatalities_best,
       count(DISTINCT e.doc_id)                       AS documents
FROM event_facts AS e
JOIN documents AS d ON d.doc_id = e.doc_id
WHERE ($lang IS NULL OR d.lang = $lang)
GROUP BY e.event_type, e.sub_event_type
ORDER BY events DESC, e.event_type, e.sub_event_type;
