"""The data dictionary as Markdown: evidence columns, vocabularies and front-matter keys.

Generated from :mod:`evidence_dashboard.schema`; ``docs/content-format.md`` embeds the result and
``tests/test_docs.py`` fails when the two differ.
"""

from __future__ import annotations

import pandas as pd

from evidence_dashboard import schema
from evidence_dashboard.schema import (
    AGE_GROUPS,
    AUDIENCES,
    BOUNDS,
    DESIGNS,
    EVIDENCE_COLUMNS,
    EVIDENCE_TYPES,
    FRONT_MATTER,
    INTERVALS,
    MEASURES,
    OUTCOME_CATEGORIES,
    STATUSES,
    Kind,
    Term,
)


def _vocabulary_table(title: str, terms: tuple[Term, ...]) -> list[str]:
    rows = [f"#### {title}", "", "| value | meaning |", "|---|---|"]
    rows += [f"| `{t.value}` | {t.help} |" for t in terms]
    return [*rows, ""]


def data_dictionary_markdown() -> str:
    """The data dictionary as Markdown, generated from :mod:`evidence_dashboard.schema`.

    Returns
    -------
    str
        Tables of the evidence columns, the vocabularies and the front-matter keys.

    Examples
    --------
    >>> "| `estimate` | number | no |" in data_dictionary_markdown()
    True
    """
    lines = [
        "### Evidence columns",
        "",
        "| column | kind | required | meaning |",
        "|---|---|---|---|",
    ]
    for col in EVIDENCE_COLUMNS:
        meaning = col.help
        if col.kind is Kind.VOCABULARY:
            meaning += " (see vocabulary below)"
        lines.append(
            f"| `{col.name}` | {col.kind} | {'yes' if col.required else 'no'} | {meaning} |"
        )
    lines += ["", "### Vocabularies", ""]
    lines += _vocabulary_table("measure", MEASURES)
    lines += _vocabulary_table("design", DESIGNS)
    lines += _vocabulary_table("outcome_category", OUTCOME_CATEGORIES)
    lines += _vocabulary_table("age_group", AGE_GROUPS)
    lines += _vocabulary_table("interval", INTERVALS)
    lines += _vocabulary_table("bound", BOUNDS)
    lines += _vocabulary_table("evidence_type (BibTeX field)", EVIDENCE_TYPES)
    lines += _vocabulary_table("status (front matter)", STATUSES)
    lines += _vocabulary_table("audiences (front matter)", AUDIENCES)
    lines += ["### Front matter", "", "| key | required | meaning |", "|---|---|---|"]
    lines += [f"| `{f.name}` | {'yes' if f.required else 'no'} | {f.help} |" for f in FRONT_MATTER]
    return "\n".join(lines) + "\n"


def data_dictionary_frames() -> dict[str, pd.DataFrame]:
    """The data dictionary as tables: the evidence columns, then one table per vocabulary.

    Built from the same schema objects as :func:`data_dictionary_markdown`.
    """
    columns = pd.DataFrame(
        {
            "column": [c.name for c in schema.EVIDENCE_COLUMNS],
            "kind": [str(c.kind) for c in schema.EVIDENCE_COLUMNS],
            "required": ["yes" if c.required else "no" for c in schema.EVIDENCE_COLUMNS],
            "meaning": [c.help for c in schema.EVIDENCE_COLUMNS],
            "allowed values": [", ".join(c.vocabulary) for c in schema.EVIDENCE_COLUMNS],
        }
    )
    vocabularies = {
        "measure": schema.MEASURES,
        "design": schema.DESIGNS,
        "outcome_category": schema.OUTCOME_CATEGORIES,
        "age_group": schema.AGE_GROUPS,
        "interval": schema.INTERVALS,
        "bound": schema.BOUNDS,
    }
    tables = {"evidence columns": columns}
    for name, terms in vocabularies.items():
        frame = pd.DataFrame(
            {"value": [t.value for t in terms], "meaning": [t.help for t in terms]}
        )
        if name == "design":
            frame["family"] = [schema.design_family(t.value) for t in terms]
        tables[name] = frame
    return tables
