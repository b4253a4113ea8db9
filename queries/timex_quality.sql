-- title = "Temporal expressions by rule, status and grain"
-- description = """
-- How the temporal engine did: expressions per language, rule, status, grain and anchor kind, with
-- the number of articles and one example. Rules with many unresolved rows are the ones to fix.
-- """
-- [params]
-- lang = { type = "text", choices = ["fr", "en"], help = "only articles in this language" }
SELECT d.lang,
       coalesce(t.rule, '(none)')    AS rule,
       t.status,
       coalesce(t.grain, '-')        AS grain,
       coalesce(t.anchor_kind, '-')  AS anchor_kind,
       count(*)                      AS expressions,
       count(DISTINCT t.doc_id)      AS documents,
       min(t.text)                   AS example
FROM timexes AS t
JOIN documents AS d ON d.doc_id = t.doc_id
WHERE ($lang IS NULL OR d.lang = $lang)
GROUP BY ALL
ORDER BY expressions DESC, d.lang, rule, t.status;
