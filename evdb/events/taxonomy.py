"""The evdb taxonomy (``taxonomy.toml``): ACLED crosswalk, sub-type precedence when triggers
merge, and sub-types that depend on the actors or on cue words (who retook a place; whether a
protest met an intervention)."""
from __future__ import annotations

from evdb.events.resources import Cues, taxonomy

# When two triggers of one type merge, the more specific sub-type wins.
SUB_PRIORITY = {
    "suicide_bomb": 5, "air_drone_strike": 4, "shelling_artillery_missile": 3, "remote_explosive_ied": 2,
    "government_regains_territory": 5, "non_state_actor_overtakes_territory": 5, "armed_clash": 1,
    "abduction": 3, "attack": 1, "protest_with_intervention": 2, "peaceful_protest": 1,
}
STATE_TYPES = frozenset({"state_forces", "external_state_forces"})


def acled_labels(event_type: str, sub: str | None) -> tuple[str | None, str | None]:
    """ACLED event type and sub-event type of an evdb (type, sub-type)."""
    info = taxonomy().get((event_type, sub or ""))
    return (info["acled_event_type"], info["acled_sub_event_type"]) if info else (None, None)


def refine_sub(event_type: str, sub: str | None, actors, window: str, cues: Cues) -> str | None:
    """Sub-types read from actors and cues: state forces taking a place regain territory; a protest
    that meets tear gas or arrests is a protest with intervention."""
    actor1 = next((a for a in actors if a.role == "actor1"), None)
    if event_type == "battle" and sub in ("non_state_actor_overtakes_territory", "government_regains_territory"):
        state = actor1 is not None and actor1.actor_type in STATE_TYPES
        return "government_regains_territory" if state else "non_state_actor_overtakes_territory"
    if event_type == "protest" and any(c in window for c in cues.raw.get("intervention_folded", ())):
        return "protest_with_intervention"
    return sub
