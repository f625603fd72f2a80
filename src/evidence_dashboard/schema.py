"""The content schema: evidence columns, vocabularies and article front matter, with their help.

This module is the single source of the data dictionary: :mod:`evidence_dashboard.dictionary`
writes it as the Markdown tables ``docs/content-format.md`` embeds, and a test fails when the two
differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a column holds."""

    TEXT = "text"
    NUMBER = "number"
    COUNT = "count"
    VOCABULARY = "vocabulary"
    REFERENCE = "reference"


@dataclass(frozen=True, slots=True)
class Column:
    """One evidence-table column: its name, kind, whether it is required, and its help text."""

    name: str
    kind: Kind
    required: bool
    help: str
    vocabulary: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Term:
    """One allowed value of a vocabulary, with what it means."""

    value: str
    help: str


# --------------------------------------------------------------------------- vocabularies

#: Measures analysed on the log scale and shown exponentiated, with the null line at 1.
RATIO_MEASURES = ("RR", "OR", "HR", "IRR", "SHR")
#: Measures the statistics core pools: the ratios plus the risk difference.
POOLABLE_MEASURES = ("RR", "OR", "RD", "HR", "IRR", "SHR")
#: Measures that can be computed from the four arm counts.
COUNT_MEASURES = ("RR", "OR", "RD")
#: Measures an absolute effect (events per 1,000, NNT/NNH) is computed from.
ABSOLUTE_MEASURES = ("RR", "OR", "RD")

MEASURES: tuple[Term, ...] = (
    Term("RR", "risk ratio (relative risk)"),
    Term("OR", "odds ratio"),
    Term("HR", "hazard ratio"),
    Term("IRR", "incidence rate ratio"),
    Term("SHR", "subdistribution hazard ratio (competing-risks analysis)"),
    Term("RD", "risk difference (proportion, treatment minus control)"),
    Term("NNTH", "number needed to treat for one additional person to be harmed"),
    Term(
        "proportion",
        "percent of people in the treatment arm with the outcome; `estimate` holds that percent "
        "and `percent_control` the comparator arm's percent where reported",
    ),
    Term("statement", "a drug-label or guideline statement; never plotted as a number"),
    Term("NNT", "number needed to treat for one additional person to benefit"),
    Term(
        "SMD",
        "standardised mean difference (Hedges' g or Cohen's d, named in `note`); positive favours "
        "the drug unless `note` says otherwise",
    ),
    Term(
        "MD",
        "mean difference, treatment minus comparator, in the units of the scale named in `scale`",
    ),
    Term(
        "mean change",
        "mean change from baseline in the treatment arm, on the scale named in `scale`; "
        "`mean_control` holds the comparator arm's mean change where reported",
    ),
    Term(
        "baseline risk",
        "percent of a population with the outcome over `period`, without reference to any drug; "
        "used for natural frequencies and never drawn as an arm",
    ),
    Term(
        "incidence rate",
        "events per `per` people over `period` in a population, without reference to any drug; "
        "a baseline, never drawn as an arm",
    ),
    Term(
        "relative change",
        "percent change in a count or rate against the reference named in `comparator` "
        "(descriptive, not a risk estimate)",
    ),
)

#: What each measure is, as tables and captions name it.
MEASURE_NAMES: dict[str, str] = {t.value: t.help for t in MEASURES}

#: Pooling methods with the words every result uses for them.
POOL_METHODS: tuple[Term, ...] = (
    Term("iv", "inverse-variance fixed effect"),
    Term("mh", "Mantel-Haenszel fixed effect"),
    Term("peto", "Peto fixed effect"),
    Term("dl", "DerSimonian-Laird random effects"),
    Term("reml", "REML random effects"),
    Term("pm", "Paule-Mandel random effects"),
)
METHOD_NAMES: dict[str, str] = {t.value: t.help for t in POOL_METHODS}
FIXED_METHODS = ("iv", "mh", "peto")
RANDOM_METHODS = ("dl", "reml", "pm")

# Rows that describe a population without any drug: never an arm on a chart, never pooled.
BASELINE_MEASURES = ("baseline risk", "incidence rate")
# Measures on the scale of a questionnaire or score: `scale` must say which.
SCALE_MEASURES = ("MD", "mean change")

DESIGNS: tuple[Term, ...] = (
    Term("randomized trial", "one randomized controlled trial"),
    Term("controlled trial", "a controlled trial whose randomization is not stated in the source"),
    Term(
        "pooled trial data",
        "arm-level results pooled across several trials without a formal meta-analysis "
        "(label tables, drug development programmes)",
    ),
    Term("meta-analysis of trials", "a systematic review that pools randomized trials"),
    Term("cohort", "a prospective or retrospective cohort study"),
    Term("case-control", "a case-control study"),
    Term(
        "meta-analysis of observational studies",
        "a systematic review that pools cohort and/or case-control studies",
    ),
    Term("narrative review", "a literature review without pooling"),
    Term("drug label", "a statement from prescribing information"),
    Term("guideline", "a recommendation from a clinical guideline"),
    Term(
        "within-trial comparison",
        "a non-randomised comparison between groups inside a trial (for example by duration of "
        "use); the groups were not assigned at random",
    ),
    Term("national survey", "a national cross-sectional survey (self-reported, one time point)"),
    Term(
        "regulatory statement",
        "a regulator's safety communication or advice (FDA, UK Committee on Safety of Medicines)",
    ),
)

