-- title = "New events: totals"
-- description = "One row: events and documents that entered the database in a recording window, fatalities low/best/high (a missing low or best takes the other; a missing high takes the best), and how many of those events have no resolved date."
-- [params]
-- recorded_since = { type = "timestamptz", required = true, help = "first recording time included", example = "2024-01-25T00:00:00Z" }
-- recorded_until = { type = "timestamptz", required = true, help = "recording time excluded (end of the window)", example = "2024-01-26T00:00:00Z" }
SELECT count(*)                                                 AS events,
       count(DISTINCT e.doc_id)                                 AS documents,
       coalesce(sum(coalesce(e.fatalities_low, e.fatalities)), 0) AS fatalities_low,
       coalesce(sum(coalesce(e.fatalities, e.fatalities_low)), 0) AS fatalities_best,
       coalesce(sum(coalesce(e.fatalities_high, e.fatalities, e.fatalities_low)), 0) AS fatalities_high,
       count(*) FILTER (WHERE e.earliest IS NULL OR e.latest IS NULL) AS unresolved_dates
FROM event_facts AS e
WHERE e.recorded_from >= $recorded_since AND e.recorded_from < $recorded_until;
