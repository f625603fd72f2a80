"""Build ``corpus.json``: planted errors and correct sentences for the claim audit.

Run ``python tests/audit/make_corpus.py`` to rebuild. Sentences come from three places:

* the shipped article's claims (every audience's text, rendered as the reader sees it), and
  mutations of them: a number swapped, a number borrowed from an uncited row, the population
  shifted, a class figure given to one drug, the condition or outcome changed, the comparator
  changed, an association made causal, an uncertain estimate overstated, the interval renamed,
  the rows removed;
* paraphrases written from each numeric row's own fields (the forms the article does not use:
  "50% higher odds", "about 1 in 3", "roughly doubled", "three times as common") and the same
  mutations of them;
* hand-written sentences (``HAND``), written before the matcher was tuned and kept held out.

A stable hash puts 30% of the generated entries in the held-out split; the benchmark reports
the tuned and held-out splits apart. The shipped corpus was built from the article as it stood
before the content revision, against ``corpus-evidence.csv`` (that version's rows plus five rows
of the new kinds); rebuilding against today's ``data/`` gives a different corpus.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from evidence_dashboard.audit import load_vocabulary  # noqa: E402
from evidence_dashboard.audit.engine import FIGURE_KINDS  # noqa: E402
from evidence_dashboard.audit.library import audience_texts  # noqa: E402
from evidence_dashboard.audit.numbers import find_quantities  # noqa: E402
from evidence_dashboard.audit.rows import row_facts  # noqa: E402
from evidence_dashboard.audit.text import render_claim_text, split_sentences  # noqa: E402
from evidence_dashboard.content.library import load_library  # noqa: E402

FIGURE = re.compile(r"\d|twice|double|in 100")
REPORTED = re.compile(r"widely repeated|sometimes quoted|some summaries suggest", re.I)
OUT = HERE / "corpus.json"
CONDITION_WORDS = re.compile(
    r"pain|insomnia|arthritis|anxiety|anxious|spasticity|depression|endoscopy", re.I
)
# Shipped sentences whose honest reading has a finding, and why.
EXPECTED_IN_SHIPPED = {
    # FX-07 is from older adults taking SSRIs for depression; the sentence is about switching
    # an anxiety treatment and names only "older people": a real condition gap (a warning).
    "Switching the anxiety treatment to an SSRI": ["condition-mismatch"],
}
VOCAB = load_vocabulary()


def _kinds(sentence: str) -> set[str]:
    return {q.kind for q in find_quantities(sentence, VOCAB)}


# (find, replace, expected kind, condition on the sentence's rows)
# fmt: off
SWAPS: list[tuple[str, str, str, str]] = [
    ("older people", "younger adults", "population-mismatch", "older"),
    ("older adults", "younger adults", "population-mismatch", "older"),
    ("aged 60 and older", "aged 75 and older", "population-mismatch", "older"),
    ("65 and older", "80 and older", "population-mismatch", "older"),
    ("older people", "children", "population-mismatch", "older"),
    ("benzodiazepine users", "diazepam users", "drug-mismatch", "class:benzodiazepine"),
    ("benzodiazepines", "diazepam", "drug-mismatch", "class:benzodiazepine"),
    ("SSRIs", "benzodiazepines", "drug-mismatch", "drug:SSRI"),
    ("with baclofen", "with tizanidine", "drug-mismatch", "drug:baclofen"),
    ("with tizanidine", "with baclofen", "drug-mismatch", "drug:tizanidine"),
    ("taking diazepam", "taking lorazepam", "drug-mismatch", "drug:diazepam"),
    ("lorazepam", "alprazolam", "drug-mismatch", "drug:lorazepam"),
    ("on baclofen", "on tizanidine", "drug-mismatch", "drug:baclofen"),
    ("midazolam", "diazepam", "drug-mismatch", "drug:midazolam"),
    ("low back pain", "insomnia", "condition-mismatch", "any"),
    ("rheumatoid arthritis", "low back pain", "condition-mismatch", "any"),
    ("insomnia", "rheumatoid arthritis", "condition-mismatch", "any"),
    ("for endoscopy", "for insomnia", "condition-mismatch", "any"),
    ("with falls", "with hip fractures", "outcome-mismatch", "cat:falls"),
    ("with fractures", "with falls", "outcome-mismatch", "cat:fracture"),
    ("drowsiness", "dizziness", "outcome-mismatch", "cat:sedation"),
    ("dry mouth", "drowsiness", "outcome-mismatch", "cat:anticholinergic"),
    ("dizziness", "dry mouth", "outcome-mismatch", "cat:CNS adverse event"),
    ("Cognitive adverse events", "Falls", "outcome-mismatch", "cat:cognitive"),
    ("daytime fatigue", "dry mouth", "outcome-mismatch", "cat:sedation"),
    ("serious injuries", "falls", "outcome-mismatch", "cat:injury"),
    ("fracture injuries", "falls", "outcome-mismatch", "cat:fracture"),
    ("withdrawal reactions", "falls", "outcome-mismatch", "cat:dependence"),
    ("for any adverse event", "for falls", "outcome-mismatch", "cat:any adverse event"),
    ("than with placebo", "than with diazepam", "comparator-mismatch", "comp:placebo"),
    ("compared with cyclobenzaprine", "compared with placebo", "comparator-mismatch",
     "comp:cyclobenzaprine"),
    ("link benzodiazepines with falls", "show that benzodiazepines cause falls",
     "causal-language", "observational"),
    ("were associated with", "caused", "causal-language", "observational"),
    ("was associated with", "caused", "causal-language", "observational"),
    ("were linked with", "led to", "causal-language", "observational"),
    ("was linked to", "was caused by", "causal-language", "observational"),
    ("it was linked to", "it caused", "causal-language", "observational"),
    ("carried", "caused", "causal-language", "observational"),
    ("found no clear difference in", "proved a difference in", "certainty-language", "uncertain"),
    ("found no clear difference in", "found more", "certainty-language", "uncertain"),
    ("The psychomotor result is uncertain", "The psychomotor harm is proven",
     "certainty-language", "uncertain"),
    ("found a similar signal", "clearly proved a similar signal", "certainty-language", "uncertain"),
    ("against placebo", "against non-users", "comparator-mismatch", "comp:placebo"),
    ("on placebo", "on diazepam", "comparator-mismatch", "comp:placebo"),
    ("against non-use", "against placebo", "comparator-mismatch", "comp:non-use"),
    ("against no use", "against placebo", "comparator-mismatch", "comp:no use"),
    ("against no benzodiazepine use", "against placebo", "comparator-mismatch", "comp:no benzo"),
    ("against non-exposure", "against placebo", "comparator-mismatch", "comp:non-exposure"),
    ("against cyclobenzaprine", "against placebo", "comparator-mismatch", "comp:cyclobenzaprine"),
    ("on buspirone", "on placebo", "comparator-mismatch", "comp:buspirone"),
    ("against propensity-matched non-users", "against placebo", "comparator-mismatch",
     "comp:propensity"),
    (" were linked with ", " were clearly linked with ", "certainty-language", "uncertain"),
    (" had an ", " clearly had an ", "certainty-language", "uncertain"),
    (" had a ", " definitely had a ", "certainty-language", "uncertain"),
    ("one extra person had", "this proves that one extra person had", "certainty-language",
     "uncertain"),
    ("95% CI", "95% credible interval", "interval-kind", "confidence"),
    ("95% CrI", "95% CI", "interval-kind", "credible"),
    ("95% CI", "90% CI", "interval-kind", "confidence"),
]
# fmt: on


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _all_values(rows: dict[str, dict[str, str]]) -> list[float]:
    values: list[float] = []
    for row in rows.values():
        for name in ("estimate", "ci_low", "ci_high", "percent_treatment", "percent_control"):
            if row.get(name):
                values.append(float(row[name]))
    return values


def _free_value(value: float, decimals: int, taken: list[float]) -> str | None:
    """A value clearly different from every row value (no row could be its source)."""
    for factor in (1.37, 0.71, 1.61, 0.55):
        candidate = round(value * factor, decimals)
        if candidate <= 0 or candidate == value:
            continue
        if all(abs(candidate - t) > max(0.15 * abs(t), 0.6 * 10**-decimals) for t in taken):
            return _fmt(candidate, decimals)
    return None


def _condition(rule: str, facts: list) -> bool:
    if rule == "any":
        return True
    if rule == "older":
        return all(f.age_group in ("older adults", "60+", "65+") for f in facts)
    if rule == "observational":
        return any(f.observational for f in facts)
    if rule == "uncertain":
        return any(f.includes_null or f.low_certainty for f in facts)
    if rule in ("confidence", "credible"):
        return any(f.interval == rule for f in facts)
    kind, _, value = rule.partition(":")
    if kind == "class":
        return any(
            f.drug.lower().startswith(value) and not re.search(r"diazepam|midazolam", f.population)
            for f in facts
        )
    if kind == "drug":
        return any(value.lower() in f.drug.lower() for f in facts)
    if kind == "cat":
        return any(f.outcome_category == value for f in facts)
    if kind == "comp":
        return any(f.comparator.lower().startswith(value) for f in facts)
    return False


def _effect_strings(row: dict[str, str]) -> list[str]:
    out = []
    if row.get("estimate") and row["measure"] not in ("proportion", "statement"):
        out.append(f"{row['measure']} {row['estimate']}")
    for name in ("percent_treatment", "percent_control"):
        if row.get(name):
            out += [f"{row[name]}%", f"{row[name]} in 100"]
    return out


def mutate(sentence: str, cited: list[str], rows: dict[str, dict[str, str]]) -> list[dict]:
    """Every planted error this sentence allows."""
    facts = [row_facts(rows[i]) for i in cited if i in rows]
    taken = _all_values(rows)
    out: list[dict] = []
    used_swap = False
    for row_id in cited:
        if row_id not in rows:
            continue  # a row newer than the evidence snapshot
        row = rows[row_id]
        for text in _effect_strings(row):
            if text not in sentence:
                continue
            number = text.split(" ")[-1].rstrip("%") if " in " not in text else text.split(" ")[0]
            number = re.sub(r"^[A-Z]+ ", "", text).rstrip("%").split(" in ")[0]
            if not re.fullmatch(r"-?\d+(?:\.\d+)?", number):
                continue  # a measure written in words ("mean change 11"): not swapped
            new = _free_value(float(number), _decimals(number), taken)
            if new and not used_swap:
                out.append(dict(sentence=sentence.replace(text, text.replace(number, new), 1),
                                rows=cited, expected=["number-not-in-rows"], op="swap"))  # fmt: skip
                used_swap = True
            # Borrow the same kind of figure from a row the claim does not cite.
            for other_id, other in rows.items():
                if other_id in cited:
                    continue
                if text.endswith("%") and other.get("percent_treatment"):
                    donor = other["percent_treatment"]
                    if float(donor) != float(number) and not any(
                        abs(float(donor) - v) <= 0.5 for f in facts
                        for v in (f.percent_treatment, f.percent_control, f.estimate) if v is not None
                    ):  # fmt: skip
                        out.append(dict(sentence=sentence.replace(text, donor + "%", 1), rows=cited,
                                        expected=["number-in-other-row"], op="borrow"))  # fmt: skip
                        break
                elif (
                    not text.endswith("%")
                    and other.get("measure") == row["measure"]
                    and other.get("estimate") not in (None, "", row["estimate"])
                    and other.get("ci_low")
                ):
                    old = f"{row['measure']} {row['estimate']}; 95% CI {row['ci_low']} to {row['ci_high']}"
                    if old in sentence:
                        new_text = (f"{other['measure']} {other['estimate']}; 95% CI "
                                    f"{other['ci_low']} to {other['ci_high']}")  # fmt: skip
                        out.append(dict(sentence=sentence.replace(old, new_text, 1), rows=cited,
                                        expected=["number-in-other-row"], op="borrow"))  # fmt: skip
                        break
    figures = bool(_kinds(sentence) & FIGURE_KINDS)
    for find, replace, kind, rule in SWAPS:
        if kind.startswith(("drug", "outcome")) and sentence.count(find) > 1:
            continue  # which mention the number belongs to would be a guess
        needs_figures = kind not in ("interval-kind",)
        if find in sentence and _condition(rule, facts) and (figures or not needs_figures):
            out.append(dict(sentence=sentence.replace(find, replace, 1), rows=cited,
                            expected=[kind], op="swap-words"))  # fmt: skip
    if figures and facts and all(f.age_group in ("adults", "all ages") for f in facts):
        lead = "In older adults, " + sentence[0].lower() + sentence[1:]
        expected = ["population-mismatch"]
        if all(CONDITION_WORDS.search(f.population) for f in facts) and not CONDITION_WORDS.search(
            sentence
        ):
            expected.append("condition-mismatch")  # the population named, the condition not
        if not re.search(r"older|aged|65|60", sentence) and not sentence.startswith(("In ", "A ")):
            out.append(dict(sentence=lead, rows=cited, expected=expected, op="add-population"))
    out.append(dict(sentence=sentence, rows=[], expected=["unbound-number"], op="unbind"))
    return out


def _phrase(text: str) -> str:
    return re.split(r"\s*[(,]", text)[0].strip()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def paraphrases(row: dict[str, str]) -> list[str]:
    """Correct sentences written from one row's own fields."""
    f = row_facts(row)
    drug, outcome, pop = _phrase(row["drug"]), _phrase(row["outcome"]), _phrase(row["population"])
    if not re.search(r"adult|people|patient|user|enrollee|veteran|outpatient|women|men", pop):
        pop = "people"
    comp = _phrase(row["comparator"]) or "no treatment"
    out: list[str] = []
    if f.family == "ratio" and f.estimate is not None:
        est, lo, hi, m = row["estimate"], row["ci_low"], row["ci_high"], row["measure"]
        kind = "CrI" if f.interval == "credible" else "CI"
        out.append(
            f"Among {pop}, {drug} were linked with {outcome} ({m} {est}; 95% {kind} {lo} to {hi})."
        )
        name = {"OR": "an odds ratio", "RR": "a risk ratio", "HR": "a hazard ratio",
                "IRR": "an incidence rate ratio", "SHR": "a subdistribution hazard ratio"}[m]  # fmt: skip
        out.append(f"In {pop}, {drug} had {name} of {est} for {outcome} against {comp}.")
        if 1.05 < f.estimate < 1.9 and not f.includes_null:
            rel = round((f.estimate - 1) * 100)
            word = "odds" if m == "OR" else "risk"
            out.append(
                f"In {pop}, the {word} of {outcome} was {rel}% higher with {drug} than with {comp}."
            )
            if rel % 10:
                out.append(
                    f"{_cap(drug)} carried about {round(rel, -1)}% higher {word} of {outcome} in {pop}."
                )
        if 1.85 <= f.estimate <= 2.24:
            out.append(f"With {drug}, {outcome} roughly doubled in {pop} ({m} {est}).")
        if 2.7 <= f.estimate <= 3.3:
            out.append(f"{_cap(drug)} roughly tripled {outcome} in {pop}.")
    if f.percent_treatment is not None and f.family == "proportion":
        pt = row["percent_treatment"]
        out.append(f"About {round(float(pt))} in 100 {pop} taking {drug} reported {outcome}.")
        if f.percent_control is not None:
            pc = row["percent_control"]
            out.append(
                f"In {pop}, {outcome} affected {pt}% of people taking {drug}, against {pc}% on {comp}."
            )
            ratio = f.percent_treatment / f.percent_control
            if abs(ratio - round(ratio)) / ratio < 0.1 and round(ratio) >= 2:
                times = {
                    2: "twice",
                    3: "three times",
                    4: "four times",
                    5: "five times",
                    6: "six times",
                }
                out.append(
                    f"{_cap(outcome)} was {times.get(round(ratio), str(round(ratio)) + ' times')} as common with {drug} as with {comp} ({pt}% vs {pc}%)."
                )
    if f.family == "nnt" and f.estimate is not None:
        out.append(
            f"In {pop}, one extra person had {outcome} for every {row['estimate']} treated with {drug}."
        )
    return out


