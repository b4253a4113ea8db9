-- title = "Relative dates and what evdb anchored them to"
-- description = """
-- Each relative expression with what it was read against: the earlier expression it follows
-- (anaphoric: "le lendemain" after "vendredi 26 janvier", "the following night" after "the next
-- day") or the publication date (deictic: "hier", "three days ago"), then its TIMEX3 value and the
-- local-time interval [from_local, to_local) it stands for. Anaphoric expressions are the ones
-- other taggers read against the publication date by mistake. article is the source's id of the
-- article, else the last part of its url, else its doc_id.
-- """
-- [params]
-- kind = { type = "text", choices = ["anaphoric", "deictic"], help = "only this anchoring; both when omitted" }
-- lang = { type = "text", choices = ["fr", "en"], help = "only articles in this language" }
SELECT coalesce(d.source_id, nullif(regexp_extract(d.url, '[^/]+$'), ''), d.doc_id) AS article,
       t.text                            AS expression,
       CASE WHEN t.anchor = 'DCT' THEN 'publication date'
            ELSE coalesce(a.text, t.anchor) END AS anchored_to,
       t.value,
       t.earliest_local                  AS from_local,
       t.latest_local                    AS to_local,
       t.grain,
       t.status
FROM timexes AS t
JOIN documents AS d ON d.doc_id = t.doc_id
LEFT JOIN timexes AS a ON a.timex_id = t.anchor
WHERE t.anchor_kind IN ('anaphoric', 'deictic')
  AND ($kind IS NULL OR t.anchor_kind = $kind)
  AND ($lang IS NULL OR d.lang = $lang)
ORDER BY d.published, d.doc_id, t.char_start;
