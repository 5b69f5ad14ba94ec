"""``POST /loads``: planners upload a data file (and its mapping), see the dry run, then commit.

A thin HTTP front to `api.operations.load_data` (what `emkg load` runs: the schema
check, the loader pipeline, the search-vector refresh), for the planner view of the
web UI, through the app's one sync driver. Keys are checked as ``/graphql`` checks
them (`api.auth.principal_from_headers`; a 401 is counted in ``/metrics``).

Multipart form fields: ``file`` (CSV, JSON, JSON Lines, YAML, GeoJSON), ``mapping``
(optional mapping YAML), ``kind`` (teams, depots, ...),
``commit`` (``true`` to write; anything else is a dry run that writes nothing),
``onError`` (``abort``, the default, or ``skip``). Needs a key whose role may load
(planner, admin). The answer is JSON: the summary's counts and its text report.

Example::

    curl -H "Authorization: Bearer $KEY" -F kind=teams -F file=@teams.csv \\
         -F mapping=@teams.yaml -F commit=false http://127.0.0.1:8000/loads
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.auth import Permission, Principal
from api.body_limit import MAX_UPLOAD_FILE_BYTES, UPLOAD_TOO_LARGE
from api.messages import Lang, lang_from_accept_language
from api.operations import load_data
from api.route_auth import json_error as _error
from api.route_auth import requires
from api.state import AppState, app_state
from kg.errors import EmkgError
from loaders.mapping import Mapping
from loaders.pipeline import LoadOptions
from loaders.records import KINDS
from loaders.summary import LoadSummary

MAX_UPLOAD_BYTES = MAX_UPLOAD_FILE_BYTES


def safe_name(filename: str | None, fallback: str) -> str:
    """The client's file name reduced to a plain base name (never a path, never '..').

    Example::

        safe_name("../../etc/passwd", "upload.csv")   # 'passwd'
        safe_name("a/..", "upload.csv")               # 'upload.csv'
    """
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name if name and not name.startswith(".") and "\x00" not in name else fallback


async def _save(upload: UploadFile, folder: Path, fallback: str) -> Path:
    """Copy the upload into its own sub-folder (so a mapping never overwrites the data),
    in chunks, stopping at the size cap."""
    name = safe_name(upload.filename, fallback)
    target = folder / fallback.split(".")[0] / name
    target.parent.mkdir(mode=0o700)
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(1024 * 1024):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise ValueError(UPLOAD_TOO_LARGE)
            out.write(chunk)
    return target


def _run(state: AppState, data: Path, opts: LoadOptions, actor: str) -> LoadSummary:
    """The load (same checks, vector refresh and audit entry as `emkg load`), through the
    app's driver."""
    done = load_data(state.loader_driver, state.settings, data, opts, state.embedder, actor=actor)
    return done.summary


def _answer(summary: LoadSummary, committed: bool, lang: Lang) -> dict[str, Any]:
    return {
        "dryRun": summary.dry_run,
        "committed": committed,
        "aborted": summary.aborted,
        "rows": summary.rows,
        "valid": summary.valid,
        "errorRows": summary.error_rows,
        "created": summary.created,
        "updated": summary.updated,
        "report": summary.to_text(lang=lang),
        # The bad rows go back to this caller only (never to a file others could read), each
        # problem in the caller's language (Accept-Language) with its catalog code.
        "errors": [
            {
                "row": e.row,
                "id": e.record_id,
                "field": e.field,
                "reason": e.text(lang),
                "code": e.problem.code,
            }
            for e in summary.errors
        ],
    }


@requires(Permission.LOAD, "load data")
async def upload_load(request: Request, principal: Principal) -> Response:
    state = app_state(request)
    form = await request.form(max_files=2, max_fields=10)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            return _error(400, "BAD_USER_INPUT", "attach the data file as the form field 'file'")
        kind = str(form.get("kind") or "")
        if kind not in KINDS:
            return _error(
                400, "BAD_USER_INPUT", f"kind '{kind}' is unknown; use one of " + ", ".join(KINDS)
            )
        commit = str(form.get("commit") or "").lower() == "true"
        with tempfile.TemporaryDirectory(prefix="emkg-upload-") as tmp:
            folder = Path(tmp)
            data = await _save(upload, folder, "upload.csv")
            mapping_file = form.get("mapping")
            mapping = None
            if isinstance(mapping_file, UploadFile) and mapping_file.filename:
                mapping_path = await _save(mapping_file, folder, "mapping.yaml")
                mapping = Mapping.from_file(mapping_path, kind)
            opts = LoadOptions(
                kind=kind,
                mapping=mapping,
                dry_run=not commit,
                on_error=str(form.get("onError") or "abort"),
                source=f"upload:{data.name}",
                may_set_status=principal.can(Permission.SET_TEAM_STATUS),
                errors_path=folder / "errors.jsonl",  # private to this request, removed below
            )
            summary = await asyncio.to_thread(_run, state, data, opts, principal.actor)
            summary.errors_file = None  # deleted with the folder; the rows are in the answer
        committed = commit and not summary.aborted
        lang = lang_from_accept_language(request.headers.get("accept-language"))
        return JSONResponse(_answer(summary, committed, lang), status_code=200)
    except EmkgError as e:
        return _error(400 if e.code == "BAD_USER_INPUT" else 503, e.code, str(e))
    except ValueError as e:
        return _error(400, "BAD_USER_INPUT", str(e))
    finally:
        await form.close()
