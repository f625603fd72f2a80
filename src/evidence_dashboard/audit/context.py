"""Who, what, where: the words around a number against the row the number came from.

For each matched number the nearest population, drug, condition, outcome and comparator words
(in its clause, or right after it: "32% of people taking diazepam") are compared with the row's
``population``/``age_group``, ``drug``/``drug_class``, ``outcome``/``outcome_category`` and
``comparator``. A word that is negated ("not specific to older people") is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence_dashboard.audit.match import Candidate
from evidence_dashboard.audit.numbers import Quantity, age_expressions
from evidence_dashboard.audit.rows import RowFacts
from evidence_dashboard.audit.text import clause_of
from evidence_dashboard.audit.vocabulary import Mention, Vocabulary

_COMPARATOR_CUE = re.compile(
    r"\b(?:compared with|compared to|in comparison with|than(?: with| in| on| among| for)?|"
    r"versus|vs\.?|against|relative to|as with|as on|as among|as in those (?:on|taking))\s+",
    re.I,
)
_ADJACENT_GAP = re.compile(
    r"^\s*(?:(?:of|the|in|on|among|with|for|people|patients|adults|users|taking|who|took|"
    r"take|given|receiving|using|had|risk|odds|rate|more|higher|a|an|extra|times|as|many|"
    r"treated|for|those|them|on|"
    r"likely|common|frequent|any|total)\s+){0,5}$",
    re.I,
)
_POPULATION_CUE_BEFORE = re.compile(r"\b(?:with|for|in|among|of)\s+(?:[\w-]+\s+){0,2}$", re.I)
_POPULATION_CUE_AFTER = re.compile(
    r"^\s*(?:patients|trials?|studies|sufferers|outpatients|cohort|population|users)\b", re.I
)
_DESCRIPTOR_AFTER = re.compile(
    r"^[\s-]+(?:study|studies|trial|trials|programme|program|cohort|review|arm)\b", re.I
)
_OLDER_GROUPS = {"older adults": None, "60+": 60.0, "65+": 65.0}


@dataclass(frozen=True, slots=True)
class Issue:
    """One disagreement between the sentence and a row."""

    kind: str
    span: tuple[int, int]
    message: str
    severity: str = "error"


@dataclass
class SentenceContext:
    """The vocabulary mentions of one sentence, read once."""

    sentence: str
    mentions: list[Mention]
    comparator_regions: list[tuple[int, int]]
    ages: list[tuple[int, int, str, float]]

    @classmethod
    def read(cls, sentence: str, vocab: Vocabulary) -> SentenceContext:
        """Find the mentions and comparator regions of a sentence."""
        regions = []
        for cue in _COMPARATOR_CUE.finditer(sentence):
            rest = sentence[cue.end() : cue.end() + 45]
            stop = re.search(r"[,;:(]|\.\s", rest)
            regions.append((cue.start(), cue.end() + (stop.start() if stop else len(rest))))
        mentions = [m for m in vocab.mentions(sentence) if not m.negated]
        return cls(sentence, mentions, regions, age_expressions(sentence))

    def descriptor(self, mention: Mention) -> bool:
        """Whether a drug word only names a study ('a diazepam study', 'the buspirone trials')."""
        return bool(_DESCRIPTOR_AFTER.match(self.sentence[mention.end :]))

    def in_comparator(self, mention: Mention) -> bool:
        """Whether a mention sits in a 'compared with ...' phrase."""
        return any(a <= mention.start < b for a, b in self.comparator_regions)


def _associate(
    items: list[Mention], quantity: Quantity, sentence: str, fallback: bool
) -> Mention | None:
    """The mention a number refers to.

    Right after it ("32% of people taking diazepam"), else the nearest before it in its clause,
    else (with ``fallback``) the nearest before it across a colon, else the nearest after it in
    the same phrase (no comma between).
    """
    clause = clause_of(sentence, quantity.start)
    for m in items:
        gap = sentence[quantity.end : m.start]
        if m.start >= quantity.end and (
            _ADJACENT_GAP.match(gap) or (len(gap.split()) <= 4 and not re.search(r"[,;:()\d]", gap))
        ):
            return m
    before = [m for m in items if clause[0] <= m.start and m.end <= quantity.start]
    if before:
        return before[-1]
    if fallback:
        hard = clause_of(sentence, quantity.start, hard=True)
        earlier = [m for m in items if hard[0] <= m.start and m.end <= quantity.start]
        if earlier:
            return earlier[-1]
    for m in items:
        gap = sentence[quantity.end : m.start]
        if m.start >= quantity.end and m.end <= clause[1] and not re.search(r"[,;]", gap):
            return m
    return None


def _row_concepts(vocab: Vocabulary, text: str, sections: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(m.concept for m in vocab.mentions(text, sections)))


def _drug_issue(ctx: SentenceContext, q: Quantity, c: Candidate, vocab: Vocabulary) -> Issue | None:
    row = c.row
    if c.side == "control":
        items = [
            m
            for m in ctx.mentions
            if m.section in ("drugs", "comparators") and not ctx.descriptor(m)
        ]
        target, target_text = (
            _row_concepts(vocab, row.comparator, ("drugs", "comparators")),
            row.comparator,
        )
    else:
        items = [
            m for m in ctx.mentions
            if m.section == "drugs" and not ctx.in_comparator(m) and not ctx.descriptor(m)
        ]  # fmt: skip
        target = _row_concepts(vocab, row.drug, ("drugs",)) or _row_concepts(
            vocab, row.drug_class, ("drugs",)
        )
        target_text = row.drug
    mention = _associate(items, q, ctx.sentence, fallback=True)
    if mention is None or not target or mention.concept in target:
        return None
    said = mention.text
    if any(t in vocab.ancestors("drugs", mention.concept)[1:] for t in target):
        message = (f"{row.id} is a figure for {target_text} as a class; the sentence gives it "
                   f"to '{said}' alone")  # fmt: skip
    elif any(mention.concept in vocab.ancestors("drugs", t)[1:] for t in target):
        message = (f"{row.id} is a figure for {target_text} only; the sentence gives it to "
                   f"'{said}' as a whole")  # fmt: skip
    else:
        message = f"the sentence says '{said}', but {row.id} is about {target_text}"
    if c.side == "control":
        # The number is the comparator arm's: naming the wrong arm is a comparator error.
        message = f"the sentence gives {row.id}'s comparator arm to '{said}', not {target_text}"
        return Issue("comparator-mismatch", (mention.start, mention.end), message)
    return Issue("drug-mismatch", (mention.start, mention.end), message)


def _row_age(row: RowFacts) -> tuple[str, float | None]:
    if row.age_group in _OLDER_GROUPS:
        threshold = _OLDER_GROUPS[row.age_group]
        if threshold is None:
            ages = [a for _, _, kind, a in age_expressions(row.population) if kind == "older"]
            threshold = ages[0] if ages else None
        return "older", threshold
    return ("all" if row.age_group == "all ages" else "adults"), None


def _population_issue(
    ctx: SentenceContext, q: Quantity, c: Candidate, vocab: Vocabulary
) -> Issue | None:
    row = c.row
    items = [
        m for m in ctx.mentions
        if m.section == "populations" and vocab.spec("populations", m.concept).get("kind") != "generic"
    ]  # fmt: skip
    items += [
        Mention("populations", f"age:{kind}:{age:g}", s, e, ctx.sentence[s:e])
        for s, e, kind, age in ctx.ages
        if kind in ("older", "younger")
    ]
    items.sort(key=lambda m: m.start)
    mention = _associate(items, q, ctx.sentence, fallback=True)
    if mention is None:
        return None
    if mention.concept.startswith("age:"):
        _, kind, age = mention.concept.split(":")
        threshold: float | None = float(age)
    else:
        kind = str(vocab.spec("populations", mention.concept).get("kind", "generic"))
        threshold = None
    row_kind, row_threshold = _row_age(row)
    population = row.population.lower()
    said, where = mention.text, f"{row.id} is about {row.population or row.age_group}"
    ok = True
    if kind == "older":
        ok = row_kind == "older"
        if ok and threshold is not None:
            ok = threshold == row_threshold if row_threshold is not None else 60 <= threshold <= 65
    elif kind == "younger":
        ok = row_kind != "older"
    elif kind == "children":
        ok = row_kind == "all" or bool(re.search(r"child|paediatric|pediatric", population))
    elif kind in ("women", "men"):
        ok = bool(vocab.mentions(population, ("populations",))) and any(
            vocab.spec("populations", m.concept).get("kind") == kind
            for m in vocab.mentions(population, ("populations",))
        )
    if ok:
        return None
    return Issue("population-mismatch", (mention.start, mention.end),
                 f"the sentence says '{said}', but {where} ({row.age_group})")  # fmt: skip


def _population_like(ctx: SentenceContext, m: Mention) -> bool:
    before = ctx.sentence[max(0, m.start - 30) : m.start]
    return bool(
        _POPULATION_CUE_BEFORE.search(before) or _POPULATION_CUE_AFTER.match(ctx.sentence[m.end :])
    )


def _condition_issue(
    ctx: SentenceContext, q: Quantity, c: Candidate, vocab: Vocabulary
) -> Issue | None:
    row = c.row
    row_conditions = _row_concepts(vocab, row.population, ("conditions",))
    items = [m for m in ctx.mentions if m.section == "conditions" and _population_like(ctx, m)]
    mention = _associate(items, q, ctx.sentence, fallback=True)
    if mention is not None:
        related = any(
            mention.concept in vocab.ancestors("conditions", r)
            or r in vocab.ancestors("conditions", mention.concept)
            for r in row_conditions
        )
        if related:
            return None
        where = (
            f"{row.id} is about {row.population}"
            if row.population
            else f"{row.id} names no condition"
        )
        return Issue("condition-mismatch", (mention.start, mention.end),
                     f"the sentence says '{mention.text}', but {where}")  # fmt: skip
    if not row_conditions or items:
        return None
    stated = [
        m for m in ctx.mentions
        if m.section == "populations" and vocab.spec("populations", m.concept).get("kind") != "generic"
    ]  # fmt: skip
    if not stated and not any(kind in ("older", "younger") for *_, kind, _ in ctx.ages):
        return None
    span = (stated[0].start, stated[0].end) if stated else (ctx.ages[0][0], ctx.ages[0][1])
    return Issue(
        "condition-mismatch", span,
        f"{row.id} comes from {row.population}; the sentence names the population without "
        f"the condition ({', '.join(row_conditions)})", "warning",
    )  # fmt: skip


def _outcome_issue(
    ctx: SentenceContext, q: Quantity, c: Candidate, vocab: Vocabulary
) -> Issue | None:
    row = c.row
    items = [m for m in ctx.mentions if m.section == "outcomes"]
    mention = _associate(items, q, ctx.sentence, fallback=True)
    if mention is None:
        return None
    head = re.split(r"[(,]", row.outcome)[0]
    concepts = _row_concepts(vocab, head, ("outcomes",))[:1]
    category = vocab.outcome_for_category(row.outcome_category)
    if category:
        concepts.append(category)
    if not concepts or any(mention.concept in vocab.ancestors("outcomes", r) for r in concepts):
        return None
    return Issue("outcome-mismatch", (mention.start, mention.end),
                 f"the sentence says '{mention.text}', but {row.id} measures {row.outcome}")  # fmt: skip


def _comparator_issue(
    ctx: SentenceContext, q: Quantity, c: Candidate, vocab: Vocabulary
) -> Issue | None:
    row = c.row
    if c.side != "treatment" or not row.comparator:
        return None
    target = _row_concepts(vocab, row.comparator, ("drugs", "comparators"))
    if not target:
        return None
    clause = clause_of(ctx.sentence, q.start)
    inside = [
        m for m in ctx.mentions
        if m.section in ("drugs", "comparators") and ctx.in_comparator(m)
    ]  # fmt: skip
    local = [m for m in inside if clause[0] <= m.start < clause[1]] or inside
    if not local or local[0].concept in target:
        return None
    mention = local[0]
    return Issue("comparator-mismatch", (mention.start, mention.end),
                 f"the sentence compares with '{mention.text}', but {row.id} compares with "
                 f"{row.comparator}")  # fmt: skip


CHECKS = (_population_issue, _drug_issue, _condition_issue, _outcome_issue, _comparator_issue)


def context_issues(
    ctx: SentenceContext, quantity: Quantity, candidate: Candidate, vocab: Vocabulary
) -> list[Issue]:
    """Every disagreement between the words around ``quantity`` and its matched row."""
    if candidate.side == "text":
        return []
    found = [check(ctx, quantity, candidate, vocab) for check in CHECKS]
    return [issue for issue in found if issue is not None]
