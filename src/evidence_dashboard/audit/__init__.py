"""Claim audit: every number and word of magnitude in a claim checked against its rows.

``audit_article(library, article)`` and ``audit_library(library)`` return frozen
:class:`Finding` objects; ``docs/audit.md`` lists the kinds and the matching rules, and the
vocabulary the checks read is data (``vocabulary.yaml``, extendable per content folder).
"""

from __future__ import annotations

from evidence_dashboard.audit.engine import Evidence, audit_sentence, audit_text
from evidence_dashboard.audit.findings import KINDS, Finding
from evidence_dashboard.audit.library import audit_article, audit_library
from evidence_dashboard.audit.vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "KINDS",
    "Evidence",
    "Finding",
    "Vocabulary",
    "audit_article",
    "audit_library",
    "audit_sentence",
    "audit_text",
    "load_vocabulary",
]
