-- evdb schema 011: the events that count as facts.
--
-- Negated ("n'a pas été tué") and hypothetical ("pourrait attaquer", "may attack") events are
-- stored, with their polarity and modality, but they are not facts: counts, fatalities,
-- timelines, reports and exports read `event_facts`, so that rule is written once. Query
-- `events` to see every event, facts or not. Honours `--as-of` like `events`.

CREATE OR REPLACE VIEW event_facts AS
  SELECT * FROM events WHERE polarity = 'positive' AND modality = 'asserted';
