"""Design and certainty: causal verbs on observational rows, certain words on uncertain ones,
and an interval called by the wrong name or level."""

from __future__ import annotations

import re
from collections.abc import Sequence

from evidence_dashboard.audit.context import Issue
from evidence_dashboard.audit.numbers import Quantity
from evidence_dashboard.audit.rows import RowFacts
from evidence_dashboard.audit.text import clause_of
from evidence_dashboard.audit.vocabulary import Vocabulary


def _unnegated(
    vocab: Vocabulary, sentence: str, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    negations = vocab.spans("negations", sentence)
    kept = []
    for start, end in spans:
        negated = any(
            n_end <= start and len(sentence[n_end:start].split()) <= 2 for _, n_end in negations
        )
        if not negated:
            kept.append((start, end))
    return kept


def causal_issues(sentence: str, rows: Sequence[RowFacts], vocab: Vocabulary) -> list[Issue]:
    """A causal verb in a sentence whose figures come from observational rows."""
    observational = [r for r in rows if r.observational]
    if not observational:
        return []
    spans = _unnegated(vocab, sentence, vocab.spans("causal", sentence))
    if not spans:
        return []
    start, end = spans[0]
    ids = ", ".join(dict.fromkeys(r.id for r in observational))
    return [
        Issue(
            "causal-language",
            (start, end),
            f"'{sentence[start:end]}' states a cause, but {ids} "
            f"{'is' if len(observational) == 1 else 'are'} observational "
            f"({observational[0].design}); say 'was linked with' or 'was associated with'",
        )
    ]


def certainty_issues(sentence: str, rows: Sequence[RowFacts], vocab: Vocabulary) -> list[Issue]:
    """Certain wording on an interval that includes no effect or on low-certainty evidence."""
    uncertain = [r for r in rows if r.includes_null or r.low_certainty]
    if not uncertain or vocab.spans("hedges", sentence):
        return []
    spans = _unnegated(vocab, sentence, vocab.spans("certainty", sentence))
    if not spans:
        return []
    start, end = spans[0]
    row = uncertain[0]
    why = (
        f"its interval ({row.ci_low:g} to {row.ci_high:g}) includes no effect"
        if row.includes_null
        else "its evidence is of low certainty"
    )
    return [
        Issue(
            "certainty-language",
            (start, end),
            f"'{sentence[start:end]}' is certain wording, but {why} ({row.id}); "
            "say what the interval allows instead",
        )
    ]


_DIRECTION = re.compile(
    r"\b(?:more|higher|increased?|raised?|greater|excess|lower|fewer|less|reduced?|decreased?|"
    r"safer|riskier|worse|better)\b",
    re.I,
)


def direction_issues(
    sentence: str, matched: Sequence[tuple[int, RowFacts]], vocab: Vocabulary
) -> list[Issue]:
    """A difference asserted ("more falls") on an estimate whose interval includes no effect.

    A warning: the words may be about something else in the clause, but a reader who sees
    "more falls" next to a non-significant ratio is misled often enough to ask.
    """
    if vocab.spans("hedges", sentence):
        return []
    for position, row in matched:
        if not row.includes_null:
            continue
        start, end = clause_of(sentence, position)
        word = _DIRECTION.search(sentence, start, end)
        if word:
            return [
                Issue(
                    "certainty-language",
                    (word.start(), word.end()),
                    f"'{word.group(0)}' asserts a difference, but {row.id}'s interval "
                    f"({row.ci_low:g} to {row.ci_high:g}) includes no effect",
                    "warning",
                )
            ]
    return []


def interval_issues(quantity: Quantity, row: RowFacts) -> list[Issue]:
    """A confidence interval called credible (or the reverse), or a different level."""
    issues = []
    if quantity.interval_word and quantity.interval_word != row.interval:
        issues.append(
            Issue(
                "interval-kind",
                (quantity.start, quantity.end),
                f"the sentence calls it a {quantity.interval_word} interval, but {row.id} "
                f"reports a {row.interval} interval",
            )
        )
    if quantity.level is not None and abs(quantity.level - row.ci_level) > 1e-9:
        issues.append(
            Issue(
                "interval-kind",
                (quantity.start, quantity.end),
                f"the sentence gives a {quantity.level:g}% interval, but {row.id}'s is "
                f"{row.ci_level:g}%",
            )
        )
    return issues
