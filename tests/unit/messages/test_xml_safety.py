"""Hostile XML is refused before anything is read or fetched: the external-entity
samples, an entity pointing at a local secret, a billion-laughs bomb; and a valid alert
carrying schemaLocation / stylesheet / XInclude hints opens no connection."""

from __future__ import annotations

import builtins
import io
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loaders.messages.cap import read_cap
from loaders.messages.problems import MessageError

SECRET = "s3cr3t-token-that-must-never-leak"
ALERT_BODY = """<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>X-1</identifier><sender>a@example.cn</sender>
  <sent>2026-05-12T14:28:00+08:00</sent><status>Actual</status><msgType>Alert</msgType>
  <scope>Public</scope>
  <info><category>Met</category><event>暴雨</event><urgency>Immediate</urgency>
    <severity>Severe</severity><certainty>Likely</certainty><headline>{headline}</headline>
    <area><areaDesc>成都市</areaDesc></area></info>
</alert>"""


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, list[Any]]]:
    """Record every socket connection and every file opened while the test runs."""
    seen: dict[str, list[Any]] = {"connect": [], "open": []}

    def no_connect(self: socket.socket, address: Any) -> None:
        seen["connect"].append(address)
        raise AssertionError(f"a connection was attempted to {address}")

    def no_create(address: Any, *a: Any, **k: Any) -> socket.socket:
        seen["connect"].append(address)
        raise AssertionError(f"a connection was attempted to {address}")

    real_open = builtins.open

    def recording_open(file: Any, *a: Any, **k: Any) -> Any:
        seen["open"].append(str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr(socket.socket, "connect", no_connect)
    monkeypatch.setattr(socket, "create_connection", no_create)
    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    yield seen


@pytest.mark.parametrize("name", ["xee.cap", "xee.atom"])
def test_the_external_entity_samples_are_refused_unread(
    shared_data: Path, name: str, guarded: dict[str, list[Any]]
) -> None:
    data = (shared_data / "cap" / "samples" / name).read_bytes()
    guarded["open"].clear()
    with pytest.raises(MessageError) as e:
        read_cap(data)
    assert [p.code for p in e.value.problems] == ["XML_DTD_REFUSED"]
    assert guarded["connect"] == [] and guarded["open"] == []
    assert "passwd" not in str(e.value) and "root:" not in str(e.value)


@pytest.mark.parametrize("as_text", [False, True])
def test_an_entity_pointing_at_a_local_secret_is_never_read(
    tmp_path: Path, guarded: dict[str, list[Any]], as_text: bool
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    doc = (
        f'<?xml version="1.0"?>\n<!DOCTYPE alert [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        + ALERT_BODY.format(headline="&xxe;")
    )
    guarded["open"].clear()
    with pytest.raises(MessageError) as e:
        read_cap(doc if as_text else doc.encode("utf-8"))
    assert SECRET not in str(e.value) and SECRET not in repr(e.value.problems)
    assert str(secret) not in guarded["open"] and guarded["connect"] == []


def test_a_parameter_entity_calling_out_is_refused_without_a_request(
    guarded: dict[str, list[Any]],
) -> None:
    doc = (
        '<!DOCTYPE alert [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/payload.dtd"> %remote;]>'
        + ALERT_BODY.format(headline="x")
    )
    with pytest.raises(MessageError):
        read_cap(doc)
    assert guarded["connect"] == []


def test_a_billion_laughs_bomb_is_refused() -> None:
    lol = "".join(
        f'<!ENTITY lol{i} "' + ("lol" if i == 0 else f"&lol{i - 1};" * 10) + '">' for i in range(10)
    )
    doc = f"<!DOCTYPE alert [{lol}]>" + ALERT_BODY.format(headline="&lol9;")
    with pytest.raises(MessageError) as e:
        read_cap(doc)
    assert e.value.problems[0].code == "XML_DTD_REFUSED"


def test_location_hints_stylesheets_and_xinclude_are_never_followed(
    guarded: dict[str, list[Any]],
) -> None:
    doc = (
        '<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:9/evil.xsl"?>\n'
        + ALERT_BODY.format(headline="暴雨橙色预警").replace(
            '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
            '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="urn:oasis:names:tc:emergency:cap:1.2 http://127.0.0.1:9/cap.xsd">',
        )
    )
    entry = read_cap(doc).entries[0]
    assert entry.alert is not None and entry.alert.infos[0].headline == "暴雨橙色预警"
    assert guarded["connect"] == []
    xinclude = doc.replace(
        "<identifier>",
        '<x xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd"/></x>'
        "<identifier>",
    )
    bad = read_cap(xinclude).entries[0]
    assert bad.alert is None and bad.problems[0].code == "CAP_EXPECTED"
    assert "/etc/passwd" not in guarded["open"] and guarded["connect"] == []


def test_empty_oversized_and_broken_xml_say_what_is_wrong() -> None:
    for data, code in [(b"", "XML_EMPTY"), ("  ", "XML_EMPTY"), ("<alert>", "XML_NOT_WELL_FORMED")]:
        with pytest.raises(MessageError) as e:
            read_cap(data)
        assert e.value.problems[0].code == code
    with pytest.raises(MessageError) as e:
        read_cap(b"<a>" + b" " * 5_000_001 + b"</a>")
    assert e.value.problems[0].code == "XML_TOO_LARGE"
    with pytest.raises(MessageError) as e:
        read_cap("<html><body/></html>")
    assert e.value.problems[0].code == "CAP_NOT_CAP" and e.value.problems[0].param("root") == "html"
    with pytest.raises(MessageError) as e:
        read_cap('<alert xmlns="http://www.incident.com/cap/1.0"/>')
    assert e.value.problems[0].code == "CAP_VERSION"