HAND_ERRORS: list[tuple[str, list[str], list[str]]] = [
    ("Benzodiazepines double the risk of central nervous system adverse events in adults aged 65 and older (RR 2.04; 95% CI 1.23 to 3.37).", ["MR-02"], ["population-mismatch", "drug-mismatch", "condition-mismatch"]),
    ("Diazepam raised the odds of falls in people over 60 (OR 1.42; 95% CI 1.22 to 1.65).", ["FA-02"], ["drug-mismatch"]),
    ("In younger adults, benzodiazepines were linked with hip fracture (RR 1.52; 95% CI 1.37 to 1.68).", ["FX-01"], ["population-mismatch"]),
    ("Sedative hypnotics given for low back pain to people aged 60 and older made cognitive adverse events more common than placebo (OR 4.78; 95% CI 1.47 to 15.47).", ["BZ-01"], ["condition-mismatch"]),
    ("Cyclobenzaprine 5 mg gave dry mouth to 29% of people, against 10% on placebo.", ["SE-03"], ["number-in-other-row"]),
    ("Among older adults, SSRIs were associated with fractures (RR 1.76; 95% CI 1.56 to 1.79).", ["FX-07"], ["number-not-in-rows"]),
    ("Long-acting benzodiazepines carried an odds ratio for falls of 1.81 compared with placebo.", ["FA-03"], ["comparator-mismatch"]),
    ("Baclofen clearly increased falls compared with cyclobenzaprine (SHR 1.17; 95% CI 0.93 to 1.47).", ["IN-06"], ["certainty-language"]),
    ("Benzodiazepines cause hip fractures in older people (RR 1.52; 95% CI 1.37 to 1.68).", ["FX-01"], ["causal-language"]),
    ("In one Bayesian meta-analysis, benzodiazepines were linked with falls in people over 60 (OR 1.41; 95% CI 1.20 to 1.71).", ["FA-01"], ["interval-kind"]),
    ("Drowsiness was reported by 58% of people taking diazepam.", ["SE-05"], ["number-in-other-row"]),
    ("Withdrawal reactions affected 43% of those treated for eight months or more.", [], ["unbound-number"]),
    ("Sedative hypnotics roughly tripled daytime fatigue in people aged 60 and older with insomnia (OR 3.82; 95% CI 1.88 to 7.80).", ["BZ-03"], ["number-not-in-rows"]),
    ("In children, paradoxical reactions occurred in 1.4% of those sedated with midazolam for endoscopy.", ["PR-02"], ["population-mismatch"]),
    ("Baclofen was linked with more falls than placebo in adults aged 65 and older (SHR 1.17; 95% CI 0.93 to 1.47).", ["IN-06"], ["comparator-mismatch"]),
    ("Skeletal muscle relaxants were associated with hip fractures in older adults in Medicare plans (OR 1.40; 95% CI 1.15 to 1.72).", ["FX-05"], ["outcome-mismatch"]),
    ("Tizanidine was linked with more serious injuries than cyclobenzaprine (HR 1.69; 95% CI 1.51 to 1.88).", ["IN-04", "IN-05"], ["drug-mismatch"]),
    ("Dizziness was reported by 32% of people on buspirone against 2% on placebo.", ["SE-07"], ["number-in-other-row"]),
    ("Muscle relaxants in adults with insomnia carried 50% more adverse events than placebo.", ["MR-01"], ["condition-mismatch"]),
    ("In the label's trials, 38% of people on cyclobenzaprine 10 mg had dry mouth.", ["SE-02"], ["outcome-mismatch"]),
    ("In rheumatoid arthritis trials, one extra person had an adverse event for every five treated with diazepam or zopiclone.", ["MR-04"], ["number-not-in-rows"]),
    ("Non-benzodiazepine antispasmodics definitely increased adverse events in low back pain trials (RR 1.6; 95% CI 1.2 to 2.0).", ["MR-03"], ["certainty-language"]),
    ("In a Medicaid cohort, benzodiazepines caused hip fractures in the first two weeks (IRR 2.05; 95% CI 1.28 to 3.28).", ["FX-04"], ["causal-language"]),
    ("Long-acting benzodiazepines were linked to fracture injuries (OR 1.9; 90% CI 1.49 to 2.43).", ["FX-06"], ["interval-kind"]),
    ("Older adults taking cyclobenzaprine had 22% higher odds of falls (OR 1.22; 95% CI 1.02 to 1.45).", ["IN-02"], ["outcome-mismatch"]),
    ("Among veterans aged 65 and older, muscle relaxants were linked with emergency visits within a year (OR 2.52; 95% CI 2.16 to 2.33).", ["IN-03"], ["number-not-in-rows"]),
    ("Sedative hypnotics will always impair psychomotor performance in people aged 60 and older (OR 2.25; 95% CI 0.93 to 5.41).", ["BZ-02"], ["certainty-language"]),
    ("The evidence proves that fractures are less common with baclofen than with cyclobenzaprine (SHR 0.85; 95% CI 0.67 to 1.07).", ["IN-07"], ["certainty-language"]),
    ("In rheumatoid arthritis, diazepam or zopiclone certainly harmed one extra person for every 3 treated.", ["MR-04"], ["certainty-language"]),
    ("Antispasmodics clearly cut pain intensity in acute low back pain (mean difference -7.7; 95% CI -12.1 to -3.3).", ["BE-21"], ["certainty-language"]),
    ("Non-benzodiazepine antispasmodics raised adverse events by 60% compared with diazepam in acute low back pain.", ["MR-03"], ["comparator-mismatch"]),
    ("Drowsiness was reported by 9% of people on buspirone and 10% of those on diazepam.", ["SE-04"], ["comparator-mismatch"]),
    ("Cognitive adverse events were more common with sedative hypnotics than with no treatment in people aged 60 and older with insomnia (OR 4.78; 95% CI 1.47 to 15.47).", ["BZ-01"], ["comparator-mismatch"]),
    ("Compared with tizanidine, baclofen users had more serious injuries (HR 1.69; 95% CI 1.51 to 1.88).", ["IN-04"], ["comparator-mismatch"]),
]  # fmt: skip
HAND_CORRECT: list[tuple[str, list[str]]] = [
    ("Muscle relaxants as a class raised total adverse events by about 50% against placebo in adults with low back pain.", ["MR-01"]),
    ("In people aged 60 and older with insomnia, sedative hypnotics made cognitive adverse events more common than placebo (OR 4.78; 95% CI 1.47 to 15.47).", ["BZ-01"]),
    ("Falls were about 40% more likely with benzodiazepines in people aged 60 and older (OR 1.42; 95% CI 1.22 to 1.65).", ["FA-02"]),
    ("About 1 in 3 people taking cyclobenzaprine 5 mg reported drowsiness in the label's trials, compared with 1 in 10 on placebo.", ["SE-01"]),
    ("Buspirone caused no more drowsiness than placebo: 9% against 10%.", ["SE-04"]),
    ("Baclofen and cyclobenzaprine showed no clear difference in fractures among new users aged 65 and older (SHR 0.85; 95% CI 0.67 to 1.07).", ["IN-07"]),
    ("Hip fracture risk was roughly doubled in the first two weeks of benzodiazepine use among older Medicaid enrollees (IRR 2.05; 95% CI 1.28 to 3.28).", ["FX-04"]),
    ("In a large cohort of adults sedated with intravenous midazolam for endoscopy, 1.4% had a paradoxical reaction.", ["PR-02"]),
    ("Among adults with generalized anxiety disorder, drowsiness affected 32 in 100 people on diazepam and 9 in 100 on buspirone.", ["SE-05"]),
    ("Dry mouth was three times as common with cyclobenzaprine 5 mg as with placebo (21% vs 7%).", ["SE-03"]),
    ("Older adults in Medicare Advantage plans who took long-acting benzodiazepines had 90% higher odds of fracture injuries (OR 1.9; 95% CI 1.49 to 2.43).", ["FX-06"]),
    ("Under 1% of patients have paradoxical reactions to benzodiazepines, a review found.", ["PR-01"]),
    ("Emergency department visits within a year were more than twice as likely among veterans aged 65 and older taking muscle relaxants (OR 2.25; 95% CI 2.16 to 2.33).", ["IN-03"]),
    ("With baclofen, transient drowsiness was reported by 63% against 36% on placebo in one controlled study.", ["SE-08"]),
    ("For every 100 people taking lorazepam, 58 had drowsiness.", ["SE-06"]),
    ("About 28 in 100 adults aged 65 and older in the US reported a fall in the previous year.", ["BR-01"]),
    ("Each year about 1 in 100 women aged 65 and older on Medicare had a hip fracture.", ["BR-06"]),
    ("Diazepam helped one extra patient with neurotic anxiety for every 9 treated, compared with placebo.", ["BE-05"]),
]  # fmt: skip


