"""NLM journal title abbreviations (the form AMA and Vancouver both use).

The MEDLINE and Index Medicus lists (CC0, from the JabRef abbreviation repository; see
``journal_abbreviations.md``) ship as package data. A small table of curated forms sits above
them for titles the lists write differently from NLM's current usage or do not hold in the form
exporters write ("BMJ-BRITISH MEDICAL JOURNAL" from Web of Science).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

#: Curated full title -> NLM abbreviation, consulted before the shipped lists.
NLM_ABBREVIATIONS: dict[str, str] = {
    "Annals of Pharmacotherapy": "Ann Pharmacother",
    "BMJ": "BMJ",
    "BMJ-British Medical Journal": "BMJ",
    "British Medical Journal": "BMJ",
    "BMJ Clinical Evidence": "BMJ Clin Evid",
    "Cochrane Database of Systematic Reviews": "Cochrane Database Syst Rev",
    "Digestive and Liver Disease": "Dig Liver Dis",
    "JAMA": "JAMA",
    "JAMA Internal Medicine": "JAMA Intern Med",
    "JAMA-Journal of the American Medical Association": "JAMA",
    "Journal of the American Medical Association": "JAMA",
    "Journal of Rheumatology. Supplement": "J Rheumatol Suppl",
    "Korean Journal of Gastrointestinal Endoscopy": "Korean J Gastrointest Endosc",
    "New England Journal of Medicine": "N Engl J Med",
    "PLoS ONE": "PLoS One",
    "Psychiatric Bulletin": "Psychiatr Bull",
    # NLM's catalogue form is "Spine (Phila Pa 1976)"; references print the short title.
    "Spine": "Spine",
    "World Journal of Clinical Cases": "World J Clin Cases",
}

_ABBREVIATION_FIELDS = ("journal_abbrev", "shortjournal", "journalabbrev", "journal-abbrev")
_DATA = "journal_abbreviations.tsv.gz"
# Words a title-cased journal title keeps in lower case (unless first).
_MINOR = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "de",
        "des",
        "del",
        "der",
        "di",
        "du",
        "en",
        "et",
        "for",
        "from",
        "in",
        "la",
        "le",
        "les",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "und",
        "van",
        "von",
        "with",
        "y",
    ]
)


def normal_title(title: str) -> str:
    """The matching key of a journal title: case, a leading "The", & and punctuation ignored.

    Examples
    --------
    >>> normal_title("The Journal of Bone & Joint Surgery.")
    'journal of bone and joint surgery'
    """
    title = title.lower().replace("&", " and ")
    title = re.sub(r"[^\w]+", " ", title).strip()
    return re.sub(r"^the\s+", "", title)


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Matching key -> abbreviation from the shipped lists, curated forms on top."""
    data = resources.files("evidence_dashboard.bibliography").joinpath(_DATA).read_bytes()
    table: dict[str, str] = {}
    shortened: dict[str, set[str]] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        full, _, abbreviation = line.partition("\t")
        table[normal_title(full)] = abbreviation
        # "BMJ (Clinical research ed.)", "Digestive and liver disease : official journal of
        # ...": the title before the qualifier also matches when only one journal has it.
        short = re.split(r"\s+\(|\s+:\s+", full, maxsplit=1)[0]
        if short != full:
            shortened.setdefault(normal_title(short), set()).add(abbreviation)
    for key, abbreviations in shortened.items():
        if key not in table and len(abbreviations) == 1:
            table[key] = abbreviations.pop()
    table.update({normal_title(full): abbrev for full, abbrev in NLM_ABBREVIATIONS.items()})
    return table


def _is_capitals(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(max(title.split())) > 4


def title_case(title: str) -> str:
    """Title case for a journal title written in capitals (Web of Science exports).

    Examples
    --------
    >>> title_case("JOURNAL OF OBSCURE GERIATRIC AUDITS AND REPORTS")
    'Journal of Obscure Geriatric Audits and Reports'
    """
    words = title.lower().split(" ")
    out = []
    for index, word in enumerate(words):
        if index and word in _MINOR:
            out.append(word)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(out)


def journal_abbreviation(fields: Mapping[str, str]) -> str | None:
    """The abbreviated journal title for an entry's fields, or the full title, or None.

    An explicit ``shortjournal``/``journalabbrev`` field wins; otherwise the NLM lists are
    consulted; otherwise the ``journal`` (or biblatex ``journaltitle``) is printed as given, in
    title case when it was written in capitals.

    Examples
    --------
    >>> journal_abbreviation({"journal": "The American Journal of Medicine"})
    'Am J Med'
    >>> journal_abbreviation({"journal": "STATISTICS IN MEDICINE"})
    'Stat Med'
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
    found = _table().get(normal_title(full))
    if found is not None:
        return found
    return title_case(full) if _is_capitals(full) else full
