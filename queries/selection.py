"""Step 4b (pure): choose the force package: cover every need at the least total ETA.

Baseline - greedy weighted set cover: repeatedly take the team with the best
    value = gain x (1 + PREFERENCE x score) / (ETA + ETA_FLOOR)
where gain = sum over the needs it would still help with of weight x level fit
(a need's second unit, asked for critical needs at level I, counts
REDUNDANCY_CREDIT of the first), until every need has its units or `max_teams`
teams are chosen. The score term lets plan designation, readiness and
experience break near-ties; ETA_FLOOR stops a team 1 minute away from
outweighing everything.

Improvement - local search (`improve`): greedy can choose a team early that later
choices make redundant, or a slow team where a faster one covers the same.
Drop any team whose removal keeps every need's units and best level fit; then
swap a chosen team for a faster unchosen one when that keeps them too and the
newcomer's score is not clearly lower (a plan-designated team is not traded for a
few minutes); repeat.
Never worse than greedy (each step lowers total ETA without losing coverage);
tests/unit/recommend/test_selection.py shows a case where it is strictly better.

Example::

    chosen = select_package(needs, options, max_teams=10)   # ids, in choice order
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ETA_FLOOR = 10.0  # minutes added to every ETA in the value ratio
PREFERENCE = 0.5  # how much the candidate's score lifts its value (0 = pure set cover)
REDUNDANCY_CREDIT = 0.5  # a second unit for a need is worth half the first
SWAP_SCORE_TOLERANCE = 0.05  # a swap may not trade a clearly better-scored team for speed
MAX_ROUNDS = 5  # greedy + local search rounds (each round can only lower total ETA)


@dataclass(frozen=True)
class NeedSpec:
    id: str
    weight: float
    units: int = 1


@dataclass(frozen=True)
class Option:
    id: str
    eta: float
    fits: Mapping[str, float]  # need id -> level fit in (0, 1]
    score: float = 0.0


Profile = tuple[tuple[int, float], ...]


def profile(needs: Sequence[NeedSpec], chosen: Sequence[Option]) -> Profile:
    """Per need: units provided (capped at those asked) and the best level fit."""
    out = []
    for n in needs:
        fits = [o.fits[n.id] for o in chosen if n.id in o.fits]
        out.append((min(len(fits), n.units), max(fits, default=0.0)))
    return tuple(out)


def _plus(needs: Sequence[NeedSpec], left: Profile, o: Option) -> Profile:
    """`profile(needs, [*rest, o])` from `left` = `profile(needs, rest)` (the same values)."""
    fits = o.fits
    return tuple(
        (min(have + 1, n.units), max(best, fits[n.id])) if n.id in fits else (have, best)
        for n, (have, best) in zip(needs, left, strict=True)
    )


def _at_least(a: Profile, b: Profile) -> bool:
    return all(x[0] >= y[0] and x[1] >= y[1] for x, y in zip(a, b, strict=True))


def _counts(chosen: Sequence[Option]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in chosen:
        for nid in c.fits:
            counts[nid] = counts.get(nid, 0) + 1
    return counts


def gain(needs: Mapping[str, NeedSpec], counts: Mapping[str, int], o: Option) -> float:
    """What `o` adds to the coverage the chosen teams (`counts` per need) already give."""
    g = 0.0
    for nid, fit in o.fits.items():
        n = needs.get(nid)
        have = counts.get(nid, 0)
        if n is None or have >= n.units:
            continue
        g += n.weight * fit * (1.0 if have == 0 else REDUNDANCY_CREDIT)
    return g


def greedy(
    needs: Sequence[NeedSpec],
    options: Sequence[Option],
    max_teams: int,
    start: Sequence[Option] = (),
) -> list[Option]:
    """Greedy weighted set cover (the baseline), continuing from `start`."""
    chosen = list(start)
    by_id = {n.id: n for n in needs}
    taken = {o.id for o in chosen}
    pool = sorted((o for o in options if o.id not in taken), key=lambda o: (o.eta, o.id))
    while len(chosen) < max_teams:
        counts = _counts(chosen)
        best: tuple[float, float, Option] | None = None
        for o in pool:
            g = gain(by_id, counts, o)
            if g <= 0:
                continue
            value = g * (1.0 + PREFERENCE * o.score) / (o.eta + ETA_FLOOR)
            # ties: larger value, then larger gain, then faster, then id (pool order)
            if best is None or (value, g) > (best[0], best[1]):
                best = (value, g, o)
        if best is None:
            break
        chosen.append(best[2])
        pool.remove(best[2])
    return chosen


def improve(
    needs: Sequence[NeedSpec], options: Sequence[Option], chosen: Sequence[Option]
) -> list[Option]:
    """Local search: drop redundant teams, swap for faster ones, keeping the coverage profile."""
    current = list(chosen)
    target = profile(needs, current)
    ordered = sorted(options, key=lambda a: (a.eta, a.id))
    changed = True
    while changed:
        changed = False
        for o in sorted(current, key=lambda o: (-o.eta, o.id)):
            rest = [c for c in current if c.id != o.id]
            left = profile(needs, rest)
            if _at_least(left, target):
                current, changed = rest, True
                break
            lost = [n.id for n, a, b in zip(needs, left, target, strict=True) if a < b]
            ids = {c.id for c in current}
            for alt in ordered:
                if alt.eta >= o.eta:
                    break
                if alt.id in ids or alt.score < o.score - SWAP_SCORE_TOLERANCE:
                    continue
                if not all(nid in alt.fits for nid in lost):
                    continue
                if _at_least(_plus(needs, left, alt), target):
                    current, changed = [alt if c.id == o.id else c for c in current], True
                    break
            if changed:
                break
    return current


def total_eta(chosen: Sequence[Option]) -> float:
    return round(sum(o.eta for o in chosen), 3)


def select_package(
    needs: Sequence[NeedSpec],
    options: Sequence[Option],
    max_teams: int,
    *,
    local_search: bool = True,
) -> list[Option]:
    """The chosen teams in choice order (greedy, then local search, repeated while it helps)."""
    chosen = greedy(needs, options, max_teams)
    if not local_search:
        return chosen
    for _ in range(MAX_ROUNDS):
        better = improve(needs, options, chosen)
        more = greedy(needs, options, max_teams, start=better)
        if [o.id for o in more] == [o.id for o in chosen]:
            break
        chosen = more
    return chosen
