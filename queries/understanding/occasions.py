"""Hazards named for an occasion that is no incident: a drill, an anniversary, an awareness
day, an advertisement, a meeting or training notice, a false alarm or a denied rumour.

A duty desk receives texts that name hazards without anything happening: drill and
exercise notices ("定于12月5日开展地震应急疏散演练，届时模拟发生6.0级地震", "THIS IS A
DRILL"), anniversaries ("汶川地震十周年", "ten years since the earthquake") and awareness
campaigns ("防灾减灾日", "flood awareness week"). A hazard named in such a text must bring
no forces: it is set apart with the occasion, so the commander sees why, and may still
choose it if the text is in fact a real report.

Scopes, from how such texts are worded:
- a whole-text marker ("this is a drill", "EXERCISE EXERCISE", "本信息为演练") makes every
  mention an exercise;
- a drill or awareness marker makes the mentions of its sentence one (演练 ... 地震);
- an anniversary marker only the mentions of its comma clause (纪念汶川地震，...): a
  report may recall a past quake beside a new one ("汶川地震十周年之际，茂县发生滑坡").
  A past event retold by its year is one too (`past_years`): "1998年长江流域特大洪水",
  "the 1906 San Francisco earthquake and fire", "the great flood of 1927", but only a year
  that stands shortly before the mention in its sentence (YEAR_REACH: "2008年汶川地震后重建
  的学校今天发生火灾" still names a fire), or "of/in 1927" in its clause, and that is no date
  of the report (2026年12月1日, 2026年第9号台风) nor a comparison (1998年以来最大);
- an advertisement's sentence (限时特价, 买二送一, "20% off", "on sale"): a product or an
  insurance policy named after a hazard (台风季车辆涉水险, "Avalanche transceivers");
- a meeting's or a training course's notice, by its sentence (会议的通知, 参训名单,
  "Agenda: hazmat plan update"); not a meeting that is told of (会议通报，...发生火灾);
- a false alarm or a denied rumour, by its sentence (火灾报警经核实为误报，无火情，已销警;
  网传地震系谣言; "it was a false alarm"), except what a correction names after it in the
  sentence (前报泥石流系误报，实为滑坡: the landslide is real; `CORRECTION`).
Not markers: 训练 and "training" (a training ground has real accidents), 周年庆 (a crowd
at an anniversary sale is real), "exercise caution", and what happens during a drill
(演练过程中一名队员坠落受伤 is a real fall).

Example::

    real, apart, occasion = split_occasions("明天上午在全县开展地震应急演练", named)
    [n.term.hazard.id for n in real], [n.term.hazard.id for n in apart], occasion
    # ([], ['11C02'], 'drill')
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache

from queries.models import TextSpan
from queries.understanding.facts import clauses, sentences
from queries.understanding.matcher import Gazetteer
from queries.understanding.mentions import NamedHazard

DRILL = "drill"
ANNIVERSARY = "anniversary"
AWARENESS = "awareness"
ADVERT = "advert"
NOTICE = "notice"
FALSE_ALARM = "false_alarm"
UNLIKE_A_REPORT = "unlike_a_report"  # no marker: the learned gate's verdict (report_gate.py)
OCCASIONS = (DRILL, ANNIVERSARY, AWARENESS, ADVERT, NOTICE, FALSE_ALARM, UNLIKE_A_REPORT)

# The text declares itself an exercise, wherever it says so.
WHOLE_TEXT = {
    DRILL: (
        "this is a drill", "this is an exercise", "this is only a drill", "exercise exercise",
        "exercise only", "drill only", "test message", "this is a test", "for exercise purposes",
        "本信息为演练", "此为演练", "本次为演练", "演练信息", "演练消息", "演练内容", "非真实事件",
        "不是真实事件", "测试信息", "测试消息", "【演练】", "（演练）", "(演练)",
    ),
    # A safety-advice piece's headline: "地震了怎么办？教你几招避险知识".
    AWARENESS: (
        "教你几招", "避险知识", "逃生知识", "自救知识", "避险指南", "逃生指南", "自救指南",
        "小贴士", "safety tips", "survival tips",
        # Asking to be taught (地震了怎么办？……求科普。).
        "求科普", "科普一下",
    ),
    # A shop's offer, wherever in the text it is (抽水泵，排涝神器……今日下单包邮).
    # An insurer's call to buy, wherever it stands (台风、暴雨……扫码立即投保; "... Get a quote").
    ADVERT: (
        "今日下单", "下单包邮", "下单立减", "拍下立减", "链接在评论区", "link in bio", "立即投保",
        "扫码投保", "扫码立即投保", "get a quote",
        # A job posting (招聘公告, "Salary $58,400", "Applications close January 15") and a
        # course's call to enrol ("early-bird discount", 培训开始报名啦): what the job or the
        # course deals with is named, nothing happens.
        "招聘公告", "招聘启事", "面向社会招聘", "岗位职责", "任职要求", "报名啦", "开始报名",
        "salary", "applications close", "apply by", "apply now", "early-bird", "early bird",
        "next session starts", "enroll now", "enrol now", "register now",
        "hiring:", "we're hiring", "we are hiring", "competitive pay",
        # An insurer's quote, wherever it stands ("... Get a free quote", 扫码一键报价).
        "free quote", "一键报价", "现在投保",
    ),
    # A remembrance's dedication (谨以此文，献给那场大地震中逝去的同胞).
    ANNIVERSARY: ("谨以此文",),
}  # fmt: skip
# The sentence around a mention.
SENTENCE = {
    DRILL: (
        "演练", "演习", "模拟", "推演", "拉练", "drill", "drills", "exercise", "exercises",
        "simulated", "simulation", "mock", "tabletop", "scenario-based",
        # A training course's notice (举办危险化学品泄漏事故应急处置培训班的通知), not a
        # training ground (训练) nor a course's trainees caught by a real flood.
        "培训班的通知", "培训的通知", "举办培训班", "培训班报名", "培训报名", "training course",
        # A siren test (防空警报试鸣, "tornado sirens are tested on the first Wednesday").
        "试鸣", "siren test", "siren tests", "siren testing", "sirens are tested",
        "sirens will be tested", "test of the sirens", "test of the outdoor warning sirens",
        # A building's yearly inspection of its fire systems (消防设施年度检测，报警器会鸣响).
        "年度检测", "消防设施检测", "设施检测",
    ),
    # A column of this day in history, a remembrance ("Eighteen years ago today, ... We
    # remember those we lost."), by its sentence.
    ANNIVERSARY: (
        "历史上的今天", "years ago today", "years ago this week", "years ago this month",
        "we remember", "this day in history",
    ),
    AWARENESS: (
        "防灾减灾日", "宣传周", "宣传月", "宣传日", "安全月", "科普", "知识讲座", "安全知识",
        "awareness week", "awareness month", "awareness day", "preparedness month",
        "preparedness week", "safety tips", "safety week", "open house", "开放日",
        "preparedness:", "stock up on", "emergency kit", "应急包", "家庭应急物资",
        # Asking what one would do ("What should I do if an earthquake hits?", "Would a big
        # quake offshore cause a tsunami here?"): advice, not a report (advice_questions).
        "what should i do if", "what should we do if", "what to do if", "what do i do if",
        "what do you do if", "what happens if", "what would happen if", "how to survive",
        "how to prepare for", "would a",
        "preparedness fair", "preparedness event", "preparedness class", "preparedness workshop",
        "safety fair",
        # What to keep ready for a disaster one may meet one day: "a go-bag in case we ever".
        "go-bag", "go bag", "grab bag", "bug-out bag", "in case we ever", "in case i ever",
        # A safety slogan ("Turn around, don't drown").
        "turn around, don't drown", "turn around don't drown", "turn around, dont drown",
    ),
    # Prices and offers. Not markers: insurance (a 通报 tells of claims paid after a flood),
    # 限时 alone (限时通行: traffic let through in turns), 抢购 (panic buying is an event).
    ADVERT: (
        "限时特价", "限时优惠", "限时折扣", "特价", "优惠", "打折", "折扣", "买一送一", "买二送一",
        "包邮", "下单", "促销", "神器", "再也不用愁", "秒杀", "涉水险", "% off", "on sale",
        "特惠", "立即投保", "扫码投保", "扫码购买",
        "free quote", "get a quote",
        "buy now", "order now", "shop now", "special offer", "limited time offer", "promo code",
        "call today", "are you covered", "free review", "free consultation",
    ),
    # Who is to attend and what is on the programme. Not 会议 or 培训 alone: a meeting told
    # of (会议通报, 会议指出) and a course's trainees caught by a flood are real.
    NOTICE: (
        "会议的通知", "参会人员", "参会单位", "与会人员", "请准时参会", "参训", "专题培训",
        "业务培训", "技能培训", "培训内容", "培训时间", "培训地点",
        "agenda:", "agenda items", "on the agenda", "meeting agenda", "please confirm attendance",
        "rsvp", "training session", "training sessions", "training will cover",
    ),
    # Nothing is happening: the alarm was false, the rumour is denied.
    FALSE_ALARM: (
        "误报", "虚警", "误触发", "无火情", "未发现火情", "已销警", "销警", "系谣言", "是谣言",
        "纯属谣言", "属于谣言", "为谣言", "辟谣", "不信谣", "不传谣",
        "false alarm", "false alarms", "hoax", "no fire was found", "no fire found",
        "no sign of fire", "rumor is false", "rumour is false", "rumors are false",
        "rumours are false", "unfounded rumor", "unfounded rumour", "fake news",
    ),
}  # fmt: skip
# Words that introduce what really is, after a false alarm (前报泥石流系误报，实为滑坡).
CORRECTION = re.compile(
    r"实为|实际为|实际是|应为|更正为|而是|但|另有|另一处"
    r"|\b(?:however|but|instead|actually|in fact)\b",
    re.IGNORECASE,
)
# The comma clause around a mention.
CLAUSE = {
    ANNIVERSARY: (
        "周年", "年前的今天", "年后的今天", "纪念", "祭奠", "悼念", "缅怀", "anniversary",
        "years since", "commemorate", "commemorates", "commemorating", "commemoration",
        "remembering", "in memory of", "回顾", "史料", "looks back", "look back",
        "looking back",
        # Relief for those a past disaster struck: a fundraiser, a donation drive.
        "募捐", "捐款", "捐赠", "义卖", "义演", "fundraiser", "fundraising", "relief fund",
        "donation drive", "donations for",
    ),
}  # fmt: skip
# Everyday phrases that hold a marker and name no occasion.
NOT_MARKERS = (
    "周年庆", "周年店庆", "exercise caution", "exercise care", "exercise restraint",
    "exercise extreme caution", "exercised", "mock-up",
    # Something that happens during a drill is real: "演练过程中一名队员坠落受伤".
    "演练中", "演练过程中", "演练时", "演习中", "演习过程中", "演习时", "during a drill",
    "during the drill", "during an exercise", "during the exercise",
    # A false alarm denied: the event is real.
    "并非误报", "不是误报", "不属于误报", "排除误报", "not a false alarm", "no false alarm",
    "not a hoax",
)  # fmt: skip


@dataclass(frozen=True)
class _Marker:
    occasion: str
    scope: str  # text | sentence | clause


@cache
def _markers() -> Gazetteer[_Marker | None]:
    terms: list[tuple[str, _Marker | None]] = []
    for scope, table in (("text", WHOLE_TEXT), ("sentence", SENTENCE), ("clause", CLAUSE)):
        terms += [(w, _Marker(occ, scope)) for occ, words in table.items() for w in words]
    # A longer everyday phrase takes the marker's characters (the matcher keeps the longest).
    terms += [(w, None) for w in NOT_MARKERS]
    return Gazetteer(terms)


# A year that names a past event: before the mention in its clause (1998年长江特大洪水,
# "the 2011 tsunami"), or "of/in 1927" anywhere in it. Not a date of the report (2026年12月,
# 2026年第9号台风, "December 1, 2026") nor a comparison (1998年以来最大, "since 1998").
_ZH_YEAR = re.compile(
    r"(?<![\d.])(?:1[5-9]\d\d|20\d\d)年(?![\d一二三四五六七八九十元]|第|以来|来|度|初|底|中|前|后|汛|入|春|夏|秋|冬|上|下)"
)
_EN_YEAR_BEFORE = re.compile(r"\bthe (?:1[5-9]\d\d|20\d\d)\b", re.IGNORECASE)
_EN_YEAR_CLAUSE = re.compile(r"\b(?:of|in) (?:1[5-9]\d\d|20\d\d)\b(?![,/.]?\d)", re.IGNORECASE)
YEAR_SCOPE = "year"  # the mentions shortly after the year, in its sentence
YEAR_REACH = 12  # characters from the year to the mention (1998年长江流域特大洪水)
YEAR_REACH_EN = 45  # "the 1906 San Francisco earthquake and fire"


# A date of a past year (1975年8月河南驻马店特大洪水): a report is dated this year or the last.
_ZH_PAST_DATE = re.compile(
    r"(?<![\d.])(1[5-9]\d\d|20\d\d)年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
)
PAST_DATE_YEARS = 2  # a date at least this many years before today's year is history


def past_years(text: str) -> list[tuple[str, str, int]]:
    """Year markers of a past event, as (ANNIVERSARY, scope, position).

    >>> [s for _, s, _ in past_years("1998年长江特大洪水")], past_years("2026年12月1日发生地震")
    (['year'], [])
    """
    out = [(ANNIVERSARY, YEAR_SCOPE, m.end()) for m in _ZH_YEAR.finditer(text)]
    out += [(ANNIVERSARY, YEAR_SCOPE, m.end()) for m in _EN_YEAR_BEFORE.finditer(text)]
    out += [(ANNIVERSARY, "clause", m.start()) for m in _EN_YEAR_CLAUSE.finditer(text)]
    this_year = datetime.date.today().year
    out += [
        (ANNIVERSARY, YEAR_SCOPE, m.end())
        for m in _ZH_PAST_DATE.finditer(text)
        if int(m.group(1)) <= this_year - PAST_DATE_YEARS
    ]
    return out


# A question about what one would do or need (如果家里发生火灾，应该怎样逃生？; 请问一下，被狗咬
# 了要打狂犬疫苗吗): a conditional and a question word, or 请问 and what one needs; not a
# caller's cry (着火了怎么办，快来人): no conditional there.
_ZH_ADVICE = (
    re.compile(r"(?:如果|假如|万一|要是|一旦)[^。！!？?]*(?:怎么办|怎样|如何|应该|该怎么|怎么做)"),
    re.compile(r"请问[^。！!？?]*(?:要|需要|应该|可以|能不能)[^。！!？?]*吗"),
)


# 请问 and a question of knowledge: 请问泥石流和滑坡有什么区别？ 请问燃气灶点不着火是什么原因？
_ZH_KNOWLEDGE = re.compile(r"请问[^。！!？?]*(?:什么|哪|为什么|区别|原因)[^。！!？?]*[？?]")
# A text of questions only, one asking what one should do or know (地震了怎么办？在家里应该躲在
# 哪里比较安全？): a caller's cry also tells something (着火了怎么办，快来人！).
_ZH_ASKS = re.compile(r"应该|如何|怎样|哪里|哪儿|区别|原因|为什么|should|how do|how to|why")
QUESTIONS_ONLY = 2  # sentences, all questions


def advice_questions(text: str) -> list[tuple[str, str, int]]:
    """AWARENESS markers of the sentences that ask what one would do (`_ZH_ADVICE`) or ask
    for knowledge (`_ZH_KNOWLEDGE`), and of a text that only asks (`QUESTIONS_ONLY`).

    >>> advice_questions("如果家里发生火灾，应该怎样逃生？"), advice_questions("着火了怎么办")
    ([('awareness', 'sentence', 0)], [])
    """
    out = [(AWARENESS, "sentence", m.start()) for p in _ZH_ADVICE for m in p.finditer(text)]
    out += [(AWARENESS, "sentence", m.start()) for m in _ZH_KNOWLEDGE.finditer(text)]
    said = [(text[s:e].strip(), text[e : e + 1]) for s, e in sentences(text)]
    said = [(p, end) for p, end in said if p]
    if (
        len(said) >= QUESTIONS_ONLY
        and all(end in "？?" and end for _p, end in said)
        and any(_ZH_ASKS.search(p.lower()) for p, _end in said)
    ):
        out.append((AWARENESS, "text", 0))
    return out


# A past event told by the years since it ("汶川地震过去十八年了"); not days or months since
# it (地震已经过去三天了: the response goes on).
_ZH_YEARS_SINCE = re.compile(r"过去(?:了)?(?:整整)?[\d一二三四五六七八九十百两]+(?:多)?年")


def occasions(text: str) -> list[tuple[str, str, int]]:
    """(occasion, scope, position) of every marker in `text`. English markers match as
    written only: "drilling" (a drilling rig) and "exercised" are no drill."""
    out = []
    for m in _markers().find(text):
        if m.payload is None or (m.term.isascii() and m.span.text.lower() != m.term):
            continue
        out.append((m.payload.occasion, m.payload.scope, m.span.start))
    since = [(ANNIVERSARY, "clause", m.start()) for m in _ZH_YEARS_SINCE.finditer(text)]
    return out + past_years(text) + advice_questions(text) + since


def occasion_words(text: str) -> list[tuple[str, TextSpan]]:
    """(occasion, span) of every word marker in `text` (误报, 参训, "Agenda:")."""
    return [
        (m.payload.occasion, m.span)
        for m in _markers().find(text)
        if m.payload is not None and not (m.term.isascii() and m.span.text.lower() != m.term)
    ]


def declared_occasion(text: str) -> str | None:
    """The occasion a text's own words declare, naming no hazard (通知：……专题培训，内容包括泄漏
    处置): the first word marker's, or None. Years and questions are left out: they set apart
    only the hazards they stand beside (a plant "built in 1998" may leak today)."""
    words = occasion_words(text)
    return words[0][0] if words else None


def occasion_at(text: str, start: int, markers: list[tuple[str, str, int]]) -> str | None:
    """The occasion whose marker covers the mention starting at `start`, or None."""
    for occasion, scope, _at in markers:
        if scope == "text":
            return occasion
    for occasion, scope, at in markers:
        if scope == YEAR_SCOPE:
            reach = YEAR_REACH_EN if text[start : start + 1].isascii() else YEAR_REACH
            if not at <= start <= at + reach:
                continue
        if occasion == FALSE_ALARM and at < start and CORRECTION.search(text[at:start]):
            continue  # what the correction names is real
        spans = sentences(text) if scope in ("sentence", YEAR_SCOPE) else clauses(text)
        if any(s <= start < e and s <= at < e for s, e in spans):
            return occasion
    return None


def split_occasions(
    text: str, named: list[NamedHazard]
) -> tuple[list[NamedHazard], list[NamedHazard], str | None]:
    """(happening, named for an occasion, the occasion): a hazard is the occasion's when
    every mention of it is; the occasion is the first such hazard's."""
    markers = occasions(text) if named else []
    occasion: str | None = None
    kept: list[NamedHazard] = []
    apart: list[NamedHazard] = []
    for n in named:
        found = [occasion_at(text, s.start, markers) for s in n.spans]
        if all(found):
            apart.append(n)
            occasion = occasion or found[0]
        else:
            kept.append(n)
    return kept, apart, occasion
