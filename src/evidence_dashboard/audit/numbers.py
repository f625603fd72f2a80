"""Find every quantitative expression in a sentence: ratios, intervals, percentages, relative
wording, natural frequencies, NNT, counts, doses, time spans and ages.

Each expression keeps the exact digits written, so the matcher can apply the rounding the
sentence shows; anything with digits that no pattern reads is returned as ``unparsed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence_dashboard.audit import patterns as P
from evidence_dashboard.audit.vocabulary import Vocabulary


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
    clean = text.strip().lower().replace(",", "").replace("−", "-")
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
    match = P.QUALIFIER.search(before)
    if match:
        word = match.group("q").lower()
        if re.fullmatch(P.APPROX, word, re.I):
            return "approx"
        return "min" if re.fullmatch(P.MIN, word, re.I) else "max"
    after = sentence[end : end + 20]
    if P.SUFFIX_MAX.match(after):
        return "max"
    if P.SUFFIX_MIN.match(after):
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
    for pattern, kind in P.AGE_PATTERNS:
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
    for m in P.PER_SCALE.finditer(sentence):
        claimed.take(m.start(), m.end())  # "a rate per 100,000": the scale, no figure

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
        tail = P.MEASURE_TAIL.match(sentence[m.end() :])
        if not tail:
            continue
        est_end = m.end() + tail.end()
        est = stated(tail.group("est"), words)
        end = est_end
        interval = level = word = None
        after = P.INTERVAL_TAIL.match(sentence[est_end:])
        aside = P.PARENTHETICAL.match(sentence[est_end:])
        if after is None and aside is not None:
            # "MD -7.7 (points on a 0 to 100 scale); 95% CI -12.1 to -3.3"
            after = P.INTERVAL_TAIL.match(sentence[est_end + aside.end() :])
            est_end = est_end + aside.end() if after else est_end
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

    for m in P.POINTS.finditer(sentence):
        after = P.INTERVAL_TAIL.match(sentence[m.end() :])
        end = m.end() + (after.end() if after else 0)
        if not claimed.free(m.start(), end):
            continue
        add(
            Quantity(
                "effect", m.start(), end, (stated(m.group("est"), words),),
                _qualifier(sentence, m.start(), end), None,
                (stated(after.group("lo"), words), stated(after.group("hi"), words))
                if after else None,
                _interval_kind(after.group("word"), vocab) if after else None,
                float(after.group("level")) if after and after.group("level") else None,
            )
        )  # fmt: skip

    for m in re.finditer(rf"(?<![\w.])(?P<est>{P.NUM})(?=\s*[;(,])", sentence):
        after = P.INTERVAL_TAIL.match(sentence[m.end() :])
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

    simple = (
        (P.RATE, "rate"),
        (P.PAIR, "pair"),
        (P.SCALE, "scale"),
        (P.DOSE, "dose"),
        (P.TIMESPAN, "time"),
        (P.TIMEPOINT, "time"),
        (P.FOR_EVERY, "nnt"),
        (P.FREQUENCY, "frequency"),
    )
    for pattern, kind in simple:
        for m in pattern.finditer(sentence):
            if not claimed.free(m.start(), m.end()):
                continue
            groups = [g for g in m.groups() if g]
            numbers = [
                g for g in groups if re.fullmatch(P.WNUM, g, re.I) or g.lower() in ("once", "twice")
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
            end, interval, word, level = m.end(), None, None, None
            after = P.INTERVAL_TAIL.match(sentence[end:]) if kind == "rate" else None
            if after and claimed.free(end, end + after.end()):
                interval = (stated(after.group("lo"), words), stated(after.group("hi"), words))
                word = _interval_kind(after.group("word"), vocab)
                level = float(after.group("level")) if after.group("level") else None
                end += after.end()
            add(
                Quantity(
                    kind, m.start(), end, values, qualifier, interval=interval,
                    interval_word=word, level=level, scale=scale,
                )
            )  # fmt: skip

    for m in P.BARE_INTERVAL.finditer(sentence):
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

    for m in re.finditer(rf"(?<![\w.]){P.NUM}\s*%\s*(?={P.INTERVAL_WORD}\b)", sentence):
        claimed.take(m.start(), m.end())  # an interval's level, read with its interval
    for m in P.PERCENT.finditer(sentence):
        if not claimed.free(m.start(), m.end()):
            continue
        direction = "up" if m.group("up") else "down" if m.group("down") else None
        before = P.RELATIVE_BEFORE.search(sentence[max(0, m.start() - 25) : m.start()])
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

    for m in P.MULTIPLIER.finditer(sentence):
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
    for m in re.finditer(rf"(?<![\w.,])(?:{P.DIGITS})(?![\w.%])", sentence):
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

    for m in P.ANY_DIGITS.finditer(sentence):
        if not claimed.free(m.start(), m.end()):
            continue
        if P.YEAR.fullmatch(m.group(0)) and not re.match(
            r"\s*(?:%|percent|mg|people|patients)", sentence[m.end() :]
        ):
            continue  # a year (of a survey, of publication) is not a figure
        if re.search(r"[A-Za-z]-?$", sentence[max(0, m.start() - 3) : m.start()]):
            continue  # part of an identifier such as SE-04 or a unit such as B12
        add(Quantity("unparsed", m.start(), m.end(), (stated(m.group(0), words),)))
    out.sort(key=lambda q: q.start)
    return out
