"""Label widths estimated on the server (``charts/text_width.py``)."""

from evidence_dashboard.charts.text_width import labels_margin, line_widths


def test_widths_follow_the_markup_plotly_draws():
    regular, bold = line_widths("Pooled", 13)[0], line_widths("<b>Pooled</b>", 13)[0]
    assert 40 < regular < bold < 60  # DejaVu Sans: 6 letters at 13 px, bold wider
    assert line_widths("FA-03<br><b>1.42 [1.10, 1.83]</b>", 13) == [
        line_widths("FA-03", 13)[0],
        line_widths("<b>1.42 [1.10, 1.83]</b>", 13)[0],
    ]
    assert line_widths("a &amp; b", 10) == line_widths("a & b", 10)  # an entity is one character
    assert line_widths("跌倒", 10) == [20.0]  # CJK: one em each
    assert line_widths("e\u0301", 10) == line_widths("e", 10)  # a combining accent adds nothing


def test_a_margin_holds_the_widest_label_and_the_pad():
    assert labels_margin(["short", "a much longer label"], 13, 14) == (
        int(line_widths("a much longer label", 13)[0]) + 1 + 14
    )
    assert labels_margin([], 13, 14) == 10  # nothing to hold: the least
    assert labels_margin([""], 13, 14, least=20) == 20
    assert labels_margin(["x" * 200], 13, 14) == 240  # past the most: automargin's call
