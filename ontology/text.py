"""Telling Chinese text from other text: the one definition of a CJK ideograph.

Chinese names go in the *Zh fields and English ones in the *En fields
(curation checks that), search routes Chinese text to the Chinese indexes, and
alignment splits Chinese text into character bigrams. All use these.

Example::

    has_cjk("洪水 flood")            # True
    CJK_RUN.findall("M7 地震 滑坡")   # ['地震', '滑坡']
"""

from __future__ import annotations

import re

# CJK Unified Ideographs Extension A (U+3400..U+4DBF), the Unified Ideographs
# (U+4E00..U+9FFF) and the Compatibility Ideographs (U+F900..U+FAFF).
CJK_RANGES = "\u3400-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
CJK_RUN = re.compile(f"[{CJK_RANGES}]+")


def has_cjk(text: str) -> bool:
    """Whether `text` holds at least one Chinese character.

    >>> has_cjk("Flood"), has_cjk("洪水")
    (False, True)
    """
    return CJK_CHAR.search(text) is not None
