"""Hand the neighbour lists a compiled statement already read to the request's DataLoaders.

A listing compiled from the selection (`selection_plan`, `queries.catalog.picked`)
reads each item's neighbour lists in the same statement; priming the request's
link loaders with them means the nested resolvers (``Team.capabilities`` ...) find
them there and run no query. A primed entry holds only the properties its
selection picked, so when another field of the same request primes the same key
with more properties the two are merged; an entry the loader read itself (all
properties) is never replaced.

Example::

    page = await list_picked(runner, "Team", pick, first=50, after=None, filters=f)
    for item in page.items:
        prime_links(info.context, item, pick)
"""

from __future__ import annotations

from collections.abc import Sequence
from weakref import WeakKeyDictionary

from strawberry.dataloader import DataLoader

from api.graphql.context import Context
from queries.catalog.models import Link, Node
from queries.catalog.projection import Pick, Picked

# Per loader: the keys this module primed and the node properties each entry holds.
_PRIMED: WeakKeyDictionary[DataLoader[str, list[Link]], dict[str, frozenset[str]]] = (
    WeakKeyDictionary()
)


def prime_links(context: Context, item: Picked, pick: Pick) -> None:
    """Prime every link loader `pick` names with `item`'s lists, recursively."""
    for name, sub in pick.links:
        children = item.links.get(name, [])
        links = [Link(source=item.node.id, rel=c.rel, node=c.node) for c in children]
        _prime(context.links(name), item.node.id, links, frozenset(sub.props))
        for child in children:
            prime_links(context, child, sub)


def _prime(
    loader: DataLoader[str, list[Link]], key: str, links: list[Link], props: frozenset[str]
) -> None:
    primed = _PRIMED.setdefault(loader, {})
    cached = loader.cache_map.get(key)
    if cached is None:
        loader.prime(key, links)
        primed[key] = props
        return
    held = primed.get(key)
    if held is None or props <= held or not cached.done() or cached.exception() is not None:
        return  # read in full by the loader (or being read), or already holds these
    old = cached.result()
    same = [lk.node.id for lk in old] == [lk.node.id for lk in links]
    loader.prime(key, merge_links(old, links) if same else links, force=True)
    primed[key] = held | props if same else props


def merge_links(old: Sequence[Link], new: Sequence[Link]) -> list[Link]:
    """`new`, each node also carrying the properties `old` read of it (both lists name
    the same nodes in the same order)."""
    return [
        Link(
            source=n.source,
            rel={**o.rel, **n.rel},
            node=Node(kind=n.node.kind, id=n.node.id, props={**o.node.props, **n.node.props}),
        )
        for o, n in zip(old, new, strict=True)
    ]