def _split(key: str) -> str:
    return "heldout" if int(hashlib.sha256(key.encode()).hexdigest(), 16) % 10 < 3 else "tune"


def build() -> list[dict]:
    """Every corpus entry (deterministic)."""
    with (HERE / "corpus-evidence.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    library = load_library(ROOT / "data")
    records = {r["id"]: r for r in library.evidence.to_dict("records")}
    entries: list[dict] = []
    seen: set[str] = set()

    def add(entry: dict, source: str, split: str | None = None) -> None:
        key = entry["sentence"] + "|" + " ".join(entry["rows"])
        if key in seen:
            return
        seen.add(key)
        entry_id = hashlib.sha256(key.encode()).hexdigest()[:10]
        entries.append({"id": entry_id, "split": split or _split(key), "source": source, **entry})

    for article in library.articles:
        for block in article.blocks:
            if not block.claim_id or not block.evidence_ids:
                continue
            for _, text, line in audience_texts(block, article.audiences):
                for sentence in split_sentences(render_claim_text(text, records, line)):
                    if not _kinds(sentence.text) & (FIGURE_KINDS | {"dose", "time"}):
                        continue
                    cited = list(block.evidence_ids)
                    known = next(
                        (v for k, v in EXPECTED_IN_SHIPPED.items() if k in sentence.text), []
                    )
                    if not REPORTED.search(sentence.text):
                        add(dict(sentence=sentence.text, rows=cited, expected=list(known),
                                 op="shipped"), "shipped")  # fmt: skip
                    for mutation in mutate(sentence.text, cited, rows):
                        if mutation["op"] != "unbind":
                            mutation["expected"] = list(dict.fromkeys(mutation["expected"] + known))
                        add(mutation, "shipped-mutation")
    for row_id, row in rows.items():
        for sentence in paraphrases(row):
            add(dict(sentence=sentence, rows=[row_id], expected=[], op="paraphrase"), "paraphrase")
            for mutation in mutate(sentence, [row_id], rows):
                if mutation["op"] != "unbind" or len(entries) % 3 == 0:
                    add(mutation, "paraphrase-mutation")
    for sentence, cited, expected in HAND_ERRORS:
        add(dict(sentence=sentence, rows=cited, expected=expected, op="hand"), "hand", "heldout")
    for sentence, cited in HAND_CORRECT:
        add(dict(sentence=sentence, rows=cited, expected=[], op="hand"), "hand", "heldout")
    seed = ("In older adults, benzodiazepines carry 50% higher total adverse events and double "
            "the CNS adverse events compared to placebo.")  # fmt: skip
    add(dict(sentence=seed, rows=["MR-01", "MR-02"], op="seed",
             expected=["population-mismatch", "drug-mismatch", "condition-mismatch"]), "seed",
        "tune")  # fmt: skip
    return entries


if __name__ == "__main__":
    built = build()
    OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    OUT.write_text(json.dumps(built, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    errors = sum(1 for e in built if e["expected"])
    print(f"{len(built)} entries: {errors} planted errors, {len(built) - errors} correct -> {OUT}")
