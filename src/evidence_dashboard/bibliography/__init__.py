"""BibTeX bibliographies: robust loading, AMA/Vancouver formatting, grouping by evidence type.

Loading never raises on bad content: each malformed entry becomes a located
:class:`~evidence_dashboard.errors.Problem` and the rest of the file still loads.
"""

from __future__ import annotations

from evidence_dashboard.bibliography.names import Name, parse_name, parse_names
from evidence_dashboard.bibliography.parse import (
    EVIDENCE_TYPES,
    UNSPECIFIED,
    BibliographyLoad,
    Reference,
    load_bibtex,
    parse_bibtex,
)

__all__ = [
    "EVIDENCE_TYPES",
    "UNSPECIFIED",
    "BibliographyLoad",
    "Name",
    "Reference",
    "load_bibtex",
    "parse_bibtex",
    "parse_name",
    "parse_names",
]
