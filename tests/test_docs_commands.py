"""Every command line in README.md and docs/*.md runs as written, against examples/ and data/.

The rules (also stated at the top of docs/cli.md): every line of a ``bash``, ``sh``, ``shell``
or ``console`` code block is a command (in ``console`` blocks, the lines starting ``$ ``); a
trailing ``\\`` continues it; it must exit 0, or ``N`` when it ends in ``# exit N``. A block whose
fence says ``no-run`` is skipped, and may hold only commands that start a server, install or run
CI (those are tested in tests/test_install.py). Commands run from a folder holding copies of
``examples/`` and ``data/`` and a ``.venv/bin`` whose ``evidence-dashboard`` and ``python`` are
this interpreter, with ``EVIDENCE_DASHBOARD_HOME`` (the review log's folder) inside it, so
whatever a command writes stays out of the repository and the user's data.

Plain ``evidence-dashboard ...`` lines run in this process (fast: pandas is imported once);
anything with shell syntax (pipes, globs are fine in-process too) runs under ``bash``.
"""

from __future__ import annotations

import contextlib
import glob
import io
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidence_dashboard.cli import SUBCOMMANDS, build_parser, main

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELLS = {"bash", "sh", "shell", "console"}
FENCE = re.compile(r"^(```+|~~~+)\s*([\w-]*)(.*)$")
EXPECTED = re.compile(r"#\s*exit\s+(\d+)\s*$")
# What a no-run block may hold: starting a server, installing, or CI.
NOT_RUNNABLE = re.compile(
    r"(\bserve\b|streamlit run|\bjupyter\b|pip install|python3? -m venv|\.ci/run)"
)
SHELL_SYNTAX = re.compile(r"[|;&<>$`()]")
PROGRAM = re.compile(r"^(\.venv/bin/)?evidence-dashboard$")


@dataclass(frozen=True)
class Command:
    """One documented command line."""

    doc: str
    line: int
    text: str
    runnable: bool

    @property
    def expected(self) -> int:
        match = EXPECTED.search(self.text)
        return int(match.group(1)) if match else 0

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}"


def _commands(path: Path) -> list[Command]:
    doc = str(path.relative_to(ROOT))
    found: list[Command] = []
    fence: str | None = None
    language, runnable = "", True
    pending, start = "", 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        match = FENCE.match(line)
        if fence is None:
            if match:
                fence, language = match.group(1), match.group(2).lower()
                runnable = "no-run" not in match.group(3).split()
            continue
        if match and line.startswith(fence) and not match.group(2):
            fence = None
            continue
        if language not in SHELLS:
            continue
        if language == "console":
            if not pending and not line.startswith("$ "):
                continue
            line = line.removeprefix("$ ")
        if not pending:
            if not line or line.startswith("#"):
                continue
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        found.append(Command(doc, start, pending + line, runnable))
        pending = ""
    return found


COMMANDS = [c for path in DOCS for c in _commands(path)]
RUNNABLE = [c for c in COMMANDS if c.runnable]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with copies of examples/ and data/ and a .venv/bin for this interpreter."""
    root = tmp_path_factory.mktemp("docs")
    shutil.copytree(ROOT / "examples", root / "examples")
    shutil.copytree(ROOT / "data", root / "data")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    tool = bin_dir / "evidence-dashboard"
    tool.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m evidence_dashboard.cli "$@"\n')
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return root


def _in_process(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # --help, --version and usage errors exit
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue() + err.getvalue()


def _run(command: Command, workdir: Path) -> tuple[int, str]:
    text = command.text
    words = shlex.split(text, comments=True)
    if any(SHELL_SYNTAX.search(word) for word in words):
        words = []
    # serve replaces its process with the server when its checks pass: never in this one.
    if words and PROGRAM.match(words[0]) and "serve" not in words:
        expanded = [w for word in words[1:] for w in (sorted(glob.glob(word)) or [word])]
        return _in_process(expanded)
    env = dict(os.environ)  # as the test set it up: no data folder, a throwaway home
    env["PATH"] = f"{workdir / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run(
        ["bash", "-c", text],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_the_docs_have_commands_to_run():
    assert len(RUNNABLE) >= 10, [c.id for c in RUNNABLE]


@pytest.mark.parametrize("command", RUNNABLE, ids=lambda c: c.id)
def test_documented_command_runs_as_written(
    command: Command, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)
    monkeypatch.delenv("EVIDENCE_DASHBOARD_DATA", raising=False)
    # A review log written by a documented command goes to the throwaway folder.
    monkeypatch.delenv("EVIDENCE_DASHBOARD_DATABASE_URL", raising=False)
    monkeypatch.setenv("EVIDENCE_DASHBOARD_HOME", str(workdir / "home"))
    code, output = _run(command, workdir)
    assert code == command.expected, (
        f"{command.id}: `{command.text}` exited {code}, the doc says {command.expected}:\n"
        f"{output[-2000:]}"
    )
    assert "Traceback" not in output, output
    if command.expected == 2:
        # A refusal is one line on stderr.
        assert output.count("\n") == 1, output


@pytest.mark.parametrize("command", [c for c in COMMANDS if not c.runnable], ids=lambda c: c.id)
def test_a_skipped_command_is_one_that_cannot_run_here(command: Command) -> None:
    assert NOT_RUNNABLE.search(command.text), (
        f"{command.id}: `{command.text}` is in a no-run block but does not start a server, "
        "install or run CI; move it to a block that runs"
    )


def test_every_command_is_documented_in_cli_md_and_run():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [n for n in SUBCOMMANDS if f"## `evidence-dashboard {n}`" not in text]
    assert not missing, f"docs/cli.md needs a section '## `evidence-dashboard NAME`' for {missing}"
    ran = {
        word
        for c in RUNNABLE
        for word in shlex.split(c.text, comments=True)[1:2]
        if "evidence-dashboard" in c.text
    }
    unrun = [n for n in SUBCOMMANDS if n not in ran]
    assert not unrun, f"no documented command line runs {unrun}"


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_help_lists_its_input_and_an_example(name: str) -> None:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    text = action.choices[name].format_help()  # type: ignore[union-attr]
    _, marker, after = text.partition("example")
    assert marker and f"evidence-dashboard {name} " in after, (
        f"`evidence-dashboard {name} --help` must end with an example of the command"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["pool", "examples/pool-counts.csv", "--subgroup", "alloc", "--format", "json"],
        ["absolute", "--measure", "RD", "--estimate", "0.1", "--format", "json"],
    ],
    ids=["pool", "absolute"],
)
def test_docs_name_every_json_key(
    argv: list[str], workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)
    code, output = _in_process(argv)
    assert code == 0, output
    section = (
        (ROOT / "docs" / "cli.md")
        .read_text(encoding="utf-8")
        .split(f"## `evidence-dashboard {argv[0]}`")[1]
        .split("\n## ")[0]
    )
    undocumented = [k for k in json.loads(output) if f"`{k}`" not in section]
    assert not undocumented, f"docs/cli.md's {argv[0]} section must name {undocumented}"
