"""Find every quantitative expression in a sentence: ratios, intervals, percentages, relative
wording, natural frequencies, NNT, counts, doses, time spans and ages.

Each expression keeps the exact digits written, so the matcher can apply the rounding the
sentence shows; anything with digits that no pattern reads is returned as ``unparsed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence_dashboard.audit.vocabulary import Vocabulary

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_WORD_NUMBERS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|a hundred|hundred"
)
NUM = rf"(?:{_DIGITS})"
WNUM = rf"(?:{_DIGITS}|\b(?:{_WORD_NUMBERS})\b)"
_DASH = r"\s*(?:to|-|–|—|and)\s*"
_APPROX = r"about|around|approximately|roughly|nearly|almost|some|close to|an estimated|circa|~|≈"
_MIN = r"more than|over|above|at least|greater than|exceeding|>|≥|upwards of"
_MAX = r"under|less than|below|fewer than|at most|no more than|up to|<|≤"
_QUALIFIER = re.compile(rf"(?:^|[\s(])(?P<q>{_APPROX}|{_MIN}|{_MAX})\s*(?:the\s+|a\s+)?$", re.I)
_SUFFIX_MAX = re.compile(r"^\s*(?:or (?:less|fewer|lower|below)|at most)\b", re.I)
_SUFFIX_MIN = re.compile(r"^\s*(?:or (?:more|higher|above)|and (?:above|over)|or greater)\b", re.I)
_UP_WORDS = r"higher|more|greater|increased?|rise|raised|excess|extra|larger|up"
_DOWN_WORDS = r"lower|fewer|less|reduction|reduced|decreased?|drop|smaller|down"
_INTERVAL_WORD = (
    r"(?:confidence interval|credible interval|credibility interval|CrI|CI|Bayesian interval)"
)
_UNITS = r"mg|mcg|µg|micrograms?|milligrams?|g|ml|mL|grams?"
_TIME = r"minutes?|hours?|days?|weeks?|months?|years?|nights?"

# Ages are population words, read by the context checks, never matched as figures.
_AGE_PATTERNS = (
    (
        rf"\b(?:aged|age|ages|aged between)\s+(?P<a>{NUM})(?:{_DASH}(?P<b>{NUM}))?(?:\s*(?:years?|y))?(?:\s*(?:and|or)\s*(?:older|over|above)|\+)?",
        "older",
    ),
    (rf"\b(?P<a>{NUM})\s*(?:years?\s*)?(?:and|or)\s*(?:older|over|above)\b", "older"),
    (rf"(?P<a>{NUM})\s*\+|[≥>]=?\s*(?P<c>{NUM})\s*(?:y\b|years?\b)", "older"),
    (
        rf"\b(?:older than|over the age of|over|above)\s+(?P<a>{NUM})(?!\s*(?:%|percent|mg|{_TIME}))",
        "older",
    ),
    (
        rf"\b(?:under|younger than|below the age of|less than)\s+(?P<a>{NUM})(?=\s*(?:years?\b|,|\.|;|\)|$|\s+(?:who|whose|with|and)))(?!\s*%)",
        "younger",
    ),
    (rf"\bmean age(?: of)?\s+(?P<a>{NUM})", "mean"),
    (rf"\b(?P<a>{NUM})-year-olds?\b", "exact"),
)
_MEASURE_TAIL = re.compile(
    rf"^(?:\s*\((?:[A-Za-z]{{1,5}})\))?(?:\s*[:=]|\s+(?:of|was|were|is|at))?\s*(?P<est>{NUM})"
)
_INTERVAL_TAIL = re.compile(
    rf"^\s*(?:[;,]\s*|(?P<open>\()\s*|,?\s*)(?:(?P<level>\d{{2}}(?:\.\d)?)\s*%\s*)?(?P<word>{_INTERVAL_WORD})?"
    rf"(?:\s*(?:of|was|from|:|,))?\s*(?P<lo>{NUM}){_DASH}(?P<hi>{NUM})(?(open)\s*\))",
    re.I,
)
_BARE_INTERVAL = re.compile(
    rf"(?:(?P<level>\d{{2}}(?:\.\d)?)\s*%\s*)?(?P<word>{_INTERVAL_WORD})(?:\s*(?:of|was|from|:|,))?\s*"
    rf"(?P<lo>{NUM}){_DASH}(?P<hi>{NUM})|\(\s*(?P<lo2>\d+\.\d+){_DASH}(?P<hi2>\d+\.\d+)\s*\)",
    re.I,
)
_DOSE = re.compile(
    rf"(?P<a>{WNUM})(?:\s*(?:to|-|–|or)\s*(?P<b>{WNUM}))?\s*(?:{_UNITS})\b(?:\s*(?:a|per)\s+day)?"
    rf"|(?P<f>{WNUM}|once|twice)(?:\s*(?:to|-|–|or)\s*(?P<g>{WNUM}|twice))?\s+times?\s+(?:a|per|each)\s+(?:day|week)"
    rf"|(?P<h>{WNUM}|once|twice)(?:\s*(?:to|-|–|or)\s*(?P<i>{WNUM}|twice))?\s+(?:times\s+)?daily",
    re.I,
)
_TIMESPAN = re.compile(
    rf"(?P<a>{WNUM})(?:\s*(?:to|-|–|or)\s*(?P<b>{WNUM}))?[\s-]+(?:{_TIME})\b", re.I
)
_TIMEPOINT = re.compile(rf"\b(?:day|week|month|year|visit)\s+(?P<a>{NUM})\b", re.I)
_SCALE = re.compile(
    rf"(?P<a>{NUM})\s*(?:to|-|–)\s*(?P<b>{NUM})(?:[\s-]+point)?[\s-]+(?:scales?|points?)\b", re.I
)
_PAIR = re.compile(
    rf"(?P<a>{NUM})\s*%\s*(?:vs\.?|versus|against|compared with|compared to|and)\s*(?P<b>{NUM})\s*%"
    rf"|from\s+(?P<c>{NUM})\s*%\s*to\s+(?P<d>{NUM})\s*%",
    re.I,
)
_FOR_EVERY = re.compile(
    rf"(?:for\s+)?every\s+(?P<a>{WNUM})\s+(?:people\s+|patients\s+|persons\s+|adults\s+)?(?:treated|taking|who take|given)",
    re.I,
)
_FREQUENCY = re.compile(
    rf"(?P<a>{WNUM})\s+(?:in|out of)\s+(?:every\s+)?(?P<b>{WNUM}|1,000|a thousand)\b", re.I
)
_RATE = re.compile(rf"(?P<a>{NUM})\s+per\s+(?P<b>100,000|10,000|1,000|100)\b", re.I)
_PERCENT = re.compile(
    rf"(?P<a>{NUM})\s*(?:%|percent\b|per cent\b)(?:\s+(?P<pp>percentage points?))?"
    rf"(?:\s+(?:(?:the|an?)\s+)?(?:(?P<up>{_UP_WORDS})|(?P<down>{_DOWN_WORDS}))\b)?",
    re.I,
)
_RELATIVE_BEFORE = re.compile(
    r"(?:(?P<up>increased?|rose|raised|higher|greater)|(?P<down>decreased?|fell|reduced|lower))\s+by\s+$",
    re.I,
)
_MULTIPLIER = re.compile(
    rf"(?P<a>{WNUM})(?:\s*|-)(?:times|fold|-fold)\b(?!\s+(?:a|per|each)\s+(?:day|week)|\s+daily)"
    r"|\b(?P<two>twice|double[ds]?|doubling)\b(?!\s+(?:a|per)\s+(?:day|week)|\s+daily|[- ](?:blind|dummy|check))"
    r"|\b(?P<three>triple[ds]?|tripling)\b|\b(?P<four>quadruple[ds]?)\b"
    r"|\b(?P<half>halve[ds]?|halving|half as (?:many|much|likely|common))\b"
    r"|\b(?:a|one)[- ](?P<frac>third|quarter|fifth|half)\s+(?P<fdir>more|higher|greater|fewer|less|lower)\b"
    r"|\bone and a half times\b(?P<onehalf>)",
    re.I,
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_ANY_DIGITS = re.compile(_DIGITS)


@dataclass(frozen=True, slots=True)
class Stated:
    """A number as written: its value and how many decimals the writer gave."""

    value: float
    decimals: int
    text: str


@dataclass(frozen=True)
class Quantity:
    """One quantitative expression in a sentence."""

    kind: str
    start: int
    end: int
    values: tuple[Stated, ...]
    qualifier: str = "exact"  # exact, approx, min or max
    measure: str | None = None
    interval: tuple[Stated, Stated] | None = None
    interval_word: str | None = None  # confidence or credible, as written
    level: float | None = None
    direction: str | None = None  # up or down, for relative wording
    scale: float | None = None  # the "per N" of a rate or a natural frequency

    def text(self, sentence: str) -> str:
        """The expression as written."""
        return sentence[self.start : self.end]


def stated(text: str, words: dict[str, int]) -> Stated:
    """Read a number written in digits or words."""
    clean = text.strip().lower().replace(",", "")
    if clean in ("a hundred", "hundred"):
        return Stated(100.0, 0, text)
    if clean == "a thousand":
        return Stated(1000.0, 0, text)
    if clean in words:
        return Stated(float(words[clean]), 0, text)
    decimals = len(clean.split(".")[1]) if "." in clean else 0
    return Stated(float(clean), decimals, text)


def _qualifier(sentence: str, start: int, end: int) -> str:
    before = sentence[max(0, start - 30) : start]
    match = _QUALIFIER.search(before)
    if match:
        word = match.group("q").lower()
        if re.fullmatch(_APPROX, word, re.I):
            return "approx"
        return "min" if re.fullmatch(_MIN, word, re.I) else "max"
    after = sentence[end : end + 20]
    if _SUFFIX_MAX.match(after):
        return "max"
    if _SUFFIX_MIN.match(after):
        return "min"
    return "exact"


class _Claimed:
    """Character spans already read, so one number is never read twice."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.spans)

    def take(self, start: int, end: int) -> None:
        self.spans.append((start, end))


