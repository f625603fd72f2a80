"""What the claim audit reports: one frozen finding per problem found in a sentence."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# Every kind the audit can report, with what it means (docs/audit.md embeds this table).
KINDS: dict[str, str] = {
    "number-not-in-rows": "a number matches no value of the rows the claim cites",
    "number-in-other-row": "a number matches a row the claim does not cite",
    "measure-mismatch": "a named measure (RR, odds ratio) differs from the matched row's",
    "population-mismatch": "the population named around a number is not the row's",
    "drug-mismatch": "the drug or class named around a number is not the row's",
    "condition-mismatch": "the condition named (or left out) is not the row population's",
    "outcome-mismatch": "the outcome named around a number is not the row's",
    "comparator-mismatch": "the comparator named is not the row's",
    "causal-language": "a causal verb on an observational row",
    "certainty-language": "certain wording on an estimate that includes no effect or is "
    "of low certainty",
    "interval-kind": "a confidence interval called credible or the reverse, or the wrong level",
    "unbound-number": "a number in a claim without rows, or outside any claim",
    "unparsed-number": "a number the audit could not read; check it by hand",
    "vocabulary-problem": "the content folder's audit vocabulary could not be used",
}
SEVERITIES = ("error", "warning")


@dataclass(frozen=True, slots=True)
class Finding:
    """One audit finding, located in an article and a sentence.

    Attributes
    ----------
    id : str
        Stable identifier: a hash of article, claim, audience, kind, sentence, span and rows,
        so a dismissal stays attached while the sentence is unchanged.
    article : str
        The article's slug.
    claim : str
        The claim id ("" outside claim blocks).
    audience : str
        Who reads the sentence: ``all``, or the audiences joined by commas
        (``clinician,student`` for a claim's default text, ``patient`` for its patient version).
    line : int
        The line in the article file where the sentence starts.
    sentence : str
        The sentence as the reader sees it (value tokens rendered).
    span : tuple of int
        ``(start, end)`` of the expression within ``sentence``.
    kind : str
        One of :data:`KINDS`.
    severity : {"error", "warning"}
    message : str
        What is wrong and, where possible, the fix.
    rows : tuple of str
        The evidence row ids involved.
    path : str
        The article file, for ``path:line`` locations.
    """

    id: str
    article: str
    claim: str
    audience: str
    line: int
    sentence: str
    span: tuple[int, int]
    kind: str
    severity: str
    message: str
    rows: tuple[str, ...] = ()
    path: str = ""

    def applies_to(self, audience: str) -> bool:
        """Whether readers of ``audience`` read the sentence this finding is about."""
        return self.audience == "all" or audience in self.audience.split(",")

    @property
    def expression(self) -> str:
        """The highlighted part of the sentence."""
        return self.sentence[self.span[0] : self.span[1]]

    @property
    def location(self) -> str:
        """``path:line``."""
        return f"{self.path or self.article}:{self.line}"

    def text(self) -> str:
        """The CLI's text form: ``path:line: claim <id>: <message>``."""
        claim = self.claim or "(outside claims)"
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.location}: claim {claim}: {prefix}{self.message}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: the issue's fields, plus id, span and path."""
        return {
            "article": self.article,
            "claim": self.claim,
            "audience": self.audience,
            "line": self.line,
            "sentence": self.sentence,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "rows": list(self.rows),
            "id": self.id,
            "span": list(self.span),
            "path": self.path,
        }


def finding_id(
    article: str,
    claim: str,
    audience: str,
    kind: str,
    sentence: str,
    span: tuple[int, int],
    rows: tuple[str, ...],
) -> str:
    """The stable id of a finding (16 hex digits of a SHA-256)."""
    where = f"{span[0]}-{span[1]}"
    key = "\x1f".join((article, claim, audience, kind, sentence, where, " ".join(rows)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def make_finding(
    *,
    article: str,
    claim: str,
    audience: str,
    line: int,
    sentence: str,
    span: tuple[int, int],
    kind: str,
    severity: str,
    message: str,
    rows: tuple[str, ...] = (),
    path: str = "",
) -> Finding:
    """Build a finding with its id computed."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}. Got '{kind}' instead.")
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be 'error' or 'warning'. Got '{severity}' instead.")
    return Finding(
        id=finding_id(article, claim, audience, kind, sentence, span, tuple(rows)),
        article=article,
        claim=claim,
        audience=audience,
        line=line,
        sentence=sentence,
        span=span,
        kind=kind,
        severity=severity,
        message=message,
        rows=tuple(rows),
        path=path,
    )
