-- title = "Dates evdb could not resolve"
-- description = """
-- Temporal expressions left unresolved or ambiguous, with the article they come from and the
-- reason the resolver gave: the work list for improving the rules or checking by hand.
-- """
-- [params]
-- status = { type = "text", choices = ["unresolved", "ambiguous"], help = "only this status; both when omitted" }
-- lang = { type = "text", choices = ["fr", "en"], help = "only articles in this language" }
SELECT d.title,
       d.lang,
       d.published,
       t.tid,
       t.text   AS expression,
       t.status,
       t.reason,
       t.value,
       t.rule,
       t.sent_idx
FROM timexes AS t
JOIN documents AS d ON d.doc_id = t.doc_id
WHERE t.status IN ('unresolved', 'ambiguous')
  AND ($status IS NULL OR t.status = $status)
  AND ($lang IS NULL OR d.lang = $lang)
ORDER BY d.published, t.char_start;