def _interval_kind(word: str | None, vocab: Vocabulary) -> str | None:
    if not word:
        return None
    if vocab.spans("interval:credible", word):
        return "credible"
    return "confidence" if vocab.spans("interval:confidence", word) else None


def age_expressions(sentence: str) -> list[tuple[int, int, str, float]]:
    """Ages written in a sentence: (start, end, older|younger|mean|exact, age)."""
    found: list[tuple[int, int, str, float]] = []
    for pattern, kind in _AGE_PATTERNS:
        for m in re.finditer(pattern, sentence, re.I):
            age = m.groupdict().get("a") or m.groupdict().get("c")
            if age is None or not 1 <= float(age.replace(",", "")) <= 110:
                continue
            if any(not (m.end() <= s or m.start() >= e) for s, e, _, _ in found):
                continue
            found.append((m.start(), m.end(), kind, float(age.replace(",", ""))))
    return found


def find_quantities(sentence: str, vocab: Vocabulary) -> list[Quantity]:
    """Every quantitative expression in one sentence, in reading order.

    Examples
    --------
    >>> from evidence_dashboard.audit.vocabulary import load_vocabulary
    >>> qs = find_quantities("RR 1.50; 95% CI 1.14 to 1.98, about twice", load_vocabulary())
    >>> [(q.kind, q.values[0].value, q.qualifier) for q in qs]
    [('effect', 1.5, 'exact'), ('multiplier', 2.0, 'approx')]
    """
    words = vocab.number_words()
    claimed = _Claimed()
    out: list[Quantity] = []

    def add(q: Quantity) -> None:
        claimed.take(q.start, q.end)
        out.append(q)

    for start, end, _, _ in age_expressions(sentence):
        claimed.take(start, end)
    for m in _YEAR.finditer(sentence):
        if not re.match(r"\s*(?:%|percent|mg|people|patients)", sentence[m.end() :]):
            claimed.take(m.start(), m.end())

    names = vocab.measure_names()
    ordered = sorted(names, key=len, reverse=True)
    name_re = re.compile(
        "|".join(
            rf"(?<![\w-]){re.escape(n)}(?![\w-])" if n.isupper() or not n[1:].islower()
            else rf"(?i:(?<![\w-]){re.escape(n)}(?![\w-]))"
            for n in ordered
        )
    )  # fmt: skip
    for m in name_re.finditer(sentence):
        tail = _MEASURE_TAIL.match(sentence[m.end() :])
        if not tail:
            continue
        est_end = m.end() + tail.end()
        est = stated(tail.group("est"), words)
        end = est_end
        interval = level = word = None
        after = _INTERVAL_TAIL.match(sentence[est_end:])
        if after:
            interval = (stated(after.group("lo"), words), stated(after.group("hi"), words))
            level = float(after.group("level")) if after.group("level") else None
            word = _interval_kind(after.group("word"), vocab)
            end = est_end + after.end()
        if not claimed.free(m.start(), end):
            continue
        measure = names.get(m.group(0)) or names.get(
            next((n for n in names if n.lower() == m.group(0).lower()), ""), None
        )
        add(
            Quantity(
                "effect", m.start(), end, (est,), _qualifier(sentence, m.start(), end),
                measure, interval, word, level,
            )
        )  # fmt: skip

    for m in re.finditer(rf"(?<![\w.])(?P<est>{NUM})(?=\s*[;(,])", sentence):
        after = _INTERVAL_TAIL.match(sentence[m.end() :])
        if not after or "." not in m.group("est") or not claimed.free(m.start(), m.end()):
            continue
        end = m.end() + after.end()
        if not claimed.free(m.start(), end):
            continue
        add(
            Quantity(
                "effect", m.start(), end, (stated(m.group("est"), words),),
                _qualifier(sentence, m.start(), end), None,
                (stated(after.group("lo"), words), stated(after.group("hi"), words)),
                _interval_kind(after.group("word"), vocab),
                float(after.group("level")) if after.group("level") else None,
            )
        )  # fmt: skip

    for m in _BARE_INTERVAL.finditer(sentence):
        if not claimed.free(m.start(), m.end()):
            continue
        lo, hi = m.group("lo") or m.group("lo2"), m.group("hi") or m.group("hi2")
        add(
            Quantity(
                "interval", m.start(), m.end(), (), "exact", None,
                (stated(lo, words), stated(hi, words)), _interval_kind(m.group("word"), vocab),
                float(m.group("level")) if m.group("level") else None,
            )
        )  # fmt: skip

    for m in re.finditer(rf"(?<![\w.]){NUM}\s*%\s*(?={_INTERVAL_WORD}\b)", sentence):
        claimed.take(m.start(), m.end())  # an interval's level, read with its interval
    simple = (
        (_PAIR, "pair"),
        (_SCALE, "scale"),
        (_DOSE, "dose"),
        (_TIMESPAN, "time"),
        (_TIMEPOINT, "time"),
        (_FOR_EVERY, "nnt"),
        (_RATE, "rate"),
        (_FREQUENCY, "frequency"),
    )
    for pattern, kind in simple:
        for m in pattern.finditer(sentence):
            if not claimed.free(m.start(), m.end()):
                continue
            groups = [g for g in m.groups() if g]
            numbers = [
                g for g in groups if re.fullmatch(WNUM, g, re.I) or g.lower() in ("once", "twice")
            ]
            values = tuple(
                stated({"once": "1", "twice": "2"}.get(g.lower(), g), words) for g in numbers
            )
            if kind == "pair" and m.group("c"):
                values = (values[1], values[0])  # "from 10% to 29%": control first
            if not values or (kind == "frequency" and values[1].value < 2):
                continue
            qualifier = _qualifier(sentence, m.start(), m.end())
            scale = values[1].value if kind in ("rate", "frequency") else None
            add(Quantity(kind, m.start(), m.end(), values, qualifier, scale=scale))

    for m in _PERCENT.finditer(sentence):
        if not claimed.free(m.start(), m.end()):
            continue
        direction = "up" if m.group("up") else "down" if m.group("down") else None
        before = _RELATIVE_BEFORE.search(sentence[max(0, m.start() - 25) : m.start()])
        if before and direction is None:
            direction = "up" if before.group("up") else "down"
        if direction and re.match(r"\s*(?:of|in)\s+\d", sentence[m.end() :]):
            direction = None
        kind = "relative" if direction and not m.group("pp") else "percent"
        if m.group("pp"):
            kind = "points"
        end = m.end()
        add(
            Quantity(
                kind, m.start(), end, (stated(m.group("a"), words),),
                _qualifier(sentence, m.start(), end), direction=direction,
            )
        )  # fmt: skip

    for m in _MULTIPLIER.finditer(sentence):
        if not claimed.free(m.start(), m.end()):
            continue
        if m.group("a"):
            value = stated(m.group("a"), words)
        elif m.group("two"):
            value = Stated(2.0, 0, m.group(0))
        elif m.group("three"):
            value = Stated(3.0, 0, m.group(0))
        elif m.group("four"):
            value = Stated(4.0, 0, m.group(0))
        elif m.group("half"):
            value = Stated(0.5, 1, m.group(0))
        elif m.group("frac"):
            part = {"third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "half": 0.5}[
                m.group("frac").lower()
            ]
            up = m.group("fdir").lower() in ("more", "higher", "greater")
            value = Stated(1 + part if up else 1 - part, 2, m.group(0))
        else:
            value = Stated(1.5, 1, m.group(0))
        # Words of multiplication are rounded by nature ("double" for 2.04).
        qualifier = _qualifier(sentence, m.start(), m.end())
        worded = not m.group("a") or not re.match(r"\d", m.group("a"))
        add(
            Quantity(
                "multiplier", m.start(), m.end(), (value,),
                "approx" if qualifier == "exact" and worded else qualifier,
            )
        )  # fmt: skip

    nouns = tuple(n.lower() for n in vocab.words("count_nouns"))
    for m in re.finditer(rf"(?<![\w.,])(?:{_DIGITS})(?![\w.%])", sentence):
        if not claimed.free(m.start(), m.end()):
            continue
        following = " ".join(sentence[m.end() : m.end() + 60].lower().split()[:3])
        if not any(re.search(rf"(?<![\w-]){re.escape(n)}", following) for n in nouns):
            continue
        value = stated(m.group(0), words)
        add(
            Quantity(
                "count", m.start(), m.end(), (value,), _qualifier(sentence, m.start(), m.end())
            )
        )

    for m in _ANY_DIGITS.finditer(sentence):
        if not claimed.free(m.start(), m.end()):
            continue
        if re.search(r"[A-Za-z]-?$", sentence[max(0, m.start() - 3) : m.start()]):
            continue  # part of an identifier such as SE-04 or a unit such as B12
        add(Quantity("unparsed", m.start(), m.end(), (stated(m.group(0), words),)))
    out.sort(key=lambda q: q.start)
    return out
