"""Caching of the web UI's files: versioned URLs cached for a year, the page itself never.

The UI has no build step, so the version is a hash of the files' contents, computed once
when the app starts. ``index.html`` is served with its own links rewritten to
``v/<version>/css/...``, ``v/<version>/js/...`` and ``v/<version>/vendor/...``; ES modules
import each other relatively, so every module, the vendored libraries and the JSON files
that modules fetch beside themselves (``new URL("../i18n/zh.json", import.meta.url)``) get
the versioned URL too. A new release changes the hash, so browsers fetch the new files at
once while an unchanged file is never asked for again within the year.

- ``/`` and ``/index.html``: ``Cache-Control: no-cache`` (revalidated on every load);
- ``/v/<current version>/...``: ``public, max-age=31536000, immutable``;
- ``/v/<another version>/...`` (a page loaded before a release): the current file,
  ``no-cache``;
- any other static file: ``no-cache`` (with ETag / Last-Modified, so a revalidation is a
  304 with no body).

Example::

    files = StaticSite(STATIC_DIR)
    routes = [Route("/", files.index), Mount("/v", files.versioned), Mount("/", files.plain)]
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from starlette._utils import get_route_path
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# The page's own links to its files: src="js/..", href="css/..", href="vendor/.."
_LINK = re.compile(r'\b(src|href)="(css|js|vendor)/')


def content_version(directory: Path) -> str:
    """A short hash of every file's path and bytes under directory (12 hex digits)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def versioned_page(html: str, version: str) -> str:
    """index.html with its css/, js/ and vendor/ links under v/<version>/."""
    return _LINK.sub(lambda m: f'{m[1]}="v/{version}/{m[2]}/', html)


class _Revalidated(StaticFiles):
    """Static files that browsers must revalidate (ETag/Last-Modified answer with a 304)."""

    def cache_control(self, scope: Scope) -> str:
        return REVALIDATE

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = self.cache_control(scope)
        return response


class _Versioned(_Revalidated):
    """Files under /v/<version>/: the first path segment is the version, the rest the file."""

    def __init__(self, directory: Path, version: str) -> None:
        super().__init__(directory=directory)
        self.version = version

    @staticmethod
    def _split(scope: Scope) -> tuple[str, str]:
        route = get_route_path(scope).lstrip("/")
        version, _, rest = route.partition("/")
        return version, rest

    def get_path(self, scope: Scope) -> str:
        _, rest = self._split(scope)
        return os.path.normpath(os.path.join(*rest.split("/"))) if rest else ""

    def cache_control(self, scope: Scope) -> str:
        return IMMUTABLE if self._split(scope)[0] == self.version else REVALIDATE


class StaticSite:
    """The UI's files with the caching above; the version is fixed when it is built."""

    def __init__(self, directory: Path) -> None:
        self.version = content_version(directory)
        self._page = versioned_page((directory / "index.html").read_text("utf-8"), self.version)
        self.versioned = _Versioned(directory, self.version)
        self.plain = _Revalidated(directory=directory, html=True)

    async def index(self, request: Request) -> Response:
        return HTMLResponse(self._page, headers={"Cache-Control": REVALIDATE})
