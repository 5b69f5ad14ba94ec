"""Hazards a report says may follow are possible, not happening (pure).

"注意防范山洪、滑坡、泥石流", "Mountain areas should guard against flash floods, landslides
and debris flows", "Debris flows are possible below the burn area": a warning names what
might come next. Those hazards must not bring forces of their own, but the commander should
see them and may add one. A mention is hedged when a hedge word stands before it in its
sentence (防范 ... 山洪、滑坡: the hedge covers the list after it) or a hedge phrase follows it
in its clause ("debris flows are possible", "滑坡可能发生").

A report that names only hedged hazards is a warning about them: they stay its hazards
(`split_hedged` keeps them all), as the warning's own subject; a text that is no warning
(no 预警, 预计, "warning", "forecast"...) and states no fact and no place is a slogan or a
safety sign ("珍爱生命，严防溺水"): nothing happens in it.

Example::

    sure, possible = split_hedged("暴雨持续，注意防范山洪、滑坡", named)
    [n.term.hazard.id for n in sure], [n.term.hazard.id for n in possible]
    # (['11B03'], ['11A51', '11D01'])
"""

from __future__ import annotations

from functools import cache

from queries.understanding.facts import clauses, sentences
from queries.understanding.matcher import Gazetteer
from queries.understanding.mentions import NamedHazard

# Before the hazard, anywhere earlier in its sentence.
# Not "possible", "有可能": "a possible gas leak", "有可能是煤气泄漏" is a suspected event that
# forces go to.
HEDGES_BEFORE_ZH = ("防范", "谨防", "严防", "防止", "杜绝", "警惕", "预防", "防御", "可能引发",
                    "可能发生", "可能出现",
                    "可能造成", "或将引发", "或将出现", "易引发", "易发生", "易诱发")  # fmt: skip
HEDGES_BEFORE_EN = ("guard against", "watch for", "watch out for", "be alert to", "be alert for",
                    "be prepared for", "may trigger", "may cause", "could trigger", "could cause",
                    "might trigger", "may lead to", "could lead to", "potential for")  # fmt: skip
# After the hazard, in its clause, or after the list it opens (English clauses end at "and").
LIST_WORDS = 3
HEDGES_AFTER_ZH = ("可能发生", "或将发生", "可能出现", "风险较高", "隐患")
# After a Chinese list, up to the end of its clause: what a warning's defence guide asks
# ("3.做好山洪、滑坡、泥石流等灾害的防御和抢险工作", "加强对山洪的防范").
HEDGES_AFTER_LIST_ZH = ("的防御", "的防范", "的预防", "防御工作", "防范工作", "的防治")
HEDGES_AFTER_EN = ("are possible", "is possible", "may occur", "could occur", "may develop",
                   "could develop", "may follow", "could follow", "are likely",
                   "is likely")  # fmt: skip


@cache
def _hedges(where: str) -> Gazetteer[str]:
    """Hedge words said before or after a mention, matched whole-word like every term."""
    words = (
        HEDGES_BEFORE_ZH + HEDGES_BEFORE_EN
        if where == "before"
        else HEDGES_AFTER_ZH + HEDGES_AFTER_EN
    )
    return Gazetteer([(w, w) for w in words])


def _enclosing(spans: list[tuple[int, int]], at: int) -> tuple[int, int]:
    return next(((a, b) for a, b in spans if a <= at < b), (at, at))


def _list_scope(before: str) -> str:
    """What of the sentence before a mention a hedge there still covers: a list after it
    (防范山洪、滑坡; "guard against flash floods, landslides and debris flows"), not a new
    statement after a comma (提醒防范山洪，目前某县已发生山洪) or "but"."""
    cut = max(before.rfind(p) for p in "，；;")
    for w in (" but ", " while ", " however ", " now ", " already "):
        cut = max(cut, before.lower().rfind(w))
    return before[cut + 1 :] if cut >= 0 else before


def _listed_before(after: str) -> bool:
    """A hedge after a list the mention opens ("flash floods and landslides are likely"): no
    more than LIST_WORDS words and no comma between the mention and the hedge."""
    for m in _hedges("after").find(after):
        between = after[: m.span.start]
        if not any(p in between for p in ",;，；") and len(between.split()) <= LIST_WORDS:
            return True
    return False


def hedged(text: str, start: int, end: int) -> bool:
    """Whether the mention at [start, end) is said as something that may happen."""
    s0, s1 = _enclosing(sentences(text), start)
    _, c1 = _enclosing(clauses(text), start)
    before, after = _list_scope(text[s0:start]), text[end:c1]
    if _hedges("before").find(before) or _hedges("after").find(after):
        return True
    rest = text[end:s1]
    if rest.isascii():
        return _listed_before(rest)
    return _guarded_after_list(rest)


def _guarded_after_list(after: str) -> bool:
    """A Chinese list the mention opens, then what to guard it by, before the next comma
    ("山洪、滑坡、泥石流等灾害的防御")."""
    cut = min((i for i in (after.find(p) for p in "，,；;。") if i >= 0), default=len(after))
    return any(h in after[:cut] for h in HEDGES_AFTER_LIST_ZH)


# What makes a text that names only hedged hazards a warning (about them), not a slogan or a
# safety sign ("珍爱生命，严防溺水", "请勿在河边嬉戏，谨防溺水").
WARNING_MARKERS = (
    "预警", "预计", "未来", "将出现", "将有", "气象台", "发布", "提醒", "请注意", "降雨",
    "风险等级",
    "warning", "watch", "advisory", "expected", "forecast", "in effect", "issued", "alert",
    "next 24 hours", "next 48 hours",
)  # fmt: skip


def is_warning(text: str) -> bool:
    """Whether the text reads as a warning (a marker of one occurs in it)."""
    low = text.lower()
    return any(m in low for m in WARNING_MARKERS)


def split_hedged(
    text: str, named: list[NamedHazard], stated: bool = True
) -> tuple[list[NamedHazard], list[NamedHazard]]:
    """(happening, possible): a hazard is possible when every mention of it is hedged; when
    nothing else is named, the hedged ones are the subject of a warning and all stay, unless
    the text is no warning and states nothing (`stated`: no fact, no place): a slogan."""
    possible = [n for n in named if all(hedged(text, s.start, s.end) for s in n.spans)]
    if len(possible) == len(named):
        if possible and not stated and not is_warning(text):
            return [], possible
        return named, []
    return [n for n in named if n not in possible], possible
