"""Top-level error messages in the caller's language.

An `EmkgError` raised with a catalog message (``.as_message(code, **params)``) is answered
with that message rendered in the request's locale (Accept-Language; Chinese by default;
the UI sends the language it shows) and `extensions.messageCode`, so a client can render
it itself from api/static/i18n/reasons.json; str(error) stays English for the server log.

Example::

    raise UserInputError("the report is empty; ...").as_message("ERR_REPORT_EMPTY")
    # {"message": "报告为空：请粘贴收到的报告原文…", "extensions": {"code": "BAD_USER_INPUT",
    #  "messageCode": "ERR_REPORT_EMPTY"}}
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request

from api.messages import MessageError, lang_from_accept_language, render
from kg.errors import EmkgError
from queries.models import ConceptRef, ParamValue, Reason, Term

log = logging.getLogger("emkg.api")


def message_param(value: Any) -> ParamValue:
    """A {id, nameZh, nameEn} map is a concept (named in the reader's language); a list of
    them a list of concepts; numbers and text as they are."""
    if isinstance(value, dict) and "id" in value:
        return ConceptRef.of(value)
    if isinstance(value, list | tuple) and all(isinstance(v, dict) for v in value):
        return tuple(ConceptRef.of(v) for v in value)
    if isinstance(value, int | float | str | Term | ConceptRef):
        return value
    return str(value)


def catalog_reason(error: EmkgError) -> Reason | None:
    """The error's catalog message as a Reason (code + parameters); None when it has none."""
    if not error.message_code:
        return None
    params = {k: message_param(v) for k, v in (error.message_params or {}).items()}
    return Reason.of(error.message_code, **params)


def input_field(error: EmkgError) -> str | None:
    """The input field an error names (its ``field`` parameter), so a client can show the
    message beside that field whatever the language: ``Term("field.altZh")`` -> "altZh"."""
    value = (error.message_params or {}).get("field")
    if isinstance(value, Term):
        return value.key.removeprefix("field.")
    return value if isinstance(value, str) else None


def localised_message(error: EmkgError, request: Request | None) -> str | None:
    """The error's catalog message in the request's language; None when it has none."""
    reason = catalog_reason(error)
    if reason is None:
        return None
    header = request.headers.get("accept-language") if request is not None else None
    try:
        return render(reason, lang_from_accept_language(header))
    except MessageError:  # a catalog bug must not turn a clear error into a crash
        log.exception("error message %s cannot be rendered", reason.code)
        return None
