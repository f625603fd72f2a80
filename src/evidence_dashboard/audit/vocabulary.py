"""The audit's vocabulary: drugs, comparators, populations, conditions, outcomes and verbs.

The words live in ``vocabulary.yaml`` (shipped with the package) and may be extended by a
content folder's ``audit-vocabulary.yaml``; this module only compiles them into matchers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from evidence_dashboard.errors import Problem

PACKAGE_FILE = Path(__file__).with_name("vocabulary.yaml")
EXTENSION_NAME = "audit-vocabulary.yaml"
CONCEPT_SECTIONS = ("drugs", "comparators", "populations", "conditions", "outcomes")
WORD_SECTIONS = ("causal", "certainty", "hedges", "negations", "reported_speech")


@dataclass(frozen=True, slots=True)
class Mention:
    """A vocabulary term found in a text: its section, concept and character span."""

    section: str
    concept: str
    start: int
    end: int
    text: str
    negated: bool = False


def _case_sensitive(term: str) -> bool:
    # Abbreviations (OR, CI, GAD, CrI, aHR) must not match ordinary words such as "or".
    return any(ch.isupper() for ch in term[1:]) or (term.isupper() and len(term) <= 5)


def _term_pattern(term: str) -> str:
    body = re.escape(term.strip()).replace(r"\ ", r"[\s-]+")
    plural = "" if term.endswith(("s", ")")) else "(?:e?s)?"
    return rf"(?<![\w-]){body}{plural}(?![\w])"


def _compile(terms: Iterable[str], patterns: Iterable[str] = ()) -> list[re.Pattern[str]]:
    """One regex per case-sensitivity, terms longest first so the longest term wins."""
    ordered = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    sensitive = [_term_pattern(t) for t in ordered if _case_sensitive(t)]
    insensitive = [_term_pattern(t) for t in ordered if not _case_sensitive(t)]
    compiled: list[re.Pattern[str]] = []
    if insensitive:
        compiled.append(re.compile("|".join(insensitive), re.I))
    if sensitive:
        compiled.append(re.compile("|".join(sensitive)))
    compiled += [re.compile(p, re.I) for p in patterns]
    return compiled


@dataclass(frozen=True)
class Vocabulary:
    """Compiled vocabulary. Build it with :func:`load_vocabulary`."""

    data: Mapping[str, object]
    problems: tuple[Problem, ...] = ()
    _concepts: dict[str, object] = field(default_factory=dict, repr=False)
    _words: dict[str, list[re.Pattern[str]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # All concept terms go into one regex per case-sensitivity (longest first), and the
        # matched text is looked up; one pass per text instead of one per concept.
        self._concepts.clear()
        lookup: dict[str, tuple[str, str]] = {}
        terms: list[str] = []
        patterns: list[tuple[str, str, re.Pattern[str]]] = []
        for section in CONCEPT_SECTIONS:
            for name, spec in (self.data.get(section) or {}).items():
                for term in spec.get("terms", []) or []:
                    lookup.setdefault(_normal(str(term)), (section, str(name)))
                    terms.append(str(term))
                for pattern in spec.get("patterns", []) or []:
                    patterns.append((section, str(name), re.compile(pattern, re.I)))
        self._concepts["lookup"] = lookup
        self._concepts["compiled"] = _compile(terms)
        self._concepts["patterns"] = patterns
        self._concepts["cache"] = {}
        for section in WORD_SECTIONS:
            spec = self.data.get(section) or {}
            self._words[section] = _compile(spec.get("terms", []), spec.get("patterns", []))
        intervals = self.data.get("intervals") or {}
        for kind in ("confidence", "credible"):
            self._words["interval:" + kind] = _compile(intervals.get(kind, []))

    # ------------------------------------------------------------------ concepts
    def spec(self, section: str, concept: str) -> Mapping[str, object]:
        """The YAML entry of one concept (empty when unknown)."""
        return (self.data.get(section) or {}).get(concept) or {}

    def mentions(self, text: str, sections: Iterable[str] = CONCEPT_SECTIONS) -> list[Mention]:
        """Every concept term in ``text``; overlaps go to the longest term, then the first."""
        wanted = tuple(sections)
        cache: dict[tuple[str, tuple[str, ...]], list[Mention]] = self._concepts["cache"]
        if (text, wanted) in cache:
            return cache[(text, wanted)]
        lookup: dict[str, tuple[str, str]] = self._concepts["lookup"]
        found: list[Mention] = []
        for pattern in self._concepts["compiled"]:
            for m in pattern.finditer(text):
                hit = _lookup(lookup, m.group(0))
                if hit and hit[0] in wanted:
                    found.append(Mention(hit[0], hit[1], m.start(), m.end(), m.group(0)))
        for section, concept, pattern in self._concepts["patterns"]:
            if section in wanted:
                found += [Mention(section, concept, m.start(), m.end(), m.group(0))
                          for m in pattern.finditer(text)]  # fmt: skip
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        kept: list[Mention] = []
        for mention in found:
            if all(mention.end <= k.start or mention.start >= k.end for k in kept):
                kept.append(mention)
        kept.sort(key=lambda m: m.start)
        negations = self.spans("negations", text)
        result = [_mark_negated(m, negations, text) for m in kept]
        if len(cache) < 20_000:
            cache[(text, wanted)] = result
        return result

    def concepts(self, text: str, section: str) -> list[str]:
        """The concepts of one section named in ``text``, in order, without repeats."""
        return list(dict.fromkeys(m.concept for m in self.mentions(text, (section,))))

    def ancestors(self, section: str, concept: str) -> list[str]:
        """The concept, then its parent (or class), then theirs."""
        chain = [concept]
        while True:
            spec = self.spec(section, chain[-1])
            parent = spec.get("parent") or spec.get("class")
            if not parent or parent in chain:
                return chain
            chain.append(str(parent))

    def outcome_for_category(self, category: str) -> str | None:
        """The outcome concept tied to an evidence ``outcome_category`` value."""
        for name, spec in (self.data.get("outcomes") or {}).items():
            if category in (spec.get("categories") or []):
                return str(name)
        return None

    # ------------------------------------------------------------------ plain word lists
    def spans(self, section: str, text: str) -> list[tuple[int, int]]:
        """Spans of the terms of a word section (``causal``, ``certainty``, ...) in ``text``."""
        out: list[tuple[int, int]] = []
        for pattern in self._words.get(section, []):
            out += [(m.start(), m.end()) for m in pattern.finditer(text)]
        return sorted(out)

    def words(self, section: str) -> list[str]:
        """The raw terms of a list section (``count_nouns``) or a word section."""
        value = self.data.get(section) or []
        if isinstance(value, Mapping):
            value = value.get("terms", [])
        return [str(v) for v in value]

    def measure_names(self) -> dict[str, str]:
        """Written measure name to the evidence table's measure (``odds ratio`` -> ``OR``)."""
        names: dict[str, str] = {}
        for measure, written in (self.data.get("measures") or {}).items():
            for name in written:
                names[str(name)] = str(measure)
        return names

    def number_words(self) -> dict[str, int]:
        """Number words read as numbers (``eight`` -> 8)."""
        return {str(k).lower(): int(v) for k, v in (self.data.get("number_words") or {}).items()}


