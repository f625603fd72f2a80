"""A baseline risk as people type it: per 1,000, a percentage, a proportion, a decimal comma.

The Compare page's absolute effects scale with the baseline, so a misread baseline is a tenfold
error: every form is either understood (and the reading shown) or refused with the reason.
"""

from __future__ import annotations

import re


def number_text(value: float) -> str:
    """A number as short text that reads back to exactly the same float (``100``, ``2.5``)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def read_baseline(text: str) -> tuple[float | None, str | None]:
    """A baseline risk per 1,000 from what a person typed: ``(per 1,000, note)`` or refusal.

    ``20`` and ``20/1000`` are per 1,000; ``2%`` is a percentage; ``0.02`` (below 1, no unit)
    is a proportion; a comma is a decimal point (``0,02``) unless it could be a thousands
    separator (``1,500``), which is refused rather than guessed.

    Examples
    --------
    >>> read_baseline("2%")
    (20.0, 'read 2% as 20 per 1,000.')
    >>> read_baseline("0,02")
    (20.0, 'read 0,02 as the proportion 0.02: 20 per 1,000.')
    >>> read_baseline("1,500")[0] is None
    True
    """
    s = re.sub(r"\s+", "", text).lower()
    unit = ""
    for suffix, name in (("%", "%"), ("‰", "/1000"), ("per1,000", "/1000"), ("per1000", "/1000")):
        if s.endswith(suffix):
            s, unit = s[: -len(suffix)], name
            break
    if s.endswith("/1000") or s.endswith("/1,000"):
        s, unit = s.rsplit("/", 1)[0], "/1000"
    number = s
    if "," in s:
        if "." in s or re.fullmatch(r"[1-9]\d{0,2}(,\d{3})+", s):
            return None, (
                f"{text.strip()!r} could be read more than one way; write it with a decimal "
                "point, e.g. 20 (per 1,000), 2% or 0.02."
            )
        number = s.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", number):
        return None, "write a number per 1,000 (e.g. 20), a percentage (2%) or a proportion (0.02)."
    value = float(number)
    if unit == "%":
        per, note = value * 10, f"read {text.strip()} as {number_text(value * 10)} per 1,000."
    elif unit == "/1000":
        per, note = value, None
    elif value < 1:
        per = value * 1000
        note = f"read {text.strip()} as the proportion {number}: {number_text(per)} per 1,000."
    else:
        per, note = value, None
        if "," in s:
            note = f"read {text.strip()} as {number_text(value)} per 1,000."
    if not 0 < per < 1000:
        return None, "a baseline risk must be above 0 and below 1,000 per 1,000 (100%)."
    return per, note


def baseline_text(per_1000: float) -> str:
    """The URL form of a baseline: ``20``, or ``0.5/1000`` below 1 so it never reads as a proportion."""
    return number_text(per_1000) + ("/1000" if per_1000 < 1 else "")
