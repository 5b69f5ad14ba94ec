"""Numbers in a report, Chinese and English, with their unit and span (pure).

Arabic digits (12, 1,200, 6.8, full-width digits are normalised before), Chinese
numerals (二十, 三百, 两, 一千二百, 1.2万, 3万余), English words (three,
twenty-five, a dozen) and multipliers (万, 亿, thousand, million, billion).
Approximate quantities keep their number and say so (三百余人, 20多名, more than
300 -> 300, approximate). Vague amounts are not numbers (数十人, 几十人,
dozens, hundreds). A Chinese numeral only counts before a unit (人, 名, 间 ...),
so 一些 / 一直 / 统一 are never numbers; a number joined to a word by a hyphen (a
5-year-old boy, a three-storey house) is part of an adjective, not a count.

Example::

    [(n.value, n.unit) for n in number_mentions("造成三百余人转移，12人被困")]
    # [(300.0, '人'), (12.0, '人')]
"""

from __future__ import annotations

import re

from queries.models import TextSpan
from queries.understanding.models import NumberMention

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
EN_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a dozen": 12, "a hundred": 100, "a thousand": 1000,
}  # fmt: skip
EN_MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9}

# Units after a Chinese number. Longest first, so 余人 is one unit.
ZH_UNITS = (
    "人次", "个人", "户", "人", "名", "位", "口", "个", "间", "栋", "幢", "座", "处", "辆", "艘",
    "架", "元", "级", "年", "月", "日", "号", "时", "点", "分", "秒", "米", "公里", "千米",
    "小时", "天", "亩", "公顷", "平方公里", "平方米", "立方米", "立方", "方", "吨", "毫米", "厘米",
    "度", "℃", "%", "起", "头", "只", "台", "车", "次", "条", "路", "岁", "层", "楼", "号线", "线",
)  # fmt: skip
_CN_NUM = "零〇一二两三四五六七八九十百千"
_APPROX_ZH = "余多几"
_ZH_NUMBER = re.compile(
    rf"(?<![A-Za-z\d.])(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?(?![A-Za-z\d]|-[A-Za-z])"
    rf"|[{_CN_NUM}]+(?:万[{_CN_NUM}]+)?)"
    rf"(?P<a1>[{_APPROX_ZH}])?(?P<big>[万亿])?(?P<a2>[{_APPROX_ZH}])?"
    rf"(?P<unit>{'|'.join(sorted(ZH_UNITS, key=len, reverse=True))})?"
)
_EN_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in EN_WORDS), key=len, reverse=True))
_EN_NUMBER = re.compile(
    r"(?i)(?P<approx>\b(?:more than|over|at least|nearly|almost|about|around|some|"
    r"approximately|roughly|up to)\s+)?"
    r"(?P<cur>\b(?:RMB|CNY)\s?|¥\s?)?"
    r"(?P<num>(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?|\b(?:"
    + _EN_WORD_NUMBER
    + r")(?:[- ](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?)"
    r"(?P<mult>\s*(?:hundred|thousand|million|billion)\b)?"
    r"(?P<unit>\s*(?:%|percent\b|per cent\b|km\b|kilomet(?:er|re)s?\b|miles?\b|m\b|met(?:er|re)s?\b"
    r"|hours?\b|hrs?\b|minutes?\b|mins?\b|mm\b|millimet(?:er|re)s?\b|°c|degrees?\b|yuan\b"
    r"|rmb\b|a\.?m\.?|p\.?m\.?|o'clock\b|years?\b|days?\b|hectares?\b|ha\b|acres?\b"
    r"|square kilomet(?:er|re)s?\b|sq\.? km\b|km2\b|km²|tonnes?\b|tons?\b"
    r"|magnitude\b))?"
)
# 三四人, 十七八人, 两三百人: neighbouring digits say "three or four": the lower end, approximate.
_CN_RANGE = re.compile(
    r"(?<![零〇一二两三四五六七八九])([一二两三四五六七八])([二三四五六七八九])(?![零〇一二两三四五六七八九])"
)
# 数十人, 几十人: no number (上百人 and 成千 start with 百/千: only 百余/千余 is a count).
_VAGUE_BEFORE = ("数", "几")