# How each design is labelled on charts, so randomized and observational are never mixed silently.
DESIGN_FAMILY: dict[str, str] = {
    "randomized trial": "randomized",
    "controlled trial": "randomized",
    "pooled trial data": "randomized",
    "meta-analysis of trials": "randomized",
    "cohort": "observational",
    "case-control": "observational",
    "meta-analysis of observational studies": "observational",
    "narrative review": "review",
    "drug label": "statement",
    "guideline": "statement",
    "within-trial comparison": "observational",
    "national survey": "observational",
    "regulatory statement": "statement",
}

OUTCOME_CATEGORIES: tuple[Term, ...] = (
    Term("any adverse event", "any adverse event (total adverse events)"),
    Term("CNS adverse event", "central nervous system adverse events (dizziness, drowsiness, ...)"),
    Term("cognitive", "cognitive adverse events (memory, confusion, delirium)"),
    Term("psychomotor", "psychomotor adverse events (impaired coordination, reaction time)"),
    Term("sedation", "drowsiness, daytime fatigue or sedation"),
    Term("anticholinergic", "anticholinergic effects (dry mouth, constipation, urinary retention)"),
    Term("falls", "falls"),
    Term("fracture", "fractures, including hip fracture"),
    Term("injury", "injuries needing medical care (composite outcomes)"),
    Term("health-care use", "emergency visits or hospital admissions"),
    Term("dependence", "dependence and withdrawal reactions"),
    Term("paradoxical reaction", "paradoxical excitement or agitation"),
    Term("indication", "what a drug is approved for"),
    Term("dosing", "dose and frequency statements"),
    Term("long-term use", "statements about use beyond the studied duration"),
    Term("prescribing recommendation", "whether to use or avoid a drug"),
    Term("anxiety", "benefit: anxiety symptoms or response to treatment"),
    Term("pain", "benefit: pain intensity, pain relief or the share of people still in pain"),
    Term("function", "benefit: disability or function scores"),
    Term("global improvement", "benefit: overall improvement as rated by the patient or clinician"),
    Term("discontinuation", "stopping treatment, for lack of effect or for any reason"),
    Term("boxed warning", "a boxed warning on the label and the regulator's action behind it"),
    Term("contraindication", "who must not take the drug"),
    Term(
        "special population",
        "cautions for pregnancy, breastfeeding, the newborn, or kidney or liver impairment",
    ),
    Term("interaction", "drug-drug interactions and combinations to avoid"),
    Term("duration", "how long a drug should be used"),
    Term("tapering", "how to reduce the dose and stop"),
    Term("monitoring", "review and monitoring during treatment"),
    Term("prescribing trend", "how often a drug or combination is prescribed over time"),
)

AGE_GROUPS: tuple[Term, ...] = (
    Term("adults", "adults, not restricted to older people"),
    Term("all ages", "children and adults"),
    Term("older adults", "older people, age threshold not stated in the source"),
    Term("60+", "people aged 60 and older (or a mean age of 70 and older)"),
    Term("65+", "people aged 65 and older"),
)

AUDIENCES: tuple[Term, ...] = (
    Term("clinician", "ratios with confidence intervals on a log axis"),
    Term("student", "ratios and natural frequencies, each with a one-line explanation"),
    Term("patient", "natural frequencies and icon arrays at a stated baseline risk"),
)

STATUSES: tuple[Term, ...] = (
    Term("submitted", "the author asks the advisory board to review it (the default)"),
    Term("draft", "the author is still writing it"),
)

INTERVALS: tuple[Term, ...] = (
    Term("confidence", "a frequentist confidence interval (the default when empty)"),
    Term("credible", "a Bayesian credible interval"),
)
#: How results abbreviate each kind of interval ("95% CI", "95% CrI").
INTERVAL_ABBREVIATIONS: dict[str, str] = {"confidence": "CI", "credible": "CrI"}

BOUNDS: tuple[Term, ...] = (
    Term("upper", "the estimate is an upper bound as reported ('less than 1%')"),
    Term("lower", "the estimate is a lower bound as reported ('more than 5%')"),
)

EVIDENCE_TYPES: tuple[Term, ...] = (
    Term("research", "a primary study"),
    Term("review", "a systematic or narrative review"),
    Term("guideline", "a clinical guideline or consensus criteria"),
    Term("drug label", "prescribing information or a drug reference summarising it"),
)


def values(terms: tuple[Term, ...]) -> tuple[str, ...]:
    """The allowed values of a vocabulary."""
    return tuple(t.value for t in terms)


def design_family(design: str) -> str:
    """``randomized``, ``observational``, ``review`` or ``statement`` for a design, else ``other``.

    Examples
    --------
    >>> design_family("cohort"), design_family("unknown")
    ('observational', 'other')
    """
    return DESIGN_FAMILY.get(design, "other")


