"""``evidence-dashboard absolute``: absolute effect and number needed from RR, OR or RD.

Uses an assumed baseline (comparator) risk as in the Cochrane Handbook, section 15.4.4.
Exit status: 0 on success, 2 for bad input (unknown measure, a bound without the other, a
CI that does not contain the estimate, a baseline risk outside (0, 1)), reported as one
line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys

from evidence_dashboard.cli.pool import check_format, one_line, parse_number
from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import AbsoluteEffect, absolute_effect

PROG = "evidence-dashboard absolute"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``absolute`` subcommand."""
    parser = subparsers.add_parser(
        "absolute",
        help="risk difference per 1000 and NNT/NNH from RR, OR or RD and a baseline risk",
        description="Absolute effect from a relative effect and an assumed comparator risk "
        "(Cochrane Handbook 15.4.4). Bad input is reported as one line on stderr with exit "
        "status 2.",
    )
    parser.add_argument("--measure", default=None, help="RR, OR or RD")
    parser.add_argument("--estimate", default=None, help="the effect estimate")
    parser.add_argument("--ci-low", default=None, help="lower CI bound (with --ci-high)")
    parser.add_argument("--ci-high", default=None, help="upper CI bound (with --ci-low)")
    parser.add_argument(
        "--baseline-risk", default=None, help="assumed comparator risk, between 0 and 1"
    )
    parser.add_argument("--level", default="95", help="the CI's level in percent (default 95)")
    parser.add_argument("--format", default="text", dest="output_format", help="text or json")
    parser.set_defaults(run=run)


def _required(value: str | None, option: str) -> str:
    if value is None:
        raise InputError(f"{option} must be given. Got nothing instead.")
    return value


def _per_1000(x: float, unit: str = " per 1000") -> str:
    n = round(x)
    if n == 0:
        return f"no difference{unit}"
    return f"{abs(n)} {'more' if n > 0 else 'fewer'}{unit}"


def format_text(a: AbsoluteEffect) -> str:
    """A readable summary of an absolute effect."""
    lines = [
        f"Assumed comparator risk: {a.baseline_risk * 1000:.0f} per 1000",
        f"Risk with exposure: {a.risk_exposed * 1000:.0f} per 1000 ({a.measure} {a.estimate:g})",
    ]
    diff = f"Difference: {_per_1000(a.per_1000)}"
    if a.per_1000_ci_low is not None and a.per_1000_ci_high is not None:
        diff += (
            f" ({a.level:g}% CI {_per_1000(a.per_1000_ci_low, '')} to "
            f"{_per_1000(a.per_1000_ci_high, '')})"
        )
    lines.append(diff)
    lines.append(a.number_needed_text)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Compute and print the absolute effect; see the module docstring for the exit status."""
    try:
        output_format = check_format(args.output_format)
        result = absolute_effect(
            _required(args.measure, "--measure"),
            parse_number(_required(args.estimate, "--estimate"), "--estimate"),
            parse_number(_required(args.baseline_risk, "--baseline-risk"), "--baseline-risk"),
            ci_low=parse_number(args.ci_low, "--ci-low"),
            ci_high=parse_number(args.ci_high, "--ci-high"),
            level=parse_number(args.level, "--level"),
        )
    except (InputError, ValueError) as exc:
        print(f"{PROG}: {one_line(exc)}", file=sys.stderr)
        return 2
    if output_format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_text(result))
    return 0
