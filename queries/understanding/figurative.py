"""Hazard words used in another sense (pure): no incident, whatever else the text states.

A word names a hazard only in its literal sense. Set apart, where every span of a mention is:
- a decline or a mood said with a hazard word (成绩一路滑坡, 销量雪崩, 心态爆炸): the word
  follows, within its clause, a subject that cannot slide, explode or quake (FIGURATIVE_ZH);
- a quantity said as a hazard ("an avalanche of complaints", "a tsunami of orders"): the word
  after an article and before "of", unless what follows is matter (a flood of water, mud);
- a loss said as a fire ("my portfolio is in flames", "his career is on fire");
- a work of fiction (the blizzard chapter, 灾难电影, "the tsunami scene");
- anything in a text that declares itself a review, a recipe or a game's patch notes
  (影评：, 给三星, "Two and a half stars", 水煮鱼做法：, "Patch 3.2 notes"): a blender "is a
  tornado in a jar", a wok is heated 大火烧到冒烟, a boss spawns in a flood level;
- what a stove is used for ("a grill used indoors for heat": heat is its purpose, no heat wave);
- a simile (报表像雪崩一样压下来) and a hazard word alone in scare quotes (刮起一阵“龙卷风”);
- drowning in work ("drowning in spreadsheets");
- anything in a text that describes a game, a film, a book or a listing (手游, "Rated PG-13",
  《……》一书, "3BR/2BA", "Ships free", "a survival strategy game"), or that is a recipe's
  steps, a lesson plan (教学目标, "Homework:") or a document's chapter (第三章).

Example::

    [s.text for s in figurative_spans("这学期他的成绩一路滑坡", [TextSpan(9, 11, "滑坡")])]
    # ['滑坡']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from queries.models import TextSpan

# Subjects that decline or burst only figuratively, then at most FIGURATIVE_GAP characters
# of the same clause before the hazard word.
FIGURATIVE_ZH = (
    "成绩", "业绩", "销量", "销售额", "营收", "收入", "利润", "人气", "口碑", "信誉", "排名",
    "收视", "分数", "心态", "心情", "情绪", "脑子", "脑袋", "朋友圈", "评论区", "热搜",
)  # fmt: skip
# 翻车 after an exam or an interview is its failure (考试直接翻车了); other hazard words after
# them stay literal (考试时教室起火). Not after a race, a show or a live stream: a race car, a
# stunt rider or a streamer's lorry does roll over (比赛中赛车翻车).
_ZH_FLOP = re.compile(r"(?:考试|考研|数学|英语|答题|面试|答辩)[^，。！？；,.!?;\s车巴]{0,4}$")
FIGURATIVE_GAP = 4
_ZH_BEFORE = re.compile(
    "(?:" + "|".join(FIGURATIVE_ZH) + rf")[^，。！？；,.!?;\s]{{0,{FIGURATIVE_GAP}}}$"
)
_EN_QUANTITY_WORDS = (
    "avalanche", "tsunami", "storm", "firestorm", "flood", "deluge", "torrent", "hurricane",
    "earthquake", "landslide", "tidal wave", "blizzard", "tornado", "wave",
)  # fmt: skip
_EN_QUANTITY_BEFORE = re.compile(r"\b(?:an?|the)\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
_EN_QUANTITY_AFTER = re.compile(
    r"^\s+of\s+(?!water|mud|debris|lava|snow|rocks?|ash|sea ?water|flood ?water)", re.IGNORECASE
)
# Drowning in work, not in water ("I'm drowning in spreadsheets").
_EN_DROWNING_AFTER = re.compile(
    r"^\s+in\s+(?:paperwork|spreadsheets?|e-?mails?|work|debt|bills|meetings|tickets|"
    r"homework|assignments|deadlines|reports|messages)\b",
    re.IGNORECASE,
)
_EN_LOSS_BEFORE = re.compile(
    r"\b(?:portfolio|portfolios|career|marriage|relationship|savings|investments?|pension|"
    r"crypto|stocks?)\b[^.,;!?]{0,20}$",
    re.IGNORECASE,
)
_FICTION_AFTER = re.compile(
    r"^(?:\s+(?:chapter|episode|level|mission|movie|film|novel|scene|trailer|dlc|stage)\b"
    r"|(?:电影|大片|灾难片|小说|游戏|关卡|副本|剧情))",
    re.IGNORECASE,
)
# A text that says it is a review, a recipe or a game's patch notes (checked on the whole text).
_NOT_A_REPORT = re.compile(
    r"影评|书评|剧评|测评|给[一二三四五1-5]星|打[一二三四五1-5]星|[一二三四五]星好评|[★☆]{3,}"
    r"|菜谱|食谱|[鱼肉鸡鸭鹅虾蟹菜汤面饭粥饼糕丁排骨豆腐]的?做法："
    r"|\breview:|\brecipe:|\bpatch (?:\d+(?:\.\d+)* )?notes\b"
    # a recipe's steps ("Bake at 425F for 12 minutes": the lava cake's "lava flow")
    r"|\bpreheat (?:the )?oven\b|\bbake (?:at|for) \d"
    # a lesson plan (教学目标：了解地震、火山; "Lesson 12: Volcanoes ... Homework:")
    r"|教学目标|教学重点|教学难点|\blesson plan\b|\blesson \d+:|\bhomework:|\blearning objectives\b"
    # a document's chapter heading at a line's start (第三章 防治目标: a plan's targets; a
    # report citing 预案第三章 stays a report)
    r"|(?:^|\n)[ \t\u3000]*第[一二三四五六七八九十\d]+章"
    r"|\b(?:one|two|three|four|five|[1-5])(?: and a half)? stars?(?: out of (?:five|5))?\s*[.;!]",
    re.IGNORECASE,
)
# A simile (报表像雪崩一样压下来, 热度像火山爆发一样, 吵得跟地震似的): the hazard word between
# 像/如/跟 and 一样/似的/般 in one clause is what something is like, not what happened.
_ZH_SIMILE_BEFORE = re.compile(r"(?:像|好像|就像|如同|犹如|仿佛|跟)[^，。！？；,.!?;\s]{0,3}$")
_ZH_SIMILE_AFTER = re.compile(r"^[^，。！？；,.!?;\s]{0,3}(?:一样|一般|似的|般)")
# A hazard word alone in scare quotes (刮起了一阵“龙卷风”, 引发了弹幕“海啸”): said in
# another sense. A named storm in quotes names no hazard word (“利奇马”台风 keeps 台风).
_ZH_SCARE_QUOTED = re.compile(r"[“「『\"]$")
_ZH_SCARE_QUOTE_END = re.compile(r"^[”」』\"]")
# Works and listings described, not events (checked on the whole text): a game (手游, "you
# play"), a film (上映, "Rated PG-13"), a book (《大河安澜》一书), a home for sale ("3BR/2BA").
_MEDIA_OR_LISTING = re.compile(
    r"手游|网游|玩家需要|全平台预约|预约即送|》一书|本书|新书|该剧|这部剧|这部电影|上映"
    r"|\byou play\b|\bout now on\b|\bavailable now on\b|\bon all platforms\b"
    r"|\brated (?:g|pg|pg-13|r|nc-17)\b|\bin (?:theaters|theatres|cinemas)\b"
    r"|\b\d\s?br\s?/\s?\d\s?ba\b|\bsq\.? ?ft\b|\bships free\b|\bfree shipping\b"
    r"|\badd to cart\b|\bnot in a flood zone\b"
    r"|\bis an? (?:[\w-]+ ){0,2}(?:video|strategy|survival|mobile|board|online|puzzle) game\b"
    r"|\bnew season adds\b",
    re.IGNORECASE,
)
_PURPOSE_BEFORE = re.compile(r"\bfor\s+$", re.IGNORECASE)
_PURPOSE_WORDS = ("heat", "warmth")


def _figurative(text: str, span: TextSpan) -> bool:
    before, after = text[: span.start], text[span.end :]
    word = span.text.lower()
    if _ZH_BEFORE.search(before) or _FICTION_AFTER.search(after):
        return True
    if word.startswith("翻车") and _ZH_FLOP.search(before):
        return True
    if _ZH_SIMILE_BEFORE.search(before) and _ZH_SIMILE_AFTER.search(after):
        return True
    if _ZH_SCARE_QUOTED.search(before) and _ZH_SCARE_QUOTE_END.search(after):
        return True
    if word.startswith("drown") and _EN_DROWNING_AFTER.search(after):
        return True
    if word in _EN_QUANTITY_WORDS and _EN_QUANTITY_BEFORE.search(before):
        return bool(_EN_QUANTITY_AFTER.search(after))
    if _EN_LOSS_BEFORE.search(before) and word in (
        "in flames",
        "flames",
        "on fire",
        "fire",
        "ablaze",
    ):
        return True
    return word in _PURPOSE_WORDS and bool(_PURPOSE_BEFORE.search(before))


def figurative_spans(text: str, spans: Sequence[TextSpan]) -> list[TextSpan]:
    """The spans of `spans` whose hazard word is used in another sense (see the module)."""
    if _NOT_A_REPORT.search(text) or _MEDIA_OR_LISTING.search(text):
        return list(spans)
    return [s for s in spans if _figurative(text, s)]
