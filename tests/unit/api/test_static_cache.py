"""The UI's versioned links and content hash (api/static_cache.py)."""

from __future__ import annotations

from pathlib import Path

from api.static_cache import content_version, versioned_page


def test_the_page_links_to_its_files_under_the_version() -> None:
    html = (
        '<link rel="stylesheet" href="css/app.css"><script type="module" src="js/main.js">'
        '</script><a href="#results">skip</a><img src="data/x.png"><link href="vendor/a.css">'
    )
    out = versioned_page(html, "abc123")
    assert 'href="v/abc123/css/app.css"' in out
    assert 'src="v/abc123/js/main.js"' in out
    assert 'href="v/abc123/vendor/a.css"' in out
    assert 'href="#results"' in out, "fragments stay"
    assert 'src="data/x.png"' in out, "only css/, js/ and vendor/ are versioned"


def test_the_version_changes_with_any_file_and_only_then(tmp_path: Path) -> None:
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "main.js").write_text("a")
    (tmp_path / "index.html").write_text("<html>")
    first = content_version(tmp_path)
    assert len(first) == 12 and first == content_version(tmp_path)
    (tmp_path / "js" / "main.js").write_text("b")
    assert content_version(tmp_path) != first
    (tmp_path / "js" / "main.js").write_text("a")
    assert content_version(tmp_path) == first
    (tmp_path / "js" / "main.js").rename(tmp_path / "js" / "other.js")
    assert content_version(tmp_path) != first, "a renamed file is another version"


def test_only_the_current_version_is_cached_for_good(tmp_path: Path) -> None:
    from starlette.applications import Starlette
    from starlette.routing import Mount, Route
    from starlette.testclient import TestClient

    from api.static_cache import IMMUTABLE, REVALIDATE, StaticSite

    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "main.js").write_text("a")
    (tmp_path / "index.html").write_text('<script src="js/main.js"></script>')
    files = StaticSite(tmp_path)
    app = Starlette(
        routes=[Route("/", files.index), Mount("/v", files.versioned), Mount("/", files.plain)]
    )
    with TestClient(app) as client:
        current = client.get(f"/v/{files.version}/js/main.js")
        old = client.get("/v/000000000000/js/main.js")
        plain = client.get("/js/main.js")
    assert (current.status_code, current.text) == (200, "a")
    assert current.headers["cache-control"] == IMMUTABLE
    assert (old.status_code, old.headers["cache-control"]) == (200, REVALIDATE)
    assert (plain.status_code, plain.headers["cache-control"]) == (200, REVALIDATE)
