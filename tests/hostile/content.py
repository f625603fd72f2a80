"""Build a content folder full of hostile strings: the shipped data plus hostile files.

The shipped article, evidence and bibliography are copied untouched (so the default article keeps
working); next to them go ``hostile.bib`` (a payload in every field of one entry per payload),
``hostile.csv`` (a payload in every text column, valid rows and set-aside rows) and hostile
articles (payloads in the front matter, the body, claims, audience passages and citation keys).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import yaml

from .payloads import BIB_SAFE, ONE_LINE, PAYLOADS, SCHEMES, VISIBLE

# A NUL byte makes the whole file binary (one file-level problem, tested on its own), so CSV
# cells carry every other payload.
CSV_PAYLOADS = [p for p in PAYLOADS if "\x00" not in p]
CSV_ONE_LINE = [p for p in ONE_LINE if "\x00" not in p]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
CORPUS_SLUG = "hostile-corpus"
ROWS_CLAIM = "hostile-rows"
HOSTILE_OUTCOME = "dependence"
TEXT_COLUMNS = (
    "drug",
    "drug_class",
    "comparator",
    "outcome",
    "population",
    "locator",
    "note",
)
# Titles of the small hostile articles, one page each (the Home page lists them all).
TITLES = (*VISIBLE, *ONE_LINE[4:40:6])


def bib_key(index: int) -> str:
    return f"Hostile{index:03d}"


def _bib_entry(index: int, payload: str) -> str:
    url = SCHEMES[index % len(SCHEMES)]
    url = url if url.count("{") == url.count("}") and "\n" not in url else payload
    fields = {
        "author": f"{payload} and Doe, Jane",
        "title": payload,
        "journal": payload,
        "year": "2020",
        "url": url,
        "doi": payload,
        "note": payload,
        "evidence_type": "research",
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@article{{{bib_key(index)},\n{body}\n}}\n"


def hostile_bibtex() -> str:
    """One BibTeX entry per brace-safe payload, the payload in every text field."""
    return "\n".join(_bib_entry(i, p) for i, p in enumerate(BIB_SAFE))


def _row(header: list[str], values: dict[str, str]) -> list[str]:
    return [values.get(name, "") for name in header]


def hostile_csv(header: list[str]) -> str:
    """Evidence rows with payloads in every string column.

    ``HX-nnn`` rows are valid ratio rows (payload in every free-text column), ``HS-nnn`` valid
    statement rows, ``<payload>`` rows use the payload as the id, and ``HB-nnn`` rows put the
    payload into vocabulary columns, so they are set aside with a problem that quotes it.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # quotes cells holding \r or \n
    writer.writerow(header)
    keys = len(BIB_SAFE)
    base = {
        "outcome_category": HOSTILE_OUTCOME,
        "age_group": "65+",
        "design": "cohort",
        "measure": "OR",
        "estimate": "1.20",
        "ci_low": "1.05",
        "ci_high": "1.40",
    }
    for i, payload in enumerate(CSV_PAYLOADS):
        text = dict.fromkeys(TEXT_COLUMNS, payload)
        source = bib_key(i % keys)
        writer.writerow(_row(header, {**base, **text, "id": f"HX-{i:03d}", "source": source}))
    for i, payload in enumerate(CSV_PAYLOADS[:80]):
        statement = {
            **dict.fromkeys(TEXT_COLUMNS, payload),
            "id": f"HS-{i:03d}",
            "source": bib_key(i % keys),
            "outcome_category": "prescribing recommendation",
            "age_group": "65+",
            "design": "guideline",
            "measure": "statement",
            "statement": payload,
        }
        writer.writerow(_row(header, statement))
    for i, payload in enumerate(CSV_ONE_LINE):
        if not payload.strip() or payload.strip().startswith(("HX-", "HS-", "HB-")):
            continue
        writer.writerow(_row(header, {**base, "id": payload, "source": bib_key(i % keys),
                                      "drug": f"id-payload {i}", "outcome": "o", "locator": "p"}))  # fmt: skip
    for i, payload in enumerate(CSV_ONE_LINE[:60]):
        bad = {
            **base,
            "id": f"HB-{i:03d}",
            "source": bib_key(i % keys),
            "drug": "d",
            "outcome": "o",
            "locator": "p",
            ["outcome_category", "age_group", "design", "measure"][i % 4]: payload,
        }
        writer.writerow(_row(header, bad))
    return buffer.getvalue()


def _front_matter(**fields: object) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n"


def corpus_article() -> str:
    """One article carrying every payload: front matter, paragraphs, claims, audience passages."""
    keys = len(BIB_SAFE)
    front = _front_matter(
        slug=CORPUS_SLUG,
        title=VISIBLE[0],
        question=VISIBLE[1],
        status="under-review",
        updated="2026-11-26",
        audiences=["clinician", "student", "patient"],
        summary=" | ".join(ONE_LINE),
        disclaimer=" | ".join(PAYLOADS),
        authors=list(ONE_LINE[:5]),
    )
    parts = [front, "## Hostile rows\n"]
    row_ids = " ".join(f"HX-{i:03d}" for i in range(8)) + " HS-000 HS-001"
    parts.append(
        f'::: {{.claim #{ROWS_CLAIM} title="Rows carrying payloads" evidence="{row_ids}"}}\n'
        f"{VISIBLE[2]} in a claim {{{{HX-000}}}} {{{{HX-001.drug}}}} [@{bib_key(0)}; @{bib_key(1)}]\n"
        ":::\n"
    )
    parts.append('::: {.audience for="patient"}\nPatient-only hostile passage: '
                 f"{VISIBLE[0]} [@{bib_key(2)}]\n:::\n")  # fmt: skip
    for i, payload in enumerate(PAYLOADS):
        cite = f" [@{bib_key(i % keys)}]"
        if i % 10 == 3:
            parts.append(
                f'::: {{.claim #claim-{i} title="Claim {i}" evidence="HX-{i:03d}"}}\n'
                f"{payload}{cite}\n:::\n"
            )
        elif i % 10 == 7:
            audience = ("clinician", "student", "patient")[i % 3]
            parts.append(f'::: {{.audience for="{audience}"}}\n{payload}{cite}\n:::\n')
        else:
            parts.append(f"{payload}{cite}\n")
    return "\n".join(parts)


def small_article(index: int, title: str) -> str:
    """A short article whose front matter fields are payloads."""
    return (
        _front_matter(
            slug=f"hostile-{index}",
            title=title,
            question=title,
            status="submitted",
            updated="2026-11-26",
            audiences=["clinician", "patient"],
            summary=title,
            disclaimer=title,
        )
        + f"\n{title} [@{bib_key(index)}]\n"
    )


def build_hostile_data(target: Path) -> Path:
    """Copy the shipped ``data/`` to ``target`` and add the hostile files; returns ``target``."""
    shutil.copytree(DATA_DIR, target)
    (target / "references" / "hostile.bib").write_text(hostile_bibtex(), encoding="utf-8")
    shipped = next((DATA_DIR / "evidence").glob("*.csv"))
    header = next(csv.reader(io.StringIO(shipped.read_text(encoding="utf-8"))))
    (target / "evidence" / "hostile.csv").write_text(hostile_csv(header), encoding="utf-8")
    (target / "articles" / f"{CORPUS_SLUG}.md").write_text(corpus_article(), encoding="utf-8")
    for i, title in enumerate(TITLES):
        (target / "articles" / f"hostile-{i}.md").write_text(
            small_article(i, title), encoding="utf-8"
        )
    return target
