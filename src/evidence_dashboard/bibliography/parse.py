"""Loading BibTeX robustly: one bad entry is one located problem, never a lost file.

The file is first cut into top-level commands (``@type{...}``) by a small scanner that tracks
brace/parenthesis balance, quoted strings and line numbers. Each command is then parsed on its
own with pybtex's low-level parser, with the ``@string`` macros defined so far, so that a
syntax error only sets aside the entry it is in. Field values are decoded from LaTeX to
Unicode, names are parsed, ``crossref`` fields are inherited, and the custom
``evidence_type`` field is checked against its vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.exceptions import PybtexError
from pybtex.scanner import PrematureEOF, PybtexSyntaxError, TokenRequired
from pybtex.utils import CaseInsensitiveDict

from evidence_dashboard.bibliography.latex import decode_field, decode_latex
from evidence_dashboard.bibliography.names import Name, parse_names
from evidence_dashboard.bibliography.reference import (
    EVIDENCE_TYPES,
    KNOWN_ENTRY_TYPES,
    UNSPECIFIED,
    BibliographyLoad,
    Reference,
)
from evidence_dashboard.bibliography.scanner import Chunk, scan
from evidence_dashboard.errors import Problem, Severity

_CONTAINER_TYPES = frozenset({"proceedings", "book", "collection", "mvbook", "mvproceedings"})
_PERSON_FIELDS = frozenset({"author", "editor"})


@dataclass(slots=True)
class _RawEntry:
    key: str
    entry_type: str
    fields: dict[str, str]  # lowercase name -> raw (macro-expanded, LaTeX) value
    line: int


class ChunkParser(LowLevelParser):
    """pybtex's low-level parser, reporting undefined macros instead of raising."""

    def __init__(self, text: str, macros: CaseInsensitiveDict, warnings: list[str]):
        super().__init__(text, macros=macros)
        self._warnings = warnings

    def handle_error(self, error: Exception) -> None:
        if isinstance(error, UndefinedMacro):
            self._warnings.append(str(error.args[0]) if error.args else "?")
            return
        raise error


def _key_guess(text: str) -> str | None:
    match = re.match(r"@\s*\w+\s*[{(]\s*([^\s,={}()]+)\s*,", text)
    return match.group(1) if match else None


def _syntax_problem(error: PybtexSyntaxError, chunk: Chunk, chunk_text: str, path: str) -> Problem:
    key = _key_guess(chunk_text)
    what = f"entry '{key}'" if key else f"@{chunk.command} entry"
    line = chunk.line + (error.lineno or 1) - 1
    if isinstance(error, TokenRequired):
        rest = error.parser.text[error.parser.pos :].lstrip()
        found = rest.split(None, 1)[0][:30] if rest else "the end of the entry"
        description = str(error.args[0]) if error.args else "something else"
        expected = description.removesuffix(" expected")
        if expected in {"'}'", "')'"} and re.match(r"[A-Za-z]", found):
            expected = f"a ',' before the next field (or the closing {expected})"
        message = (
            f"{what} (line {chunk.line}) could not be read: {expected} expected. "
            f"Got {found!r} instead."
        )
        hint = "Check for a missing comma between fields, a missing '=' or unbalanced braces."
    elif isinstance(error, PrematureEOF):
        message = f"{what} (line {chunk.line}) could not be read: it ends too early."
        hint = "Check for unbalanced braces or quotes."
    else:
        message = f"{what} (line {chunk.line}) could not be read: {error.args[0]}."
        hint = "Check for unbalanced braces or quotes."
    return Problem(path, line, message, hint=hint, item=key)


