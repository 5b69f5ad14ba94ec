"""Hazards said without their name: a thing and what happens to it (pure).

"煤气漏了" names no label of 燃气事故, but 煤气 (a thing) and 漏 (an event) a few
characters apart in one clause do (hazard_frames.yaml). Each frame is a hazard
with its things and events; a frame fires when one of each occurs in the same
sentence, either order, at most FRAME_REACH characters apart (FRAME_REACH_EN for
English). The evidence is the span from the first to the last word.

Example::

    frames = load_frames()
    [(h, s.text) for h, s in frame_hits(frames, "我家隔壁好像煤气漏了")]
    # [('12PX1', '煤气漏')]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from queries.models import TextSpan
from queries.understanding.facts import sentences
from queries.understanding.matcher import Gazetteer, Match

FRAME_REACH = 12  # characters between a thing and its event (炭火，门窗都关死了，现在叫不醒)
FRAME_REACH_EN = 60  # about eight words ("the embankment along the river in X gave way")
# English puts the subject before its verb and keeps a phrase after an event short: an
# event before its thing reaches only a prepositional phrase ("a fire at a five-storey
# textile factory", "roof fall in the No. 2 stope of an iron ore mine"), not a later clause
# ("caught fire and the tank exploded 25 minutes later, damaging 12 houses").
FRAME_REACH_EN_BACK = 30
# A thing that opens its sentence is its subject: its event may come anywhere in that
# sentence ("Tanker carrying liquid ammonia struck the barrier on the ..., and is leaking").
SUBJECT_WORDS = 4  # the thing starts within the sentence's first words (A, The, Two ...)
# Chinese: within one comma clause the thing is the clause's topic and its event may close
# the clause ("放射源（铱-192）在攀枝花市东区一施工现场作业后丢失"); across a comma, FRAME_REACH.
FRAME_REACH_CLAUSE = 30
# partial_frames: a thing (船, "trawler") says more about the hazard than an event (翻了,
# "listing"), which many frames share.
PARTIAL_THING = 2
PARTIAL_EVENT = 1


@dataclass(frozen=True)
class Frames:
    things: Gazetteer[int]
    events: Gazetteer[int]
    hazards: tuple[str, ...]  # frame index -> hazard id
    thing_first: frozenset[int] = frozenset()  # frames whose event must follow the thing
    # An English thing of several words -> the frames of its last word, its head, when that
    # is a thing too ("office building" -> the frames of "building"): see frame_matches.
    heads: dict[str, tuple[int, ...]] = field(default_factory=dict)


@functools.cache
def load_frames() -> Frames:
    """The shipped frames (hazard_frames.yaml), read once."""
    text = resources.files("queries.understanding").joinpath("hazard_frames.yaml")
    doc: dict[str, Any] = yaml.safe_load(text.read_text("utf-8"))
    return build_frames(doc["frames"])


def build_frames(entries: list[dict[str, Any]]) -> Frames:
    things = [(str(w), i) for i, f in enumerate(entries) for w in f["things"]]
    return Frames(
        Gazetteer(things),
        Gazetteer(_events(entries)),
        tuple(str(f["hazard"]) for f in entries),
        frozenset(i for i, f in enumerate(entries) if f.get("thing_first")),
        _heads(things),
    )


def _heads(things: list[tuple[str, int]]) -> dict[str, tuple[int, ...]]:
    """English things of several words whose last word is a thing of other frames: the
    term -> those frames. Not Chinese, whose compounds have no such heads (a 堤坝, a levee,
    is no 坝, a dam)."""
    frames_of: dict[str, set[int]] = {}
    for word, i in things:
        frames_of.setdefault(word.lower(), set()).add(i)
    out: dict[str, tuple[int, ...]] = {}
    for word, own in frames_of.items():
        if not word.isascii() or " " not in word:
            continue
        other = frames_of.get(word.rsplit(" ", 1)[-1], set()) - own
        if other:
            out[word] = tuple(sorted(other))
    return out


def _events(entries: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """(event, frame index) pairs; a Chinese event also serves every frame of a shorter event
    inside it. The matcher keeps the longest word where words overlap, so without this
    漏了 (a chemical leak's event) would hide 漏 (a gas leak's) in "煤气漏了". Not things: a
    堤坝 (levee) is no 坝 (dam)."""
    frames_of: dict[str, set[int]] = {}
    for i, f in enumerate(entries):
        for w in f["events"]:
            frames_of.setdefault(str(w), set()).add(i)
    out: list[tuple[str, int]] = []
    for word in frames_of:
        inner = [u for u in frames_of if _inside(u, word)]
        out += [(word, i) for i in sorted({i for u in inner or [word] for i in frames_of[u]})]
    return out


def _inside(short: str, long: str) -> bool:
    """Chinese: characters inside (漏 in 漏了); English: whole words inside ("crashed" in
    "crashed into": a ship's collision must not hide a helicopter that crashed into a hill)."""
    if short.isascii() != long.isascii():
        return False
    if not long.isascii():
        return short in long
    return f" {short.lower()} " in f" {long.lower()} "


@dataclass(frozen=True)
class FrameHit:
    hazard: str
    span: TextSpan  # from the first word to the last
    words: tuple[TextSpan, TextSpan]  # the thing and the event


def frame_hits(frames: Frames, text: str) -> list[tuple[str, TextSpan]]:
    """(hazard id, evidence span) of every frame that fires, in text order, once per hazard."""
    return [(h.hazard, h.span) for h in frame_matches(frames, text)]


def frame_matches(frames: Frames, text: str) -> list[FrameHit]:
    """Every frame that fires, with its words, in text order, once per hazard."""
    out: dict[str, FrameHit] = {}
    for start, end in sentences(text):
        clause = text[start:end]
        things = frames.things.find(clause)
        events = frames.events.find(clause)
        fired = _pair(frames, clause, start, things, events, out)
        # The matcher keeps the longest word: an "office building" (a fire's thing) hides the
        # "building" an earthquake shakes. Where none of the longer thing's own frames fired,
        # its head serves its own frames ("the office building started shaking"); where one
        # did, the head stays hidden (a propane tank that exploded is no chemical tank's blast).
        heads = [
            Match(i, t.term.rsplit(" ", 1)[-1], _head_span(t.span))
            for t in things
            if t.span not in fired
            for i in frames.heads.get(t.term.lower(), ())
        ]
        if heads:
            _pair(frames, clause, start, heads, events, out)
    return sorted(out.values(), key=lambda h: h.span.start)


def _head_span(span: TextSpan) -> TextSpan:
    at = span.text.rfind(" ") + 1
    return TextSpan(span.start + at, span.end, span.text[at:])


def _pair(
    frames: Frames,
    clause: str,
    start: int,
    things: list[Match[int]],
    events: list[Match[int]],
    out: dict[str, FrameHit],
) -> set[TextSpan]:
    """Add to `out` the frames whose thing and event pair in `clause` (which starts at `start`
    in the text); the spans of the things whose frame fired (or had fired already)."""
    fired: set[TextSpan] = set()
    for t in things:
        for e in events:
            if t.payload != e.payload:
                continue
            if t.span.start < e.span.end and e.span.start < t.span.end:
                continue  # the same characters: 大火 is no thing plus event
            hazard = frames.hazards[t.payload]
            if t.payload in frames.thing_first and e.span.start < t.span.start:
                continue  # people who block a road: not a road blocked, then people
            if not _within_reach(clause, t.span, e.span, t.term.isascii()):
                continue
            fired.add(t.span)
            if hazard in out:
                continue
            s, f = min(t.span.start, e.span.start), max(t.span.end, e.span.end)
            words = tuple(
                TextSpan(start + w.span.start, start + w.span.end, w.span.text) for w in (t, e)
            )
            evidence = TextSpan(start + s, start + f, clause[s:f])
            out[hazard] = FrameHit(hazard, evidence, (words[0], words[1]))
    return fired


def partial_frames(frames: Frames, text: str) -> list[str]:
    """Hazards whose frame has only a thing or only an event in `text` (or both, out of
    reach), best first: a thing weighs PARTIAL_THING, an event PARTIAL_EVENT, ties by first
    position, then the file's order. Never a hazard (a boat is no shipwreck): the choices
    offered when the report is not recognised ("我们船主机有问题" offers 船舶遇险 first)."""
    score: dict[str, int] = {}
    first: dict[str, int] = {}
    for weight, found in ((PARTIAL_THING, frames.things), (PARTIAL_EVENT, frames.events)):
        hazards = {frames.hazards[m.payload]: m.span.start for m in reversed(found.find(text))}
        for hazard, start in hazards.items():
            score[hazard] = score.get(hazard, 0) + weight
            first[hazard] = min(first.get(hazard, start), start)
    # Ties (船 is in every ship frame) go to the frame listed first: the file lists the
    # common case of each thing first (a ship in distress before a ship collision).
    return sorted(score, key=lambda h: (-score[h], first[h], frames.hazards.index(h)))


def _within_reach(clause: str, thing: TextSpan, event: TextSpan, english: bool) -> bool:
    """Whether a thing and an event in one sentence are close enough to be one statement."""
    gap = max(thing.start, event.start) - min(thing.end, event.end)
    if not english:
        between = clause[min(thing.end, event.end) : max(thing.start, event.start)]
        same_clause = not any(p in between for p in "，,、：:")
        return gap <= FRAME_REACH or (same_clause and gap <= FRAME_REACH_CLAUSE)
    if event.start < thing.start:
        # A prepositional phrase ends at a comma: "a large fire, smoke drifting over homes".
        between = clause[event.end : thing.start]
        return gap <= FRAME_REACH_EN_BACK and not any(p in between for p in ",;:")
    return gap <= FRAME_REACH_EN or _opens_sentence(clause, thing)


def _opens_sentence(clause: str, thing: TextSpan) -> bool:
    """The thing stands among the sentence's first words, after any dateline ("HOUSTON -")."""
    head = clause[: thing.start]
    head = head.rsplit(" - ", 1)[-1] if " - " in head else head
    return len(head.split()) < SUBJECT_WORDS
