"""``evidence-dashboard absolute``: absolute effect and number needed from RR, OR or RD.

A ratio (RR, OR) needs an assumed baseline (comparator) risk, as in the Cochrane Handbook,
section 15.4.4; a risk difference is already absolute and needs none (a baseline, if given,
adds the risk with the exposure). Exit status: 0 on success, 2 for bad input (unknown
measure, a missing value the measure needs, a bound without the other, a CI that does not
contain the estimate, a baseline risk outside (0, 1)), reported as one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys

from evidence_dashboard.cli.pool import check_format, one_line, parse_number
from evidence_dashboard.errors import InputError
from evidence_dashboard.stats import AbsoluteEffect, absolute_effect, report
from evidence_dashboard.stats.absolute import (
    ABSOLUTE_MEASURES,
    RiskDifferenceEffect,
    risk_difference_effect,
)

PROG = "evidence-dashboard absolute"
EPILOG = """\
what each measure needs:
  RR, OR  --estimate and --baseline-risk (the comparator risk you assume, e.g. 0.1 for
          100 in 1000); --ci-low and --ci-high are optional, together
  RD      --estimate only (a risk difference, e.g. -0.05): it is already absolute;
          --baseline-risk, if given, adds the risk with the exposure

output: text, or --format json with the keys baseline_risk, risk_exposed, risk_difference,
rd_ci_low, rd_ci_high, per_1000, per_1000_ci_low, per_1000_ci_high, number_needed,
number_needed_kind (NNH or NNT), number_needed_text, level, interval_kind (see docs/cli.md)

examples:
  evidence-dashboard absolute --measure OR --estimate 1.42 --ci-low 1.22 --ci-high 1.65 \\
      --baseline-risk 0.3
  evidence-dashboard absolute --measure RD --estimate -0.05 --ci-low -0.08 --ci-high -0.02
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``absolute`` subcommand."""
    parser = subparsers.add_parser(
        "absolute",
        help="risk difference per 1000 and NNT/NNH from RR, OR or RD and a baseline risk",
        description="Absolute effect from a relative effect and an assumed comparator risk "
        "(Cochrane Handbook 15.4.4), or from a risk difference alone. Bad input is reported "
        "as one line on stderr with exit status 2.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--measure", default=None, help="RR, OR or RD")
    parser.add_argument("--estimate", default=None, help="the effect estimate")
    parser.add_argument("--ci-low", default=None, help="lower CI bound (with --ci-high)")
    parser.add_argument("--ci-high", default=None, help="upper CI bound (with --ci-low)")
    parser.add_argument(
        "--baseline-risk",
        default=None,
        help="assumed comparator risk, between 0 and 1 (RR and OR need it; RD does not)",
    )
    parser.add_argument("--level", default="95", help="the CI's level in percent (default 95)")
    parser.add_argument(
        "--interval",
        default="confidence",
        choices=("confidence", "credible"),
        help="what kind of interval --ci-low and --ci-high are (default confidence)",
    )
    parser.add_argument("--format", default="text", dest="output_format", help="text or json")
    parser.set_defaults(run=run)


def _required(value: str | None, option: str, why: str = "") -> str:
    if value is None:
        raise InputError(f"{option} must be given{why}. Got nothing instead.")
    return value


def _number(value: str, option: str) -> float:
    """A number the command needs (``parse_number`` gives ``None`` only for a missing value)."""
    number = parse_number(value, option)
    assert number is not None  # value is a string here
    return number


def compute(args: argparse.Namespace) -> AbsoluteEffect | RiskDifferenceEffect:
    """The result for the options, asking only for what the measure needs."""
    given = _required(args.measure, "--measure", f" ({', '.join(ABSOLUTE_MEASURES)})")
    measure = given.strip().upper()
    if measure not in ABSOLUTE_MEASURES:
        raise InputError(
            f"--measure must be one of {', '.join(ABSOLUTE_MEASURES)}. Got {given!r} instead."
        )
    estimate = _number(_required(args.estimate, "--estimate"), "--estimate")
    ci_low = parse_number(args.ci_low, "--ci-low")
    ci_high = parse_number(args.ci_high, "--ci-high")
    level = _number(args.level, "--level")
    if measure == "RD" and args.baseline_risk is None:
        return risk_difference_effect(
            estimate, ci_low=ci_low, ci_high=ci_high, level=level, interval_kind=args.interval
        )
    why = f" for the ratio measure {measure}"
    return absolute_effect(
        measure,
        estimate,
        _number(_required(args.baseline_risk, "--baseline-risk", why), "--baseline-risk"),
        ci_low=ci_low,
        ci_high=ci_high,
        level=level,
        interval_kind=args.interval,
    )


def run(args: argparse.Namespace) -> int:
    """Compute and print the absolute effect; see the module docstring for the exit status."""
    try:
        output_format = check_format(args.output_format)
        result = compute(args)
    except (InputError, ValueError) as exc:
        print(f"{PROG}: {one_line(exc)}", file=sys.stderr)
        return 2
    if output_format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.absolute_text(result))
    return 0
