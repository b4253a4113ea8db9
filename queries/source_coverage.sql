-- title = "Source coverage per month"
-- description = """
-- Articles per source, language and month of publication (in the article's own time zone), with
-- how many temporal expressions and events were found in them and the share of expressions resolved.
-- """
-- [params]
-- source = { type = "text", help = "only this source" }
WITH t AS (
  SELECT timexes.doc_id,
         count(*)                                     AS timexes,
         count(*) FILTER (WHERE timexes.status = 'resolved') AS resolved
  FROM timexes
  GROUP BY timexes.doc_id
),
ev AS (
  SELECT events.doc_id, count(*) AS events FROM events GROUP BY events.doc_id
)
SELECT coalesce(d.source, '(none)')                         AS source,
       d.lang,
       strftime(timezone(d.tz, d.published), '%Y-%m')       AS month,
       count(*)                                             AS documents,
       coalesce(sum(t.timexes), 0)                          AS timexes,
       round(sum(t.resolved) / nullif(sum(t.timexes), 0), 2) AS resolved_share,
       coalesce(sum(ev.events), 0)                          AS events,
       min(d.published)                                     AS first_published,
       max(d.published)                                     AS last_published
FROM documents AS d
LEFT JOIN t ON t.doc_id = d.doc_id
LEFT JOIN ev ON ev.doc_id = d.doc_id
WHERE ($source IS NULL OR d.source = $source)
GROUP BY ALL
ORDER BY source, d.lang, month;
