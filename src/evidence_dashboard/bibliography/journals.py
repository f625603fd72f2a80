"""NLM journal title abbreviations (the form AMA and Vancouver both use)."""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Full journal title (as commonly exported) -> NLM abbreviation. Lookup ignores case,
#: punctuation and a leading "The".
NLM_ABBREVIATIONS: dict[str, str] = {
    "Annals of Internal Medicine": "Ann Intern Med",
    "Annals of Pharmacotherapy": "Ann Pharmacother",
    "Archives of Internal Medicine": "Arch Intern Med",
    "BMC Geriatrics": "BMC Geriatr",
    "BMJ": "BMJ",
    "BMJ Clinical Evidence": "BMJ Clin Evid",
    "British Medical Journal": "BMJ",
    "Cochrane Database of Systematic Reviews": "Cochrane Database Syst Rev",
    "Digestive and Liver Disease": "Dig Liver Dis",
    "Drugs": "Drugs",
    "Drugs & Aging": "Drugs Aging",
    "Drugs and Aging": "Drugs Aging",
    "FASEB Journal": "FASEB J",
    "International Journal of Geriatric Psychiatry": "Int J Geriatr Psychiatry",
    "JAMA": "JAMA",
    "JAMA Internal Medicine": "JAMA Intern Med",
    "Journal of the American Medical Association": "JAMA",
    "Journal of Bone and Mineral Research": "J Bone Miner Res",
    "Journal of Rheumatology": "J Rheumatol",
    "Journal of Rheumatology. Supplement": "J Rheumatol Suppl",
    "Journal of the American Geriatrics Society": "J Am Geriatr Soc",
    "Journal of the American Medical Directors Association": "J Am Med Dir Assoc",
    "Korean Journal of Gastrointestinal Endoscopy": "Korean J Gastrointest Endosc",
    "Lancet": "Lancet",
    "New England Journal of Medicine": "N Engl J Med",
    "Pharmacology Biochemistry and Behavior": "Pharmacol Biochem Behav",
    "Pharmacotherapy": "Pharmacotherapy",
    "PLoS ONE": "PLoS One",
    "PLOS ONE": "PLoS One",
    "Psychiatric Bulletin": "Psychiatr Bull",
    # NLM's catalogue form is "Spine (Phila Pa 1976)"; references print the short title.
    "Spine": "Spine",
    "American Journal of Medicine": "Am J Med",
    "World Journal of Clinical Cases": "World J Clin Cases",
}

_ABBREVIATION_FIELDS = ("journal_abbrev", "shortjournal", "journalabbrev", "journal-abbrev")


def _normal(title: str) -> str:
    title = re.sub(r"^the\s+", "", title.strip(), flags=re.I)
    return re.sub(r"[^a-z0-9&]+", " ", title.lower()).strip()


_LOOKUP = {_normal(full): abbrev for full, abbrev in NLM_ABBREVIATIONS.items()}


def journal_abbreviation(fields: Mapping[str, str]) -> str | None:
    """The abbreviated journal title for an entry's fields, or the full title, or None.

    An explicit ``journal_abbrev``/``shortjournal`` field wins; otherwise the built-in NLM
    table is consulted; otherwise the full ``journal`` (or biblatex ``journaltitle``) is used.

    Examples
    --------
    >>> journal_abbreviation({"journal": "The American Journal of Medicine"})
    'Am J Med'
    >>> journal_abbreviation({"journal": "Journal of Obscure Things"})
    'Journal of Obscure Things'
    >>> journal_abbreviation({"journal": "X", "shortjournal": "Y"})
    'Y'
    """
    for name in _ABBREVIATION_FIELDS:
        if fields.get(name):
            return fields[name]
    full = fields.get("journal") or fields.get("journaltitle")
    if not full:
        return None
    return _LOOKUP.get(_normal(full), full)
