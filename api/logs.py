"""Logging for the server: EMKG's loggers ("emkg.*") to stderr, one line per event.

Uvicorn configures only its own loggers; without a handler of ours the request lines
(`api.graphql.request_log`) and load lines would be dropped. Configured once per
process from the settings (``EMKG_LOG_LEVEL``); a handler someone else installed
(a test's caplog, a deployment's logging config) is left alone.

Example::

    configure_logging(settings)   # in create_app
"""

from __future__ import annotations

import logging

from kg.settings import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def configure_logging(settings: Settings) -> None:
    logger = logging.getLogger("emkg")
    logger.setLevel(settings.log_level)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(FORMAT))
        logger.addHandler(handler)
