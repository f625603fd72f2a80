"""The data dictionary as Markdown: evidence columns, vocabularies and front-matter keys.

Generated from :mod:`evidence_dashboard.schema`; ``docs/content-format.md`` embeds the result and
``tests/test_docs.py`` fails when the two differ.
"""

from __future__ import annotations

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
