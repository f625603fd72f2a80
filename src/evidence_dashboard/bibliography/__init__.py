"""BibTeX bibliographies: robust loading, AMA/Vancouver and any CSL style, grouping by evidence type.

Loading never raises on bad content: each malformed entry becomes a located
:class:`~evidence_dashboard.errors.Problem` and the rest of the file still loads.
"""

from __future__ import annotations

from evidence_dashboard.bibliography.formatted import (
    BibliographyEntry,
    FormattedBibliography,
    available_styles,
    format_bibliography,
)
from evidence_dashboard.bibliography.names import Name, parse_name, parse_names
from evidence_dashboard.bibliography.parse import (
    EVIDENCE_TYPES,
    UNSPECIFIED,
    BibliographyLoad,
    Reference,
    load_bibtex,
    parse_bibtex,
)
from evidence_dashboard.bibliography.render import (
    GROUP_ORDER,
    FormattedReference,
    check_style,
    escape_markdown,
    format_reference,
    group_references,
    resolve_key,
)
from evidence_dashboard.bibliography.styles import STYLES, abbreviate_pages

__all__ = [
    "EVIDENCE_TYPES",
    "GROUP_ORDER",
    "STYLES",
    "UNSPECIFIED",
    "BibliographyEntry",
    "BibliographyLoad",
    "FormattedBibliography",
    "FormattedReference",
    "Name",
    "Reference",
    "abbreviate_pages",
    "available_styles",
    "check_style",
    "escape_markdown",
    "format_bibliography",
    "format_reference",
    "group_references",
    "load_bibtex",
    "parse_bibtex",
    "parse_name",
    "parse_names",
    "resolve_key",
]
