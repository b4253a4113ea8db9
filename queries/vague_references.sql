-- title = "Vague time references (PAST_REF, PRESENT_REF, FUTURE_REF)"
-- description = """
-- Expressions such as "récemment", "recently" or "currently" that name no interval. They are kept
-- with an open interval, left out of the time series, and listed here with the number of events
-- they dated.
-- """
-- [params]
-- lang = { type = "text", choices = ["fr", "en"], help = "only articles in this language" }
WITH dated AS (
  SELECT events.timex_id, count(*) AS events FROM events GROUP BY events.timex_id
)
SELECT t.value,
       t.text                      AS expression,
       d.lang,
       d.title,
       d.published,
       t.status,
       t.reason,
       coalesce(dated.events, 0)   AS events_dated
FROM timexes AS t
JOIN documents AS d ON d.doc_id = t.doc_id
LEFT JOIN dated ON dated.timex_id = t.timex_id
WHERE t.value IN ('PAST_REF', 'PRESENT_REF', 'FUTURE_REF')
  AND ($lang IS NULL OR d.lang = $lang)
ORDER BY t.value, d.published, t.char_start;