def _parse_chunks(text: str, path: str, problems: list[Problem]) -> list[_RawEntry]:
    """Parse each chunk into a raw entry; problems are appended to ``problems``."""
    macros = CaseInsensitiveDict(month_names)
    entries: list[_RawEntry] = []
    for chunk in scan(text):
        chunk_text = text[chunk.start : chunk.end]
        if chunk.command == "comment":
            continue
        if chunk.error is not None:
            key = _key_guess(chunk_text)
            what = f"entry '{key}'" if key else f"@{chunk.command} entry"
            problems.append(
                Problem(
                    path,
                    chunk.error_line or chunk.line,
                    f"{what} starting at line {chunk.line} {chunk.error}; it was skipped.",
                    hint=chunk.error_hint,
                    item=key,
                )
            )
            continue
        if chunk.command not in {"string", "preamble"}:
            missing_key = re.match(r"@\s*\w+\s*[{(]\s*(?:,|[\w-]+\s*=|[})])", chunk_text)
            if missing_key is not None:
                problems.append(
                    Problem(
                        path,
                        chunk.line,
                        f"@{chunk.command} entry at line {chunk.line} must start with a "
                        "citation key. Got no key instead; it was skipped.",
                        hint="Write the key right after the brace: @article{smith2020, ...",
                    )
                )
                continue
        undefined: list[str] = []
        parser = ChunkParser(chunk_text, macros, undefined)
        try:
            parsed = list(parser)
        except PybtexSyntaxError as error:
            problems.append(_syntax_problem(error, chunk, chunk_text, path))
            continue
        if not parsed:
            continue
        command, payload = parsed[0]
        key = payload[0] if command.lower() not in {"string", "preamble"} else None
        for name in undefined:
            problems.append(
                Problem(
                    path,
                    chunk.line,
                    f"@string macro '{name}' must be defined before it is used. "
                    "Got an undefined name instead; the field part was left empty.",
                    hint="Define it with @string{name = {...}} above, or put the value in braces.",
                    severity=Severity.WARNING,
                    item=key,
                )
            )
        if command.lower() in {"string", "preamble"}:
            continue
        fields: dict[str, str] = {}
        duplicate = None
        for field_name, value_parts in payload[1]:
            lower = field_name.lower()
            if lower in fields:
                duplicate = lower
                break
            fields[lower] = "".join(value_parts)
        if duplicate is not None:
            lines = [
                chunk.line + chunk_text.count("\n", 0, m.start())
                for m in re.finditer(
                    rf"(?im)(?:^|,)[ \t]*{re.escape(duplicate)}[ \t]*=", chunk_text
                )
            ]
            problems.append(
                Problem(
                    path,
                    lines[1] if len(lines) > 1 else chunk.line,
                    f"entry '{key}' must have each field once. Got field '{duplicate}' twice "
                    f"instead (first at line {lines[0] if lines else chunk.line}); "
                    "the entry was skipped.",
                    column=duplicate,
                    hint="Delete or merge one of the two fields.",
                    item=key,
                )
            )
            continue
        entries.append(_RawEntry(key, command.lower(), fields, chunk.line))
    return entries


def _inherit(entries: list[_RawEntry], path: str, problems: list[Problem]) -> None:
    """Copy missing fields from ``crossref`` parents (BibTeX semantics, plus title->booktitle)."""
    by_key = {entry.key.lower(): entry for entry in entries}
    for entry in entries:
        parent_key = entry.fields.get("crossref", "").strip().strip("{}").strip()
        if not parent_key:
            continue
        parent = by_key.get(parent_key.lower())
        if parent is None or parent is entry:
            problems.append(
                Problem(
                    path,
                    entry.line,
                    f"field 'crossref' must name an entry in this file. Got '{parent_key}' "
                    "instead; nothing was inherited.",
                    column="crossref",
                    severity=Severity.WARNING,
                    item=entry.key,
                )
            )
            continue
        for name, value in parent.fields.items():
            if name in {"crossref", "key", "ids", "evidence_type"}:
                continue
            entry.fields.setdefault(name, value)
        if (
            "booktitle" not in entry.fields
            and parent.entry_type in _CONTAINER_TYPES
            and "title" in parent.fields
        ):
            entry.fields["booktitle"] = parent.fields["title"]


def _evidence_type(entry: _RawEntry, path: str, problems: list[Problem]) -> str:
    raw = entry.fields.get("evidence_type")
    if raw is None:
        return UNSPECIFIED
    value = re.sub(r"[\s_-]+", " ", raw.strip("{} \t").lower())
    if value in EVIDENCE_TYPES:
        return value
    problems.append(
        Problem(
            path,
            entry.line,
            f"field 'evidence_type' must be one of {', '.join(EVIDENCE_TYPES)}. "
            f"Got {raw!r} instead; treated as unspecified.",
            column="evidence_type",
            hint="Use one of: " + ", ".join(EVIDENCE_TYPES) + ".",
            item=entry.key,
        )
    )
    return UNSPECIFIED


def _names(entry: _RawEntry, name: str, path: str, problems: list[Problem]) -> tuple[Name, ...]:
    """Parse a person field; a name pybtex refuses becomes a warning and is kept as written."""
    raw = entry.fields.get(name, "")
    try:
        return parse_names(raw)
    except PybtexError as error:
        problems.append(
            Problem(
                path,
                entry.line,
                f"field '{name}' must list names joined by 'and', each 'Last, First' or "
                f"'First Last'. Got a name pybtex cannot read ({error}) instead; it is shown "
                "as written.",
                column=name,
                hint="A name has at most two commas ('Last, Jr., First'); wrap an "
                "organisation in double braces.",
                severity=Severity.WARNING,
                item=entry.key,
            )
        )
        return (Name(last=decode_latex(" ".join(raw.split())), is_corporate=True),)


