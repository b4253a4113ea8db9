-- evdb schema 020: the event taxonomy and its crosswalk to ACLED, UCDP and PLOVER.
-- Same content as evdb/resources/taxonomy.toml (tests/test_events_taxonomy.py checks they agree).
-- Join it to `events` on (event_type, sub_event_type) to report in ACLED's labels.

CREATE TABLE IF NOT EXISTS event_taxonomy (
  event_type            VARCHAR NOT NULL,   -- evdb type: battle, explosion_remote_violence, ...
  sub_event_type        VARCHAR NOT NULL,   -- evdb sub-type (ACLED's, snake-cased)
  acled_event_type      VARCHAR NOT NULL,   -- 'Battles', 'Explosions/Remote violence', ...
  acled_sub_event_type  VARCHAR NOT NULL,   -- 'Armed clash', 'Air/drone strike', ...
  ucdp_type_of_violence SMALLINT,           -- 1 state-based, 2 non-state, 3 one-sided, 0 not violence
  plover_event          VARCHAR,            -- ASSAULT, COERCE, PROTEST, ...
  plover_mode           VARCHAR,
  PRIMARY KEY (event_type, sub_event_type)
);

INSERT OR REPLACE INTO event_taxonomy VALUES
  ('battle', 'armed_clash', 'Battles', 'Armed clash', 1, 'ASSAULT', 'firearms'),
  ('battle', 'non_state_actor_overtakes_territory', 'Battles', 'Non-state actor overtakes territory', 1, 'COERCE', 'seize'),
  ('battle', 'government_regains_territory', 'Battles', 'Government regains territory', 1, 'COERCE', 'seize'),
  ('explosion_remote_violence', 'air_drone_strike', 'Explosions/Remote violence', 'Air/drone strike', 1, 'ASSAULT', 'aerial'),
  ('explosion_remote_violence', 'shelling_artillery_missile', 'Explosions/Remote violence', 'Shelling/artillery/missile attack', 1, 'ASSAULT', 'artillery'),
  ('explosion_remote_violence', 'remote_explosive_ied', 'Explosions/Remote violence', 'Remote explosive/landmine/IED', 1, 'ASSAULT', 'explosion'),
  ('explosion_remote_violence', 'suicide_bomb', 'Explosions/Remote violence', 'Suicide bomb', 1, 'ASSAULT', 'explosion'),
  ('violence_against_civilians', 'attack', 'Violence against civilians', 'Attack', 3, 'ASSAULT', 'firearms'),
  ('violence_against_civilians', 'abduction', 'Violence against civilians', 'Abduction/forced disappearance', 3, 'ASSAULT', 'abduct'),
  ('protest', 'peaceful_protest', 'Protests', 'Peaceful protest', 0, 'PROTEST', 'demo'),
  ('protest', 'protest_with_intervention', 'Protests', 'Protest with intervention', 0, 'PROTEST', 'demo'),
  ('riot', 'violent_demonstration', 'Riots', 'Violent demonstration', 0, 'PROTEST', 'riot'),
  ('strategic_development', 'change_to_group_activity', 'Strategic developments', 'Change to group/activity', 0, 'CONCEDE', 'defect'),
  ('strategic_development', 'non_violent_transfer_of_territory', 'Strategic developments', 'Non-violent transfer of territory', 0, 'RETREAT', 'withdraw'),
  ('strategic_development', 'arrests', 'Strategic developments', 'Arrests', 0, 'COERCE', 'arrest'),
  ('strategic_development', 'agreement', 'Strategic developments', 'Agreement', 0, 'AGREE', 'ceasefire'),
  ('strategic_development', 'looting_property_destruction', 'Strategic developments', 'Looting/property destruction', 0, 'COERCE', 'seize'),
  ('strategic_development', 'other', 'Strategic developments', 'Other', 0, 'CONCEDE', 'surrender');
