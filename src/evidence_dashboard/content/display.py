"""What a loaded content folder holds, as text and as escaped HTML (``Library`` repr)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from evidence_dashboard.errors_display import counts_text, problem_line, problems_html
from evidence_dashboard.safe_html import html_table, wide_row

if TYPE_CHECKING:
    from evidence_dashboard.content.library import Library


def _library_rows(library: Library) -> list[tuple[str, str]]:
    titles = "; ".join(f"{a.title} ({a.slug})" for a in library.articles)
    return [
        ("folder", str(library.root)),
        ("articles", f"{len(library.articles)}" + (f": {titles}" if titles else "")),
        ("evidence rows", str(len(library.evidence))),
        ("rows set aside", str(len(library.rejected))),
        ("references", str(len(library.references))),
        ("problems", counts_text(library.problems) if library.problems else "none"),
    ]


def library_text(library: Library) -> str:
    """What a content folder holds, then its problems (for ``Library.__str__``).

    Examples
    --------
    >>> from evidence_dashboard.content.library import load_library
    >>> text = library_text(load_library())
    >>> text.splitlines()[0], "evidence rows" in text
    ('Evidence library', True)
    """
    rows = _library_rows(library)
    width = max(len(name) for name, _ in rows)
    lines = ["Evidence library", *(f"  {name:<{width}}  {value}" for name, value in rows)]
    if library.problems:
        lines += [f"  {problem_line(p)}" for p in library.problems]
    return "\n".join(lines)


def library_html(library: Library) -> Markup:
    """An HTML summary of a content folder, then its problem table (for ``Library._repr_html_``).

    Examples
    --------
    >>> from evidence_dashboard.content.library import load_library
    >>> "evidence rows" in library_html(load_library())
    True
    """
    rows = [wide_row(name, value, 2) for name, value in _library_rows(library)]
    summary = html_table("Evidence library", [], rows)
    return summary + (problems_html(library.problems) if library.problems else Markup(""))
