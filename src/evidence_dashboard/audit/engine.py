"""Run the audit over sentences, claims, articles and a whole library."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from evidence_dashboard.audit.context import Issue, SentenceContext, context_issues
from evidence_dashboard.audit.language import (
    causal_issues,
    certainty_issues,
    direction_issues,
    interval_issues,
)
from evidence_dashboard.audit.match import Candidate, candidates, full
from evidence_dashboard.audit.numbers import Quantity, find_quantities
from evidence_dashboard.audit.rows import RowFacts, row_facts
from evidence_dashboard.audit.text import clause_of, render_claim_text, split_sentences, token_rows
from evidence_dashboard.audit.vocabulary import Vocabulary, load_vocabulary

FIGURE_KINDS = frozenset(
    {"effect", "interval", "percent", "pair", "relative", "points", "multiplier", "frequency",
     "nnt", "rate", "count"}
)  # fmt: skip


@dataclass(frozen=True)
class SentenceFinding:
    """A finding before it is placed in an article: kind, span, message, rows, severity."""

    kind: str
    span: tuple[int, int]
    message: str
    rows: tuple[str, ...]
    severity: str = "error"


@dataclass(frozen=True)
class Evidence:
    """The rows an audit reads: every row of the library, by id, read once."""

    records: Mapping[str, Mapping[str, object]]
    facts: Mapping[str, RowFacts]

    @classmethod
    def from_records(cls, records: Sequence[Mapping[str, object]]) -> Evidence:
        """Index evidence records (``frame.to_dict("records")``) by id."""
        by_id = {str(r["id"]): r for r in records}
        return cls(by_id, {k: row_facts(v) for k, v in by_id.items()})


def _issue(issue: Issue, rows: tuple[str, ...]) -> SentenceFinding:
    return SentenceFinding(issue.kind, issue.span, issue.message, rows, issue.severity)


def _best(
    ctx: SentenceContext, q: Quantity, found: list[Candidate], vocab: Vocabulary
) -> tuple[Candidate, list[Issue]]:
    """The reading with the fewest disagreements (the writer's likeliest meaning).

    A row's own figures come before numbers that only appear in its text (a note's range).
    """
    found = [c for c in found if c.side != "text"] or found
    scored = [(c, context_issues(ctx, q, c, vocab) + _interval(q, c)) for c in found]
    scored.sort(key=lambda item: sum(1 if i.severity == "error" else 0.5 for i in item[1]))
    return scored[0]


def _interval(q: Quantity, c: Candidate) -> list[Issue]:
    return interval_issues(q, c.row) if q.interval is not None else []


def _rows_near(
    sentence: str, vocab: Vocabulary, matched: list[tuple[int, RowFacts]]
) -> list[RowFacts]:
    """The rows whose figures share a clause with the first causal verb (else all of them)."""
    spans = vocab.spans("causal", sentence)
    if not spans:
        return [row for _, row in matched]
    clause = clause_of(sentence, spans[0][0], hard=True)
    near = [row for at, row in matched if clause[0] <= at < clause[1]]
    return near or [row for _, row in matched]


def _split_pair(q: Quantity, sentence: str) -> list[Quantity]:
    text = q.text(sentence)
    parts = []
    for value in q.values:
        at = text.find(value.text)
        start = q.start + max(at, 0)
        end = (
            start
            + len(value.text)
            + (1 if sentence[start + len(value.text) : start + len(value.text) + 1] == "%" else 0)
        )
        parts.append(replace(q, kind="percent", start=start, end=end, values=(value,)))
    return parts


def _describe(q: Quantity, sentence: str) -> str:
    return f"'{q.text(sentence)}'"


def audit_sentence(
    sentence: str,
    cited: Sequence[str],
    evidence: Evidence,
    vocab: Vocabulary,
    in_claim: bool = True,
) -> list[SentenceFinding]:
    """Audit one rendered sentence against the rows its claim cites.

    Parameters
    ----------
    sentence : str
        The sentence as the reader sees it.
    cited : sequence of str
        The claim's evidence ids (empty for a claim without rows or text outside claims).
    evidence : Evidence
        Every row of the library (for "did you mean to cite ...?").
    vocab : Vocabulary
    in_claim : bool
        False for text outside claim blocks: figures there are unbound (warnings).
    """
    names = vocab.measure_names()
    quantities = find_quantities(sentence, vocab)
    cited_rows = [evidence.facts[i] for i in cited if i in evidence.facts]
    ctx = SentenceContext.read(sentence, vocab)
    out: list[SentenceFinding] = []
    matched_rows: list[RowFacts] = []
    matched_at: list[tuple[int, RowFacts]] = []
    pending = list(quantities)
    while pending:
        q = pending.pop(0)
        if not in_claim or not cited_rows:
            if q.kind in FIGURE_KINDS or (in_claim and q.kind in ("dose", "time", "scale")):
                where = "a claim that cites no evidence rows" if in_claim else "text outside claims"
                out.append(
                    SentenceFinding(
                        "unbound-number", (q.start, q.end),
                        f"{_describe(q, sentence)} is in {where}; tie it to a row "
                        "(a claim block with evidence=\"...\" and a {{ID}} value)",
                        (), "error" if in_claim else "warning",
                    )
                )  # fmt: skip
            continue
        found = [c for row in cited_rows for c in candidates(q, row, names)]
        if not found and q.kind == "pair":
            # "9% vs 29%": read each side alone, so the wrong one is named.
            pending[:0] = _split_pair(q, sentence)
            continue
        good = full(found)
        if good:
            best, issues = _best(ctx, q, good, vocab)
            matched_rows.append(best.row)
            matched_at.append((q.start, best.row))
            out += [_issue(i, (best.row.id,)) for i in issues]
            continue
        if found:
            partial = found[0]
            if not partial.measure_ok:
                out.append(
                    SentenceFinding(
                        "measure-mismatch", (q.start, q.end),
                        f"{_describe(q, sentence)} names {q.measure}, but {partial.row.id} "
                        f"reports {partial.row.measure} {partial.row.estimate:g}",
                        (partial.row.id,),
                    )
                )  # fmt: skip
            else:
                out.append(
                    SentenceFinding(
                        "number-not-in-rows", (q.start, q.end),
                        f"the interval in {_describe(q, sentence)} is not {partial.row.id}'s "
                        f"({partial.row.ci_low:g} to {partial.row.ci_high:g})",
                        (partial.row.id,),
                    )
                )  # fmt: skip
            matched_rows.append(partial.row)
            continue
        if q.kind == "unparsed":
            out.append(
                SentenceFinding(
                    "unparsed-number", (q.start, q.end),
                    f"the audit could not read {_describe(q, sentence)} as a figure, dose, time "
                    "or age; check it by hand", (), "warning",
                )
            )  # fmt: skip
            continue
        others = [
            row for key, row in evidence.facts.items()
            if key not in cited and full(candidates(q, row, names))
        ]  # fmt: skip
        if others and q.kind not in ("dose", "time", "scale", "count"):
            ids = tuple(r.id for r in others[:3])
            out.append(
                SentenceFinding(
                    "number-in-other-row", (q.start, q.end),
                    f"{_describe(q, sentence)} is in no row this claim cites, but matches "
                    f"{', '.join(ids)}: did you mean to cite {ids[0]}?", ids,
                )
            )  # fmt: skip
        else:
            out.append(
                SentenceFinding(
                    "number-not-in-rows", (q.start, q.end),
                    f"{_describe(q, sentence)} matches no value of the cited rows "
                    f"({', '.join(r.id for r in cited_rows)}) within the rounding it shows",
                    tuple(r.id for r in cited_rows),
                )
            )  # fmt: skip
    if matched_rows:
        ids = tuple(dict.fromkeys(r.id for r in matched_rows))
        for issue in causal_issues(sentence, _rows_near(sentence, vocab, matched_at), vocab):
            out.append(_issue(issue, ids))
        certain = certainty_issues(sentence, matched_rows, vocab)
        for issue in certain or direction_issues(sentence, matched_at, vocab):
            out.append(_issue(issue, ids))
    if vocab.spans("reported_speech", sentence):
        out = [
            SentenceFinding(f.kind, f.span, "in a reported claim: " + f.message, f.rows, "warning")
            for f in out
        ]
    return out


def audit_text(
    text: str,
    cited: Sequence[str],
    evidence: Evidence,
    vocab: Vocabulary | None = None,
    in_claim: bool = True,
    first_line: int = 1,
) -> list[tuple[str, int, SentenceFinding]]:
    """Audit a Markdown passage: (sentence, line, finding) for every finding."""
    vocab = vocab or load_vocabulary()
    if in_claim and cited:
        cited = tuple(dict.fromkeys((*cited, *token_rows(text))))
    rendered = render_claim_text(text, evidence.records, first_line)
    out = []
    for sentence in split_sentences(rendered):
        for found in audit_sentence(sentence.text, cited, evidence, vocab, in_claim):
            out.append((sentence.text, sentence.line, found))
    return out
