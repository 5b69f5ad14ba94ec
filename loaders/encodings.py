"""Which text encoding a data file is in: UTF-8 (with or without a BOM), UTF-16 (by its
BOM) or GB18030 (a superset of GBK, what Excel exports in China).

The whole file is checked before a row is read, so a load never finds out half-way
through (after batches were written) that a later line does not decode.

Example::

    detect_encoding(Path("teams.csv"))   # 'utf-8-sig' | 'utf-16' | 'gb18030'
"""

from __future__ import annotations

import codecs
from functools import lru_cache
from pathlib import Path

from kg.errors import UserInputError

_CHUNK = 1 << 20
# Python codec name -> what the summary calls it.
ENCODING_NAMES = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "gb18030": "GB18030 (GBK)"}


def detect_encoding(path: Path) -> str:
    """The codec to open `path` with; a `UserInputError` naming what to do if none fits."""
    st = path.stat()
    return _detect(path, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=64)
def _detect(path: Path, size: int, mtime_ns: int) -> str:  # size/mtime: the cache key
    with path.open("rb") as f:
        head = f.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if _decodes(path, "utf-16"):
            return "utf-16"
        raise UserInputError(
            f"{path.name} starts like UTF-16 but does not decode as UTF-16; "
            "save it as UTF-8 (in Excel: CSV UTF-8)"
        )
    if _decodes(path, "utf-8-sig"):
        return "utf-8-sig"
    if _decodes(path, "gb18030"):
        return "gb18030"
    raise UserInputError(
        f"{path.name} is not UTF-8, UTF-16 or GB18030/GBK text; save it as UTF-8 "
        "(in Excel: Save As > CSV UTF-8)"
    )


def _decodes(path: Path, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def encoding_note(path: Path) -> str | None:
    """What a load summary says about the encoding: None for UTF-8 (or no such file)."""
    if not path.is_file():
        return None
    codec = detect_encoding(path)
    return None if codec == "utf-8-sig" else ENCODING_NAMES[codec]
