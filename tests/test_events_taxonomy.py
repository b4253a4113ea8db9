"""The taxonomy crosswalk: schema/020_event_taxonomy.sql and evdb/resources/taxonomy.toml agree."""
from __future__ import annotations

import duckdb

from evdb.events.resources import taxonomy
from evdb.events.taxonomy import acled_labels
from evdb.store.db import migrate


def test_schema_table_matches_taxonomy_toml(tmp_path, ref_time):
    con = duckdb.connect(str(tmp_path / "t.duckdb"))
    migrate(con, ref_time)
    rows = con.execute("SELECT event_type, sub_event_type, acled_event_type, acled_sub_event_type, "
                       "ucdp_type_of_violence, plover_event, plover_mode FROM event_taxonomy").fetchall()
    con.close()
    from_sql = {(r[0], r[1]): r[2:] for r in rows}
    from_toml = {k: (v["acled_event_type"], v["acled_sub_event_type"], v["ucdp"], v["plover"], v["plover_mode"])
                 for k, v in taxonomy().items()}
    assert from_sql == from_toml


def test_acled_labels_of_gold_types():
    assert acled_labels("explosion_remote_violence", "air_drone_strike") == ("Explosions/Remote violence",
                                                                             "Air/drone strike")
    assert acled_labels("strategic_development", "change_to_group_activity")[1] == "Change to group/activity"
    assert acled_labels("nope", None) == (None, None)