def _build(entry: _RawEntry, path: str, problems: list[Problem]) -> Reference:
    fields = {
        name: decode_field(name, value)
        for name, value in entry.fields.items()
        if name not in _PERSON_FIELDS
    }
    if entry.entry_type not in KNOWN_ENTRY_TYPES:
        problems.append(
            Problem(
                path,
                entry.line,
                f"entry type must be a standard BibTeX type such as @article or @misc. "
                f"Got @{entry.entry_type} instead; it is formatted like @misc.",
                hint="Use @article, @book, @incollection, @inproceedings, @online or @misc.",
                severity=Severity.WARNING,
                item=entry.key,
            )
        )
    has_stand_in = any(fields.get(n) for n in ("howpublished", "url", "doi"))
    if not fields.get("title") and not (entry.entry_type == "misc" and has_stand_in):
        problems.append(
            Problem(
                path,
                entry.line,
                f"entry '{entry.key}' must have field 'title'. Got no title instead.",
                column="title",
                hint="Add title = {...}; only @misc entries may go without one.",
                severity=Severity.WARNING,
                item=entry.key,
            )
        )
    return Reference(
        key=entry.key,
        entry_type=entry.entry_type,
        fields=MappingProxyType(fields),
        authors=_names(entry, "author", path, problems),
        editors=_names(entry, "editor", path, problems),
        evidence_type=_evidence_type(entry, path, problems),
        path=path,
        line=entry.line,
    )


def parse_bibtex(text: str, path: str) -> BibliographyLoad:
    """Parse BibTeX text entry by entry; a bad entry becomes a located problem.

    Parameters
    ----------
    text : str
        The whole file's text.
    path : str
        The name to report in problems and to store on each reference.

    Returns
    -------
    BibliographyLoad
        Usable references in file order, and every problem found.

    Examples
    --------
    >>> text = '''@string{bmj = "BMJ"}
    ... @article{a, title = {One}, journal = bmj, month = jan}
    ... @article{b, title = {Two} year = {2020}}
    ... @article{c, title = {Three}}
    ... @article{A, title = {Again}}'''
    >>> load = parse_bibtex(text, "refs.bib")
    >>> list(load.references), load.references["a"].fields["journal"]
    (['a', 'c'], 'BMJ')
    >>> load.references["a"].fields["month"]
    'January'
    >>> for problem in load.problems:
    ...     print(problem.location, problem.message)  # doctest: +ELLIPSIS
    refs.bib:3 entry 'b' (line 3) could not be read: ... Got 'year' instead.
    refs.bib:5 duplicate BibTeX key 'A' (first defined at line 2); the second entry was skipped.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    problems: list[Problem] = []
    entries = _parse_chunks(text, path, problems)
    unique: list[_RawEntry] = []
    seen: dict[str, _RawEntry] = {}
    for entry in entries:
        first = seen.get(entry.key.lower())
        if first is not None:
            problems.append(
                Problem(
                    path,
                    entry.line,
                    f"duplicate BibTeX key '{entry.key}' (first defined at line {first.line}); "
                    "the second entry was skipped.",
                    hint="Keys are compared without regard to case; rename one of the entries.",
                    item=entry.key,
                )
            )
            continue
        seen[entry.key.lower()] = entry
        unique.append(entry)
    _inherit(unique, path, problems)
    references = {entry.key: _build(entry, path, problems) for entry in unique}
    problems.sort(key=lambda p: p.line or 0)
    return BibliographyLoad(references=references, problems=tuple(problems))


def load_bibtex(path: Path, display_path: str | None = None) -> BibliographyLoad:
    """Read a UTF-8 BibTeX file; unreadable or non-UTF-8 files become one problem.

    Parameters
    ----------
    path : pathlib.Path
        The file to read.
    display_path : str, optional
        The name to use in problems (defaults to ``str(path)``).

    Examples
    --------
    >>> load = load_bibtex(Path("no/such/file.bib"))
    >>> load.references
    {}
    >>> print(load.problems[0])
    no/such/file.bib: file must be a readable BibTeX file. Got 'No such file or directory' instead. Hint: Check the path and the file's permissions.
    """
    shown = display_path if display_path is not None else str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return BibliographyLoad(
            problems=(
                Problem(
                    shown,
                    None,
                    f"file must be a readable BibTeX file. Got '{reason}' instead.",
                    hint="Check the path and the file's permissions.",
                ),
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return BibliographyLoad(
            problems=(
                Problem(
                    shown,
                    line,
                    "file must be UTF-8 encoded. Got byte "
                    f"0x{data[error.start]:02x} that is not UTF-8 instead.",
                    hint="Re-save the file as UTF-8 (most reference managers offer this).",
                ),
            )
        )
    return parse_bibtex(text, shown)
