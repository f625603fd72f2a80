"""The ``evidence-dashboard`` command line: check, audit, pool, absolute, references."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each subcommand lives in its own module exposing ``add_parser(subparsers)`` and ``run(args)``.
SUBCOMMANDS = ("check", "audit", "pool", "absolute", "references")


def build_parser() -> argparse.ArgumentParser:
    """The top-level argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="evidence-dashboard",
        description="Check, pool and format drug-risk evidence content.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"evidence_dashboard.cli.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
