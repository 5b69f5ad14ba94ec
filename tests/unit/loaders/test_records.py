"""Record kinds derived from the ontology: labels, fields, links, load order."""

from __future__ import annotations

from loaders.records import KINDS, LOAD_ORDER
from loaders.validation import CONCEPT_FIELDS


def test_every_record_kind_is_loadable_and_ordered_after_what_it_references() -> None:
    assert set(LOAD_ORDER) | {"vocabulary"} == set(KINDS)
    label_kind = {KINDS[k].label: k for k in LOAD_ORDER}
    for position, name in enumerate(LOAD_ORDER):
        for lf in KINDS[name].links:
            for target in lf.targets:
                if target in label_kind and label_kind[target] != name:
                    assert LOAD_ORDER.index(label_kind[target]) < position, (name, lf.field)


def test_fields_become_properties_or_relationships_as_the_ontology_says() -> None:
    teams = KINDS["teams"]
    assert teams.label == "Team" and teams.located
    assert set(teams.props) == {
        "nameZh",
        "nameEn",
        "status",
        "headcount",
        "readinessMinutes",
        "mobility",
        "adminLevel",
        "dutyPhone",
        "radioChannel",
        "leader",
    }
    links = {lf.field: (lf.rel_type, lf.targets, lf.target_key) for lf in teams.links}
    assert links == {
        "teamType": ("OF_TYPE", ("TeamType",), None),
        "region": ("BASED_IN", ("Region",), None),
        "capabilities": ("HAS_CAPABILITY", ("Capability",), "capability"),
    }
    plans = KINDS["plans"]
    assert plans.dates == ("effectiveDate",) and not plans.located
    (prescribes,) = [lf for lf in plans.links if lf.field == "prescribes"]
    assert prescribes.merge_key == "responseLevel" and prescribes.choose is not None
    assert [prescribes.choose(t) for t in ("cap.water-rescue", "tt.fire-rescue", "T-1")] == [
        "Capability",
        "TeamType",
        "Team",
    ]
    (holder,) = [lf for lf in KINDS["equipment"].links if lf.field == "holder"]
    assert holder.incoming and holder.choose is None  # a Team or a Depot id: both are tried
    incident_region = [lf for lf in KINDS["incidents"].links if lf.field == "region"]
    assert incident_region[0].rel_type == "IN_REGION"


def test_concept_fields_are_the_taxonomy_ends_of_links() -> None:
    assert CONCEPT_FIELDS["experts"] == {"expertise": ("HazardType", "Capability")}
    assert CONCEPT_FIELDS["plans"] == {
        "covers": ("HazardType",),
        "prescribes[].target": ("Capability", "TeamType", "EquipmentType"),
    }
    assert "regions" not in CONCEPT_FIELDS and "depots" not in CONCEPT_FIELDS
