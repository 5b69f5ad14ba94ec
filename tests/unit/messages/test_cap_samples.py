"""Every sample of ../shared/data/cap/samples (google/cap-library test data) read by
loaders.messages.cap: valid alerts become CapAlerts, invalid ones name the element and
the rule, unreadable documents are refused as a whole, the attack is refused unread."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.messages.cap import read_cap
from loaders.messages.problems import MessageError

# file -> (kind, [(valid?, event or (code, element))] per entry)
VALID = {
    "australia.cap": ("alert", ["Fire"]),
    "canada.cap": ("alert", ["thunderstorm"]),
    "canada_signed.cap": ("alert", ["snowfall"]),
    "earthquake-iso8859-1.cap": ("alert", ["Earthquake"]),
    "earthquake.cap": ("alert", ["Earthquake"]),
    "earthquake_signed.cap": ("alert", ["Earthquake"]),
    "wcatwc-warning.cap": ("alert", ["Tsunami Warning"]),
    "weather.cap": ("alert", ["Flash Flood Watch"]),
    "amber.atom": ("atom", ["Child Abduction"]),
    "weather.atom": ("atom", ["Flash Flood Watch"]),
    "canada_signed.atom": ("atom", ["snowfall"]),
    "bushfire_valid.edxlde": ("edxl-de", ["Other", "Grassfire", "Grassfire", "Grassfire",
                                          "Grassfire", "Grassfire", "Fire"]),
}  # fmt: skip
# file -> the first problem of each invalid entry: (position, code, element)
INVALID = {
    "invalid.cap": [(1, "CAP_EXPECTED", "alert")],
    "canada_errors.cap": [(1, "CAP_EMPTY_REFERENCES", "alert/references")],
    "noaa_errors.cap": [(1, "CAP_NOT_ONE_OF", "alert/info/urgency")],
    "weather_invalid.atom": [(1, "CAP_ID_CHARS", "alert/identifier")],
    "bushfire_invalid.edxlde": [(2, "CAP_MISSING", "alert"),
                                (3, "CAP_NOT_ONE_OF", "alert/info/urgency")],
}  # fmt: skip
# Entries that carry no alert: index feeds link to it, others are empty.
NO_ALERT = {
    "earthquake_index.atom": "FEED_ENTRY_LINKS_ALERT",
    "weather_index.atom": "FEED_ENTRY_LINKS_ALERT",
    "invalid_element.atom": "FEED_ENTRY_NO_ALERT",
    "no_id.atom": "FEED_ENTRY_NO_ALERT",
    "no_link.atom": "FEED_ENTRY_NO_ALERT",
    "no_title.atom": "FEED_ENTRY_NO_ALERT",
}
UNREADABLE = {
    "xee.cap": "XML_DTD_REFUSED",
    "xee.atom": "XML_DTD_REFUSED",
    "invalid.rss": "CAP_RSS",
    "ny_index.rss": "CAP_RSS",
    "empty_weather_index.atom": "FEED_NO_ENTRIES",
    "no_entries.atom": "FEED_NO_ENTRIES",
}
NOT_MESSAGES = {"environment_canada_x509_cert.pem", "naads_x509_cert.pem"}
NO_INFO = {"no_optional_fields.cap"}  # valid, but says nothing to draft from


@pytest.fixture
def samples(shared_data: Path) -> Path:
    return shared_data / "cap" / "samples"


def test_every_sample_is_in_one_table(samples: Path) -> None:
    tables = set(VALID) | set(INVALID) | set(NO_ALERT) | set(UNREADABLE)
    assert {p.name for p in samples.iterdir()} == tables | NOT_MESSAGES | NO_INFO


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_samples_read_every_alert(samples: Path, name: str) -> None:
    kind, events = VALID[name]
    doc = read_cap((samples / name).read_bytes())
    assert doc.kind == kind
    assert [e.problems for e in doc.entries] == [()] * len(events)
    assert [e.alert.infos[0].event for e in doc.entries if e.alert] == events


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_samples_name_the_element_and_the_rule(samples: Path, name: str) -> None:
    doc = read_cap((samples / name).read_bytes())
    bad = [(e.position, e.problems[0].code, e.problems[0].param("element"))
           for e in doc.entries if e.problems]  # fmt: skip
    assert bad == INVALID[name]
    assert all(e.alert is None for e in doc.entries if e.problems)


def test_invalid_alert_reports_every_problem_up_to_the_cap(samples: Path) -> None:
    entry = read_cap((samples / "noaa_errors.cap").read_bytes()).entries[0]
    found = [(p.code, p.param("element")) for p in entry.problems]
    assert ("CAP_NOT_ONE_OF", "alert/info/severity") in found
    assert ("CAP_EMPTY_REFERENCES", "alert/references") in found
    assert ("CAP_POLYGON_PAIR", "alert/info[1]/area[1]/polygon[1]") in found
    assert ("CAP_EMPTY", "alert/info[1]/area[1]/polygon[2]") in found
    missing_scope = read_cap((samples / "invalid.cap").read_bytes()).entries[0].problems[0]
    assert missing_scope.param("expected") == "<scope>" and missing_scope.param("found") == "info"


@pytest.mark.parametrize("name", sorted(NO_ALERT))
def test_entries_without_an_alert_say_so(samples: Path, name: str) -> None:
    doc = read_cap((samples / name).read_bytes())
    assert doc.entries and all(e.alert is None for e in doc.entries)
    assert {e.problems[0].code for e in doc.entries} == {NO_ALERT[name]}
    if NO_ALERT[name] == "FEED_ENTRY_LINKS_ALERT":
        assert all(str(e.problems[0].param("link")).startswith("http") for e in doc.entries)


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_documents_are_refused_whole(samples: Path, name: str) -> None:
    with pytest.raises(MessageError) as e:
        read_cap((samples / name).read_bytes())
    assert [p.code for p in e.value.problems] == [UNREADABLE[name]]


def test_an_alert_without_info_is_valid_and_empty(samples: Path) -> None:
    doc = read_cap((samples / "no_optional_fields.cap").read_bytes())
    alert = doc.entries[0].alert
    assert alert is not None and alert.infos == () and alert.version == "1.1"


def test_areas_polygons_circles_and_codes_are_read(samples: Path) -> None:
    alert = read_cap((samples / "weather.cap").read_bytes()).entries[0].alert
    assert alert is not None
    info = alert.infos[0]
    assert (info.urgency, info.severity, info.certainty) == ("Expected", "Severe", "Possible")
    assert [(c.name, c.value) for c in info.event_codes] == [("SAME", "FFA")]
    canada = read_cap((samples / "canada.cap").read_bytes()).entries[0].alert
    assert canada is not None and len(canada.infos) == 2  # English and French
    poly = canada.infos[0].areas[0].polygons[0]
    assert len(poly) >= 4 and poly[0] == poly[-1]
    assert all(40 < lat < 50 and -90 < lon < -75 for lat, lon in poly)
