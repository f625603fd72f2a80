"""The ``evidence-dashboard`` command line: check, audit, pool, absolute, references, review,
serve, export."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn

# Each subcommand lives in its own module exposing ``add_parser(subparsers)`` and ``run(args)``.
SUBCOMMANDS = ("check", "audit", "pool", "absolute", "references", "review", "serve", "export")


class CommandParser(argparse.ArgumentParser):
    """argparse with usage errors as one line on stderr (exit status 2), like every refusal."""

    def error(self, message: str) -> NoReturn:
        """Print ``prog: message (see prog --help)`` and exit 2."""
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The top-level argument parser with every subcommand registered."""
    from evidence_dashboard import __version__

    parser = CommandParser(
        prog="evidence-dashboard",
        description="Check, pool and format drug-risk evidence content, and serve the app.",
        epilog="Run 'evidence-dashboard COMMAND --help' for a command's input and an example. "
        "Every command is documented in docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"evidence-dashboard {__version__}")
    # Subcommand parsers inherit the parser class, so they refuse in one line too.
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"evidence_dashboard.cli.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # name the subcommand whose options were mistyped, not the top-level program
        commands = next(a for a in parser._actions if a.dest == "command").choices
        commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return int(args.run(args))
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