def cn_numeral(text: str) -> int | None:
    """The value of a Chinese numeral below 100,000,000 (二十 -> 20, 一千二百 -> 1200,
    一万二千 -> 12000), or None.

    >>> cn_numeral("二十"), cn_numeral("十二"), cn_numeral("两百"), cn_numeral("一万二千")
    (20, 12, 200, 12000)
    """
    text = _CN_RANGE.sub(lambda m: m.group(1) if _is_range(m) else m.group(0), text)
    high, wan, low = text.partition("万")
    if wan:
        h, lo = cn_numeral(high), cn_numeral(low) if low else 0
        return None if h is None or lo is None or not h else h * 10_000 + lo
    total, digit, seen = 0, None, False
    for ch in text:
        if ch in CN_DIGITS:
            # 二〇二四: a run of digits reads positionally
            digit = digit * 10 + CN_DIGITS[ch] if digit is not None and seen else CN_DIGITS[ch]
            seen = True
        elif ch in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit, seen = None, False
        else:
            return None
    return total + (digit or 0)


def _is_range(m: re.Match[str]) -> bool:
    return CN_DIGITS[m.group(2)] == CN_DIGITS[m.group(1)] + 1


def _zh_value(num: str) -> float | None:
    if num[0].isdigit():
        return float(num.replace(",", ""))
    value = cn_numeral(num)
    return None if value is None else float(value)


def zh_numbers(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _ZH_NUMBER.finditer(text):
        num, unit = m.group("num"), m.group("unit") or ""
        if not num[0].isdigit():
            if not unit and not m.group("big"):
                continue  # 一些, 统一: a Chinese numeral needs a unit
            if m.start() > 0 and text[m.start() - 1] in _VAGUE_BEFORE:
                continue
            before = text[m.start() - 1] if m.start() > 0 else ""
            if num[0] in "百千" and (not m.group("a1") or (before and before in "上成近")):
                continue  # 上百人, 成千: vague; 百余人 (a hundred odd) is a count
        value = _zh_value(num)
        if value is None:
            continue
        if m.group("big"):
            value *= CN_BIG[m.group("big")]
        ranged = any(_is_range(r) for r in _CN_RANGE.finditer(num))
        approximate = bool(m.group("a1") or m.group("a2")) or ranged
        span = TextSpan(m.start(), m.end(), m.group(0))
        out.append(NumberMention(value, span, unit, approximate))
    return out


_NOT_A_COUNT = re.compile(r"(?i)\b(?:no|any|every)\s*$")


def _en_value(num: str) -> float | None:
    lowered = num.lower().replace(",", "")
    if lowered[0].isdigit():
        return float(lowered)
    parts = re.split(r"[- ]", lowered)
    if lowered in EN_WORDS:
        return float(EN_WORDS[lowered])
    if len(parts) == 2 and parts[0] in EN_WORDS and parts[1] in EN_WORDS:
        return float(EN_WORDS[parts[0]] + EN_WORDS[parts[1]])
    return None


def en_numbers(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _EN_NUMBER.finditer(text):
        value = _en_value(m.group("num"))
        if value is None:
            continue
        end = m.end("num")
        if m.group("mult"):
            value *= EN_MULTIPLIERS[m.group("mult").strip().lower()]
            end = m.end("mult")
        if end < len(text) and (text[end].isalpha() and not m.group("mult")):
            continue  # 3rd, 4x4, 11A01: part of a word or code
        if text[end : end + 1] == "-" and text[end + 1 : end + 2].isalpha():
            continue  # a 5-year-old boy, a three-storey building: an adjective, not a count
        if _NOT_A_COUNT.search(text[max(0, m.start("num") - 6) : m.start("num")]):
            continue  # no one, anyone, every one
        unit = (m.group("unit") or "").strip().lower()
        if unit:
            end = m.end("unit")
        start = m.start("num")
        if m.group("cur"):
            unit, start = "yuan", m.start("cur")
        out.append(
            NumberMention(
                value, TextSpan(start, end, text[start:end]), unit, bool(m.group("approx"))
            )
        )
    return out


def number_mentions(text: str) -> list[NumberMention]:
    """Every number in `text`, in order.

    Where the Chinese and the English reading overlap (digits are both), the longer
    span wins ("12 million yuan" over "12"), then the one with a unit or a qualifier,
    then the Chinese one.
    """

    def rank(n: NumberMention) -> tuple[int, bool, bool]:
        return (n.span.end - n.span.start, bool(n.unit), n.approximate)

    chosen: list[NumberMention] = []
    for n in [*zh_numbers(text), *en_numbers(text)]:
        clash = [c for c in chosen if c.span.start < n.span.end and n.span.start < c.span.end]
        if all(rank(n) > rank(c) for c in clash):
            chosen = [c for c in chosen if c not in clash] + [n]
    return sorted(chosen, key=lambda n: n.span.start)
