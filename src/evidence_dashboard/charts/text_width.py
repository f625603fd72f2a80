"""How wide a chart label is drawn, estimated on the server, so a chart's margins can be set
before the browser draws it.

Plotly's ``automargin`` grows a margin that is too small for its tick labels, and to do so it
lays the whole figure out a second time: on the Compare page that doubled the time to draw the
forest plot (44 against 25 ms in Chromium) and the estimates chart (33 against 18 ms), on every
open and every change. A margin set wide enough leaves automargin nothing to grow, so it draws
once; automargin stays on, so a label wider than estimated is still shown whole (drawn twice).

Widths are DejaVu Sans's (the charts' first font; ``style.FONT``) advance widths, per character,
in thousandths of an em. A character outside ASCII counts as wide as an East Asian one when it
is one, and otherwise as a wide Latin capital, so the estimate errs on the wide side; a browser
that falls back to Arial draws narrower still.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable

# Advance widths of " " to "~" (32-126) in DejaVu Sans and DejaVu Sans Bold, per 1,000 em.
_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
)  # fmt: skip
_WIDE = 1000  # CJK and other full-width characters: one em
_OTHER = 800  # any other character: wider than DejaVu's widest Latin capitals but W and M
_TAG = re.compile(r"(<[^>]*>)")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _char_width(char: str, bold: bool) -> int:
    code = ord(char)
    if 32 <= code < 127:
        return (_BOLD if bold else _REGULAR)[code - 32]
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    return round((_WIDE if wide else _OTHER) * (1.1 if bold else 1.0))


def line_widths(text: str, size: float) -> list[float]:
    """The drawn width in px of each line of plotly label markup (``<br>`` breaks a line,
    ``<b>`` is bold, other tags draw nothing, entities are one character) at ``size`` px."""
    widths = []
    for line in _BREAK.split(text):
        bold, total = False, 0
        for part in _TAG.split(line):
            if part.startswith("<") and part.endswith(">"):
                tag = part.strip("<>/ ").lower()
                if tag == "b":
                    bold = not part.startswith("</")
                continue
            total += sum(_char_width(char, bold) for char in html.unescape(part))
        widths.append(total * size / 1000)
    return widths


#: The widest label margin set (px). Past it, automargin decides: on a phone it keeps the plot
#: at least 64 px wide, where a margin set to hold a long label would leave it none.
MOST = 240


def labels_margin(
    labels: Iterable[str], size: float, pad: int, least: int = 10, most: int = MOST
) -> int:
    """A margin in px that holds the widest of ``labels`` at ``size`` px, plus ``pad`` (the
    axis's own gap between its labels and the plot), at least ``least`` and at most ``most``
    (a wider label is then made room for by automargin, which draws the chart twice)."""
    widest = max((w for label in labels for w in line_widths(label, size)), default=0.0)
    return min(most, max(least, math.ceil(widest) + pad)) if widest else least
