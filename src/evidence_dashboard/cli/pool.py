"""``evidence-dashboard pool FILE.csv``: pool the studies of a CSV file, as metafor would.

The CSV has an ``id`` column and either the four count columns ``events_treatment,
total_treatment, events_control, total_control`` or ``estimate, ci_low, ci_high``
(optional ``ci_level``); other columns are ignored unless named by ``--subgroup``.
A ``measure`` column, if present, must hold one measure; ``--measure`` must agree with it
(a file of mixed measures is refused, never pooled as one). Without either, RR.

Exit status: 0 on success, 2 for bad input (missing or unreadable file, impossible counts,
a bad CI, an unknown measure or method, a ``--measure`` that contradicts the file, no usable
study), reported as one line on stderr that names the row and column where there is one.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import pandas as pd

from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import pool, report

FORMATS = ("text", "json")
PROG = "evidence-dashboard pool"
EPILOG = """\
input: a UTF-8 CSV file, one study per row, with a header row and
  id                  the study's label (text)
  then either arm counts (RR, OR, RD; every method):
    events_treatment, total_treatment, events_control, total_control  (whole numbers)
  or an estimate with its confidence interval (any measure; iv, dl, reml, pm):
    estimate, ci_low, ci_high   on the ratio scale for RR, OR, HR, IRR, SHR (e.g. 0.8)
    ci_level                    optional, the interval's level in percent (default 95)
  measure             optional; one value for the whole file (RR, OR, RD, HR, IRR, SHR)
  any other column    ignored, unless named by --subgroup

output: text, or --format json with the keys measure, method, k, estimate, ci_low,
ci_high, log_estimate, se, tau2, i2, h2, q, q_df, q_p, pi_low, pi_high, studies, level,
subgroups, subgroup_test, notes (see docs/cli.md)

example:
  evidence-dashboard pool examples/pool-counts.csv --measure OR --method reml
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``pool`` subcommand."""
    parser = subparsers.add_parser(
        "pool",
        help="pool the studies of a CSV file (IV, Mantel-Haenszel, Peto, DL, REML, PM)",
        description="Pool studies given by arm counts or by estimate with CI. Bad input is "
        "reported as one line on stderr with exit status 2.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE.csv", help="one study per row")
    parser.add_argument(
        "--measure",
        default=None,
        help="RR, OR or RD (HR, IRR, SHR from estimate + CI); must agree with a 'measure' "
        "column (default: that column's value, else RR)",
    )
    parser.add_argument("--method", default="reml", help="iv, mh, peto, dl, reml (default), pm")
    parser.add_argument("--level", default="95", help="confidence level in percent (default 95)")
    parser.add_argument(
        "--drop-double-zero",
        action="store_true",
        help="drop studies with no events (or only events) in both arms",
    )
    parser.add_argument("--subgroup", default=None, metavar="COLUMN", help="pool by subgroup")
    parser.add_argument("--format", default="text", dest="output_format", help="text or json")
    parser.set_defaults(run=run)


def one_line(exc: BaseException) -> str:
    """An exception's message on one line."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"'{exc.filename}': " if exc.filename else ""
        return f"cannot read {where}{exc.strerror}."
    if isinstance(exc, UnicodeDecodeError):
        return f"not a UTF-8 text file ({exc.reason} at byte {exc.start})."
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def check_format(value: str) -> str:
    """Validate ``--format``."""
    if value not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}. Got {value!r} instead.")
    return value


def parse_number(value: str | None, option: str) -> float | None:
    """A command-line number, or an :class:`InputError` naming the option."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{option} must be a number. Got {value!r} instead.") from None
    if not math.isfinite(number):
        raise InputError(f"{option} must be a finite number. Got {value!r} instead.")
    return number


def read_studies(path: str) -> pd.DataFrame:
    """Read the CSV (ids kept as text); errors propagate to :func:`run`."""
    file = Path(path)
    if file.is_dir():
        raise InputError(f"'{path}' is a directory, not a CSV file.")
    frame = pd.read_csv(file, dtype={"id": str}, skipinitialspace=True)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def choose_measure(frame: pd.DataFrame, measure: str | None) -> str:
    """``--measure`` (checked against a ``measure`` column), else that column's value, else RR.

    A file whose rows name another measure than ``--measure`` is refused rather than pooled
    as if every row were the same measure.
    """
    if "measure" not in frame.columns:
        return measure if measure is not None else "RR"
    named = {
        str(row_id): str(v).strip().upper()
        for row_id, v in zip(frame.get("id", frame.index), frame["measure"], strict=True)
        if not pd.isna(v) and str(v).strip()
    }
    values = sorted(set(named.values()))
    if measure is not None:
        wanted = measure.strip().upper()
        other = next((row for row, v in named.items() if v != wanted), None)
        if other is not None:
            raise InputError(
                f"row '{other}': column 'measure' must agree with --measure {measure}. Got "
                f"{named[other]} instead. Hint: leave out --measure to use the file's measure, "
                "or pool one measure per file."
            )
        return measure
    if len(values) > 1:
        raise InputError(
            "column 'measure' must have one value to pool without --measure. Got "
            f"{', '.join(values)} instead."
        )
    return values[0] if values else "RR"


def run(args: argparse.Namespace) -> int:
    """Pool the file and print the result; see the module docstring for the exit status."""
    try:
        output_format = check_format(args.output_format)
        level = parse_number(args.level, "--level")
        frame = read_studies(args.file)
        result = pool(
            frame,
            measure=choose_measure(frame, args.measure),
            method=args.method,
            level=level if level is not None else 95,
            drop_double_zero=args.drop_double_zero,
            subgroup=args.subgroup,
        )
    except (InputError, OSError, ValueError, pd.errors.ParserError) as exc:
        # pandas' ParserError and EmptyDataError, UnicodeDecodeError are ValueErrors.
        print(f"{PROG}: {args.file}: {one_line(exc)}", file=sys.stderr)
        return 2
    if output_format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.pooled_text(result))
    return 0
