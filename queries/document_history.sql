-- title = "Article history: versions, revisions and removals"
-- description = """
-- Every stored version of the articles that were revised or removed (all articles with all = true),
-- with when evdb recorded it and when it was superseded. Reads the history tables directly, so
-- --as-of does not change it: it is the history itself.
-- """
-- [params]
-- article = { type = "text", help = "part of the article key or title" }
-- all = { type = "boolean", default = false, help = "also list articles stored once and never removed" }
WITH v AS (
  SELECT dv.*, count(*) OVER (PARTITION BY dv.article_key) AS versions
  FROM document_versions AS dv
)
SELECT v.article_key,
       v.doc_id,
       v.title,
       v.change,
       v.published,
       v.versions,
       v.recorded_from,
       CASE WHEN v.recorded_to = 'infinity'::TIMESTAMPTZ THEN NULL ELSE v.recorded_to END AS recorded_to,
       CASE
         WHEN r.doc_id IS NOT NULL THEN 'removed'
         WHEN v.recorded_to = 'infinity'::TIMESTAMPTZ THEN 'current'
         ELSE 'superseded'
       END                                                                                AS state,
       r.removed_at,
       r.reason                                                                           AS removal_reason
FROM v
LEFT JOIN document_removals AS r ON r.doc_id = v.doc_id
WHERE ($article IS NULL
       OR contains(lower(v.article_key), lower($article))
       OR contains(lower(coalesce(v.title, '')), lower($article)))
  AND ($all OR v.versions > 1 OR v.article_key IN (SELECT dr.article_key FROM document_removals AS dr))
ORDER BY v.article_key, v.recorded_from;