# --------------------------------------------------------------------------- evidence columns

EVIDENCE_COLUMNS: tuple[Column, ...] = (
    Column("id", Kind.TEXT, True, "unique row identifier across all evidence files, e.g. `FA-03`"),
    Column("source", Kind.REFERENCE, True, "BibTeX key of the source in `data/references/`"),
    Column(
        "locator", Kind.TEXT, True, "where in the source the figure is: table, page or abstract"
    ),
    Column("drug", Kind.TEXT, True, "the drug or drug group as the source names it"),
    Column("drug_class", Kind.TEXT, False, "pharmacological class, e.g. `benzodiazepine`"),
    Column("comparator", Kind.TEXT, False, "what the drug is compared with (empty for statements)"),
    Column("outcome", Kind.TEXT, True, "the outcome in the source's words, shortened"),
    Column(
        "outcome_category",
        Kind.VOCABULARY,
        True,
        "the outcome's category",
        values(OUTCOME_CATEGORIES),
    ),
    Column("population", Kind.TEXT, False, "who was studied"),
    Column("age_group", Kind.VOCABULARY, True, "the population's age band", values(AGE_GROUPS)),
    Column("design", Kind.VOCABULARY, True, "the study design behind the figure", values(DESIGNS)),
    Column("measure", Kind.VOCABULARY, True, "what `estimate` measures", values(MEASURES)),
    Column("estimate", Kind.NUMBER, False, "point estimate; empty for statements"),
    Column("ci_low", Kind.NUMBER, False, "lower bound of the interval"),
    Column("ci_high", Kind.NUMBER, False, "upper bound of the interval"),
    Column("ci_level", Kind.NUMBER, False, "interval level in percent; empty means 95"),
    Column("events_treatment", Kind.COUNT, False, "people with the outcome, treatment arm"),
    Column("total_treatment", Kind.COUNT, False, "people in the treatment arm"),
    Column("events_control", Kind.COUNT, False, "people with the outcome, comparator arm"),
    Column("total_control", Kind.COUNT, False, "people in the comparator arm"),
    Column("n_studies", Kind.COUNT, False, "number of studies behind a pooled figure"),
    Column("n_participants", Kind.COUNT, False, "number of participants as reported"),
    Column("note", Kind.TEXT, False, "caveats: population limits, secondary-source flags"),
    Column("statement", Kind.TEXT, False, "for statement rows: the label or guideline statement"),
    Column("percent_treatment", Kind.NUMBER, False, "percent with the outcome, treatment arm"),
    Column("percent_control", Kind.NUMBER, False, "percent with the outcome, comparator arm"),
    Column("interval", Kind.VOCABULARY, False, "kind of interval", values(INTERVALS)),
    Column("bound", Kind.VOCABULARY, False, "the estimate is a bound", values(BOUNDS)),
    Column("adjusted", Kind.VOCABULARY, False, "the estimate is adjusted", ("yes", "no")),
    Column(
        "read_at",
        Kind.TEXT,
        False,
        "where the figure or wording was read: an http(s) URL, or the BibTeX key of the page read "
        "when that was a reproduction (a SECONDARY source) rather than `source` itself",
    ),
    Column(
        "period",
        Kind.TEXT,
        False,
        "the period a baseline risk or incidence rate covers, e.g. `1 year` or `1 year (2005)`",
    ),
    Column(
        "per", Kind.COUNT, False, "the population an incidence rate is counted per, e.g. `100000`"
    ),
    Column(
        "scale",
        Kind.TEXT,
        False,
        "the scale of a mean difference or mean change, with its range, e.g. `pain, 0 to 100`",
    ),
    Column("mean_control", Kind.NUMBER, False, "mean change in the comparator arm"),
)

COLUMNS_BY_NAME: dict[str, Column] = {c.name: c for c in EVIDENCE_COLUMNS}
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in EVIDENCE_COLUMNS if c.required)

# --------------------------------------------------------------------------- article front matter


@dataclass(frozen=True, slots=True)
class FrontMatterField:
    """One front-matter key of an article."""

    name: str
    required: bool
    help: str


FRONT_MATTER: tuple[FrontMatterField, ...] = (
    FrontMatterField("slug", True, "URL-safe identifier: lowercase letters, digits and hyphens"),
    FrontMatterField("title", True, "the article's title"),
    FrontMatterField("question", True, "the clinical question the article answers"),
    FrontMatterField("status", True, "the author's request: submitted or draft (never approval)"),
    FrontMatterField("updated", True, "date of the last change, `YYYY-MM-DD`"),
    FrontMatterField("audiences", True, "audiences written for: " + ", ".join(values(AUDIENCES))),
    FrontMatterField(
        "disclaimer",
        True,
        "shown on every view of the article: one text, or a map of audience (and optionally "
        "`default`) to the text worded for that audience",
    ),
    FrontMatterField("authors", False, "list of author names"),
    FrontMatterField("reviewers", False, "list of reviewer names"),
    FrontMatterField("summary", False, "one-paragraph answer shown on the home page"),
    FrontMatterField("baseline_risk", False, "map of evidence id to a baseline risk in (0, 1)"),
)
