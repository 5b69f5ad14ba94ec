"""The hazard lexicon a graph with the shipped ontology gives, built without the graph."""

from __future__ import annotations

from functools import cache

from ontology.load import shipped_ontology
from queries.understanding.lexicon import HazardLexicon, build_hazard_lexicon


@cache
def shipped_lexicon() -> HazardLexicon:
    """lexicon.HAZARD_TERMS rows from the shipped ontology's current hazard types."""
    rows = [
        {
            "id": c.id,
            "nameZh": c.name_zh,
            "nameEn": c.name_en,
            "altZh": list(c.alt_zh),
            "altEn": list(c.alt_en),
            "parents": list(c.broader),
        }
        for c in shipped_ontology().of_kind("HazardType")
        if not c.deprecated
    ]
    return build_hazard_lexicon(rows)
