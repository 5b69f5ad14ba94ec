"""The web UI's routes: its settings (``/ui-config.json``), uploads (``/loads``), static files.

Everything the UI needs ships in ``api/static`` (ES modules, vendored Leaflet and
Cytoscape.js, the offline basemap that ``make basemap`` builds into ``data/basemap/``), so
it works in a command post with no internet. Online map tiles are used only when
``EMKG_TILE_URL`` is configured. The page is
revalidated on every load and its files are cached for a year under a versioned URL
(api/static_cache.py); responses are gzip-compressed by the app (api/app.py).

Example::

    routes = [Route("/graphql", ...), *ui_routes(settings)]   # last: "/" catches the rest
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from api.static_cache import StaticSite
from api.upload import upload_load
from kg.settings import Settings
from loaders.records import KINDS

STATIC_DIR = Path(__file__).resolve().parent / "static"


def ui_config(settings: Settings) -> dict[str, object]:
    """What the browser needs to know: the tile URL template, or None for the offline basemap."""
    tile_url = getattr(settings, "tile_url", None)  # Settings.tile_url <- EMKG_TILE_URL
    return {
        "tileUrl": tile_url or None,
        "production": settings.production,
        "loadKinds": list(KINDS),
    }


def ui_routes(settings: Settings) -> list[BaseRoute]:
    config = ui_config(settings)
    site = StaticSite(STATIC_DIR)

    async def config_endpoint(request: Request) -> Response:
        return JSONResponse(config, headers={"Cache-Control": "no-store"})

    return [
        Route("/ui-config.json", config_endpoint),
        # The planner view's upload (dry run, then commit) through the loader pipeline.
        Route("/loads", upload_load, methods=["POST"]),
        Route("/", site.index),
        Route("/index.html", site.index),
        Mount("/v", site.versioned, name="ui-versioned"),
        Mount("/", site.plain, name="ui"),
    ]
