"""The built-in reference styles: AMA (11th edition) and Vancouver/NLM (Citing Medicine).

Each style turns a :class:`~evidence_dashboard.bibliography.reference.Reference` into blocks
of segments (:mod:`~.parts`); the rules are in :mod:`~.ama` and :mod:`~.vancouver`, tested
against the manuals' own forms in ``tests/bibliography/``. Any other style goes through CSL
(:mod:`~.csl`). ``note`` is never printed (it is curation metadata).
"""

from __future__ import annotations

from collections.abc import Callable

from evidence_dashboard.bibliography.ama import ama
from evidence_dashboard.bibliography.parts import Block, Segment, abbreviate_pages
from evidence_dashboard.bibliography.reference import Reference
from evidence_dashboard.bibliography.vancouver import vancouver

#: The built-in, tested styles.
STYLES = ("ama", "vancouver")

STYLE_FUNCTIONS: dict[str, Callable[[Reference, str | None], list[Block]]] = {
    "ama": ama,
    "vancouver": vancouver,
}

__all__ = ["STYLES", "STYLE_FUNCTIONS", "Block", "Segment", "abbreviate_pages"]
