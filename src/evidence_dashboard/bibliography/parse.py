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
from pathlib import Path

from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.scanner import PrematureEOF, PybtexSyntaxError, TokenRequired
from pybtex.utils import CaseInsensitiveDict

from evidence_dashboard.bibliography.checks import completeness_problems
from evidence_dashboard.bibliography.entries import RawEntry, build, inherit
from evidence_dashboard.bibliography.reference import (
    EVIDENCE_TYPES,
    UNSPECIFIED,
    BibliographyLoad,
    Reference,
)
from evidence_dashboard.bibliography.scanner import Chunk, scan
from evidence_dashboard.errors import Problem, Severity, duplicate_key, not_utf8

__all__ = [
    "EVIDENCE_TYPES",
    "UNSPECIFIED",
    "BibliographyLoad",
    "Reference",
    "load_bibtex",
    "parse_bibtex",
]


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


def _parse_chunks(text: str, path: str, problems: list[Problem]) -> list[RawEntry]:
    """Parse each chunk into a raw entry; problems are appended to ``problems``."""
    macros = CaseInsensitiveDict(month_names)
    entries: list[RawEntry] = []
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
        entries.append(RawEntry(key, command.lower(), fields, chunk.line))
    return entries


def parse_bibtex(text: str, path: str, *, gaps: bool = False) -> BibliographyLoad:
    """Parse BibTeX text entry by entry; a bad entry becomes a located problem.

    Parameters
    ----------
    text : str
        The whole file's text.
    path : str
        The name to report in problems and to store on each reference.
    gaps : bool
        Also warn about what a reader would see missing (no author, year, initials or access
        date; :func:`~.checks.completeness_problems`). :func:`load_bibtex` does, so ``check``
        reports them; uploads and snippets do not.

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
    refs.bib:5 BibTeX key 'A' must be unique. Got it again (first defined at refs.bib:2) instead; the first is kept and this one is set aside.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    problems: list[Problem] = []
    entries = _parse_chunks(text, path, problems)
    unique: list[RawEntry] = []
    seen: dict[str, RawEntry] = {}
    for entry in entries:
        first = seen.get(entry.key.lower())
        if first is not None:
            where = f"{path}:{first.line}"
            problems.append(duplicate_key(path, entry.line, "BibTeX key", entry.key, where))
            continue
        seen[entry.key.lower()] = entry
        unique.append(entry)
    inherit(unique, path, problems)
    references = {entry.key: build(entry, path, problems) for entry in unique}
    if gaps:
        for reference in references.values():
            problems.extend(completeness_problems(reference))
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
        return BibliographyLoad(problems=(not_utf8(shown, data, error),))
    return parse_bibtex(text, shown, gaps=True)