def _normal(term: str) -> str:
    return " ".join(re.split(r"[\s-]+", term.strip().lower()))


def _lookup(lookup: dict[str, tuple[str, str]], matched: str) -> tuple[str, str] | None:
    key = _normal(matched)
    for candidate in (
        key,
        key[:-1] if key.endswith("s") else "",
        key[:-2] if key.endswith("es") else "",
    ):
        if candidate and candidate in lookup:
            return lookup[candidate]
    return None


def _mark_negated(mention: Mention, negations: list[tuple[int, int]], text: str) -> Mention:
    # A term is negated when a negation word ends at most three words before it.
    for _, end in negations:
        if end <= mention.start and len(text[end : mention.start].split()) <= 3:
            between = text[end : mention.start]
            if not re.search(r"[.;:,]", between):
                return Mention(**{**_as_dict(mention), "negated": True})
    return mention


def _as_dict(mention: Mention) -> dict[str, object]:
    return {s: getattr(mention, s) for s in Mention.__slots__}


def _merge(base: dict[str, object], extra: Mapping[str, object]) -> dict[str, object]:
    merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for section, value in extra.items():
        current = merged.get(section)
        if isinstance(current, dict) and isinstance(value, Mapping):
            for key, item in value.items():
                old = current.get(key)
                if isinstance(old, dict) and isinstance(item, Mapping):
                    combined = dict(old)
                    for name, sub in item.items():
                        if isinstance(sub, list) and isinstance(combined.get(name), list):
                            combined[name] = [*combined[name], *sub]
                        else:
                            combined[name] = sub
                    current[key] = combined
                elif isinstance(old, list) and isinstance(item, list):
                    current[key] = [*old, *item]
                else:
                    current[key] = item
        elif isinstance(current, list) and isinstance(value, list):
            merged[section] = [*current, *value]
        else:
            merged[section] = value
    return merged


@lru_cache(maxsize=1)
def _package_data() -> dict[str, object]:
    return yaml.safe_load(PACKAGE_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def _load(extension: str | None, stamp: float) -> Vocabulary:
    data = _package_data()
    problems: list[Problem] = []
    if extension is not None:
        try:
            extra = yaml.safe_load(Path(extension).read_text(encoding="utf-8")) or {}
            if not isinstance(extra, Mapping):
                raise ValueError("it must be a mapping of sections")
            data = _merge(data, extra)
            Vocabulary(data)  # compile once here so a bad regex is reported, not raised later
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, re.error) as exc:
            problems.append(
                Problem(
                    extension,
                    getattr(getattr(exc, "problem_mark", None), "line", -1) + 1 or None,
                    f"the audit vocabulary must be valid YAML of the shipped shape. Got: {exc}.",
                    hint="see docs/audit.md; the shipped vocabulary is used instead.",
                )
            )
            data = _package_data()
    return Vocabulary(data, tuple(problems))


def load_vocabulary(content_root: str | Path | None = None) -> Vocabulary:
    """The shipped vocabulary, extended by ``<content_root>/audit-vocabulary.yaml`` if present.

    Parameters
    ----------
    content_root : path-like, optional
        A content folder (the one holding ``articles/``).

    Returns
    -------
    Vocabulary
        Compiled matchers; ``problems`` lists an extension file that could not be used.

    Examples
    --------
    >>> vocab = load_vocabulary()
    >>> [m.concept for m in vocab.mentions("diazepam in older adults with insomnia")]
    ['diazepam', 'older', 'insomnia']
    """
    extension = Path(content_root) / EXTENSION_NAME if content_root is not None else None
    if extension is not None and extension.is_file():
        return _load(str(extension), extension.stat().st_mtime)
    return _load(None, 0.0)
