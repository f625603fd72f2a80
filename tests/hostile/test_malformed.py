"""Seeded mutations of the shipped files through the loaders.

Only located :class:`Problem` objects may come out, never another exception; a broken entry or row
never takes the untouched ones with it; no single input takes a second.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import time
from pathlib import Path

from evidence_dashboard.bibliography import parse_bibtex
from evidence_dashboard.content.articles import parse_article
from evidence_dashboard.content.evidence import parse_evidence_csv
from evidence_dashboard.content.library import load_library
from evidence_dashboard.errors import Problem
from evidence_dashboard.uploads import read_bibliography_upload

from . import stats

DATA = Path(__file__).resolve().parents[2] / "data"
BIB_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in sorted(DATA.glob("references/*.bib")))
CSV_TEXT = next(DATA.glob("evidence/*.csv")).read_text(encoding="utf-8")
ARTICLE_TEXT = next(DATA.glob("articles/*.md")).read_text(encoding="utf-8")
BIB_CASES, CSV_CASES, ARTICLE_CASES, LIBRARY_CASES = 5000, 3000, 1000, 12
# Per-case times are recorded and printed in the run's summary (slowest case per kind), never
# asserted: a loaded machine must not turn a timing into a failure.
INTERESTING = [
    "{", "}", "@", ",", "=", '"', "\\", "%", "#", "\n", "\r", "\t", "\x00", "\x0b", "\ufeff",
    "\u202e", "\u00e9", "\U0001f600", "@article{", "}}}}", "{{{{", "\\'{", "$", "~", "--",
    ";", ":", "'", "\\\\", "\\x", "@comment{", "@string{a=", "and", "and others", "1e308",
    "nan", "-inf", "0x1F", "\u0000\u0000", "<script>", "=" * 50, "{" * 200, "a" * 20_000,
]  # fmt: skip


def _mutate(text: str, rng: random.Random) -> str:
    """One random edit: delete, insert, duplicate, truncate, swap or case-flip a span."""
    if not text:
        return rng.choice(INTERESTING)
    i = rng.randrange(len(text) + 1)
    j = min(len(text), i + rng.randint(1, 40))
    action = rng.randrange(7)
    if action == 0:
        return text[:i] + text[j:]
    if action == 1:
        return text[:i] + rng.choice(INTERESTING) + text[i:]
    if action == 2:
        return text[:j] + text[i:j] + text[j:]
    if action == 3:
        return text[:i]
    if action == 4:
        return text[:i] + text[j:] + text[i:j]
    if action == 5:
        return text[:i] + text[i:j].swapcase() + text[j:]
    return text[:i] + "".join(chr(rng.randrange(1, 0x3000)) for _ in range(j - i)) + text[j:]


def _check_problems(problems: tuple[Problem, ...], path: str, lines: int, case: str) -> None:
    for problem in problems:
        assert isinstance(problem, Problem), case
        assert problem.path == path, case
        assert problem.line is not None and 1 <= problem.line <= lines + 1, (case, str(problem))
        assert problem.message, case


def _timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


# --------------------------------------------------------------------------- BibTeX

_ENTRY_START = re.compile(r"(?m)^@")


def _bib_entries(text: str) -> list[str]:
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    return [text[a:b] for a, b in zip([0, *starts], [*starts, len(text)], strict=True)]


def _key(entry: str) -> str | None:
    match = re.match(r"@\s*\w+\s*[{(]\s*([^,\s]+)\s*,", entry)
    return match.group(1) if match else None


def test_mutated_bibtex_gives_located_problems_and_keeps_untouched_entries():
    rng = random.Random(20261126)
    entries = _bib_entries(BIB_TEXT)
    baseline = parse_bibtex(BIB_TEXT, "refs.bib")
    assert not baseline.errors
    for case in range(BIB_CASES):
        # A window of five neighbouring entries (plus the file's opening comment) keeps each
        # case small; the edited entry sits inside it with untouched entries on both sides.
        target = rng.randrange(1, len(entries))
        window = [0, *range(max(1, target - 2), min(len(entries), target + 3))]
        mutated = [entries[i] for i in window]
        at = window.index(target)
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            mutated[at] = _mutate(mutated[at], rng)
        if not mutated[at].endswith("\n"):
            # Entries start on a line of their own; a cut that glues the next '@' onto this
            # line would edit the next entry too.
            mutated[at] += "\n"
        text = "".join(mutated)
        load, seconds = _timed(parse_bibtex, text, "refs.bib")
        stats.slowest("BibTeX case", seconds, f"case {case}")
        _check_problems(load.problems, "refs.bib", text.count("\n") + 1, f"case {case}")
        # Every entry that was not edited still loads, with its fields intact. (An edit that
        # leaves an entry open may run into the next entry only if it also removes the next
        # line-start '@', which mutations of one entry cannot do.)
        bad = _key(mutated[at])
        # An entry whose '@type{key,' opener is gone leaves bare fields after the previous
        # entry, which reads exactly like an extra '}' in that entry: the loader sets the
        # previous entry aside with a located problem. Only then may a neighbour go.
        headless = not re.match(r"\s*@\s*\w+\s*[{(]", mutated[at])
        for index in window:
            key = _key(entries[index])
            if index == target or key is None or key == bad:
                continue
            if headless and index == window[at - 1]:
                continue
            ref = load.references.get(key)
            assert ref is not None, f"case {case}: untouched entry {key} lost\n{mutated[at]}"
            assert ref.fields == baseline.references[key].fields, f"case {case}: {key} changed"
    stats.add("malformed BibTeX cases", BIB_CASES)


# --------------------------------------------------------------------------- evidence CSV


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _write(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _csv_case(
    rng: random.Random, case: int, header: list[str], body: list[list[str]]
) -> tuple[str, bool, int, list[list[str]]]:
    """One case: the CSV text, whether the raw text was edited, the edited row, the rows."""
    target = rng.randrange(len(body))
    mutated_rows = [r.copy() for r in body]
    raw = case % 3 == 0  # a third of cases edit the raw text of the row, quotes and all
    if raw:
        lines = [_write([r]) for r in mutated_rows]
        lines[target] = _mutate(lines[target].rstrip("\r\n"), rng) + "\r\n"
        return _write([header]) + "".join(lines), raw, target, mutated_rows
    row = mutated_rows[target]
    for _ in range(rng.choice((1, 1, 2, 4))):
        cell = rng.randrange(len(row) + 1)
        if cell == len(row) or rng.random() < 0.1:
            if rng.random() < 0.5:
                row.insert(cell, rng.choice(INTERESTING))
            elif row:
                row.pop(min(cell, len(row) - 1))
        else:
            row[cell] = _mutate(row[cell], rng)
    return _write([header, *mutated_rows]), raw, target, mutated_rows


def test_mutated_evidence_rows_give_located_problems_and_keep_the_other_rows():
    rng = random.Random(4242)
    rows = _csv_rows(CSV_TEXT)
    header, body = rows[0], rows[1:]
    baseline = parse_evidence_csv(CSV_TEXT, "ev.csv")
    assert not baseline.problems
    good = dict(zip(baseline.rows["id"], baseline.rows["estimate_text"], strict=True))
    for case in range(CSV_CASES):
        text, raw, target, mutated_rows = _csv_case(rng, case, header, body)
        load, seconds = _timed(parse_evidence_csv, text, "ev.csv")
        stats.slowest("CSV case", seconds, f"case {case}")
        _check_problems(load.problems, "ev.csv", text.count("\n") + 1, f"case {case}")
        if "\x00" in text:
            # By design a NUL byte marks the whole file as binary: one file-level problem.
            assert [p.line for p in load.problems] == [1] and load.rows.empty, f"case {case}"
            stats.add("malformed CSV cases rejected whole (NUL byte)")
            continue
        if raw and any(c in text.split("\r\n")[target + 1] for c in '"\r\n'):
            # A raw edit can open a quoted field that runs to the end of the file: CSV itself
            # cannot tell where the row ends. The problem is located; later rows are not claimed.
            continue
        loaded = dict(zip(load.rows["id"], load.rows["estimate_text"], strict=True))
        edited_id = mutated_rows[target][0] if mutated_rows[target] else None
        for index, original in enumerate(body):
            row_id = original[0]
            if index == target or row_id not in good or row_id == edited_id:
                continue  # the edited row itself, or an id it now claims (uniqueness decides)
            assert row_id in loaded, f"case {case}: untouched row {row_id} lost"
            assert loaded[row_id] == good[row_id], f"case {case}: {row_id} changed"
    stats.add("malformed CSV cases", CSV_CASES)


UPLOAD_CASES = 600
UPLOAD_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"


def test_mutated_ris_and_csl_json_uploads_give_problems_not_exceptions():
    rng = random.Random(11)
    sources = [
        (n, (UPLOAD_FIXTURES / n).read_text(encoding="utf-8")) for n in ("refs.ris", "refs.json")
    ]
    for case in range(UPLOAD_CASES):
        name, text = sources[case % 2]
        for _ in range(rng.choice((1, 2, 4))):
            text = _mutate(text, rng)
        data = text.encode("utf-8", "surrogatepass")
        load, seconds = _timed(read_bibliography_upload, name, data)
        stats.slowest("RIS/CSL-JSON upload case", seconds, f"case {case}")
        assert all(isinstance(p, Problem) and p.path == name for p in load.problems), case
    stats.add("malformed RIS/CSL-JSON upload cases", UPLOAD_CASES)


# --------------------------------------------------------------------------- articles, library


def test_mutated_articles_give_located_problems():
    rng = random.Random(7)
    for case in range(ARTICLE_CASES):
        text = ARTICLE_TEXT
        for _ in range(rng.choice((1, 2, 5))):
            text = _mutate(text, rng)
        article, seconds = _timed(parse_article, text, "a.md")
        stats.slowest("article case", seconds, f"case {case}")
        _check_problems(article.problems, "a.md", text.count("\n") + 1, f"case {case}")
    stats.add("malformed article cases", ARTICLE_CASES)


def test_load_library_survives_a_sample_of_broken_folders(tmp_path):
    rng = random.Random(99)
    for case in range(LIBRARY_CASES):
        root = tmp_path / f"case{case}"
        shutil.copytree(DATA, root)
        for pattern in ("references/*.bib", "evidence/*.csv", "articles/*.md"):
            path = next(root.glob(pattern))
            text = path.read_text(encoding="utf-8")
            for _ in range(rng.randint(1, 6)):
                text = _mutate(text, rng)
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
        library, seconds = _timed(load_library, root)
        stats.slowest("library case", seconds, f"case {case}")
        assert all(isinstance(p, Problem) and p.path for p in library.problems)
        assert library.articles, "an article with problems is still listed"
    stats.add("malformed content folders through load_library", LIBRARY_CASES)
