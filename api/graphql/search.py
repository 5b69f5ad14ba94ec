"""The `search(text, kinds, limit)` query: free text (zh or en) -> hazards, plans, teams, ..."""

from __future__ import annotations

import strawberry

from api.auth import Permission
from api.graphql.context import Info
from api.graphql.fields import field
from queries import search as s

_KINDS = ", ".join(s.SEARCH_KINDS)


@strawberry.type(description="One search result; score 0..1, via: code, hybrid, fulltext, vector.")
class SearchHit:
    kind: str
    id: strawberry.ID
    name: str
    name_zh: str
    name_en: str
    score: float
    via: str

    @classmethod
    def of(cls, h: s.SearchHit) -> SearchHit:
        return cls(
            kind=h.kind,
            id=strawberry.ID(h.id),
            name=h.name_zh or h.name_en,
            name_zh=h.name_zh,
            name_en=h.name_en,
            score=h.score,
            via=h.via,
        )


@strawberry.type
class SearchQuery:
    @field(
        description=(
            "Hybrid search (exact code, full text, embeddings) over what a commander types, "
            f"in Chinese or English; at most {s.MAX_TEXT_CHARS} characters. kinds: any of "
            f"{_KINDS} (default all). limit: 1..{s.MAX_LIMIT}."
        )
    )
    async def search(
        self, info: Info, text: str, kinds: list[str] | None = None, limit: int = 10
    ) -> list[SearchHit]:
        info.context.require(Permission.READ)
        ctx = info.context
        hits = await s.search(ctx.runner, ctx.state.embedder, text, kinds, limit)
        return [SearchHit.of(h) for h in hits]
