"""Cutting a BibTeX file into top-level commands, tracking braces, quotes and line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMAND_START = re.compile(r"@[ \t]*([A-Za-z][\w:.+-]*)[ \t\r\n]*([{(])")
_LINE_START_COMMAND = re.compile(r"\n[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]")
_LINE_START_AT = re.compile(r"\n[ \t]*@")
_STRAY_FIELD = re.compile(r"^[ \t]*,?[ \t]*([A-Za-z][\w-]*)[ \t]*=", re.M)


@dataclass(slots=True)
class Chunk:
    command: str
    start: int
    end: int
    line: int
    error: str | None = None
    error_line: int | None = None
    error_hint: str | None = None


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def scan(text: str) -> list[Chunk]:
    """Cut the text into top-level ``@command{...}`` chunks with their lines."""
    chunks: list[Chunk] = []
    pos = 0
    length = len(text)
    while pos < length:
        at = text.find("@", pos)
        if at < 0:
            break
        match = _COMMAND_START.match(text, at)
        line_start = text.rfind("\n", 0, at) + 1
        if match is None or text[line_start:at].lstrip().startswith("%"):
            pos = at + 1  # a stray "@" in free text (e.g. an e-mail address) is a comment
            continue
        command = match.group(1).lower()
        opener = match.group(2)
        closer = "}" if opener == "{" else ")"
        depth = 0
        in_quotes = False
        index = match.end()
        chunk = Chunk(command, at, length, line_of(text, at))
        while index < length:
            char = text[index]
            if char == "\n" and _LINE_START_COMMAND.match(text, index) is not None:
                # A new entry starts on a line of its own before this one was closed.
                chunk.end = index
                chunk.error = "is not closed: a '}' is missing (unbalanced braces)"
                chunk.error_hint = (
                    f"Every '{{' needs a matching '}}'; the next entry starts at line "
                    f"{line_of(text, index + 1)}."
                )
                break
            if char == "{":
                depth += 1
            elif char == "}":
                if depth == 0 and closer == "}":
                    chunk.end = index + 1
                    break
                depth -= 1
            elif char == '"' and depth == 0 and closer == ")":
                in_quotes = not in_quotes
            elif char == ")" and closer == ")" and depth == 0 and not in_quotes:
                chunk.end = index + 1
                break
            index += 1
        else:
            chunk.end = length
            chunk.error = f"is not closed: the file ends before its closing '{closer}'"
            chunk.error_hint = "Add the missing closing brace; check for unbalanced braces."
        chunks.append(chunk)
        pos = chunk.end
        if chunk.error is None:
            check_trailing(text, chunk, chunks)
    return chunks


def check_trailing(text: str, chunk: Chunk, chunks: list[Chunk]) -> None:
    """Flag field-like text right after an entry: a sign of an extra closing brace."""
    if chunk.command in {"comment", "preamble", "string"}:
        return
    next_command = _COMMAND_START.search(text, chunk.end)
    end = next_command.start() if next_command else len(text)
    # A line that starts with '@' begins another (perhaps broken) entry: its fields are its own.
    next_at_line = _LINE_START_AT.search(text, chunk.end, end)
    following = text[chunk.end : next_at_line.start() if next_at_line else end]
    lines = [ln for ln in following.split("\n") if not ln.lstrip().startswith("%")]
    body = "\n".join(lines)
    stray = _STRAY_FIELD.search(body)
    if stray is not None or body.strip().startswith("}"):
        offset = following.find(stray.group(0).strip() if stray else "}")
        chunk.error = "ends too early: there is an extra '}' (unbalanced braces)"
        chunk.error_line = line_of(text, chunk.end + max(offset, 0))
        chunk.error_hint = (
            "Text that looks like a field follows the entry's closing brace; "
            "remove the extra '}' inside the entry."
        )
