"""Forms of numbers the shipped article does not use yet: signed differences, rates, NNT."""

from __future__ import annotations

import pytest

from evidence_dashboard.audit import audit_sentence, load_vocabulary

from .corpus import corpus_evidence

CASES = [
    ("Pain intensity fell: MD -7.7 (points on a 0 to 100 scale); 95% CI -12.1 to -3.3.", [], "BE-21"),
    ("Pain intensity was -7.7 points on a 0 to 100 scale (95% CI -12.1 to -3.3).", [], "BE-21"),
    ("Pain intensity was -9.7 points on a 0 to 100 scale (95% CI -12.1 to -3.3).",
     ["number-not-in-rows"], "BE-21"),
    ("Hip fracture ran at 957.3 per 100,000 over 1 year (1986-2005); 95% CI 921.7 to 992.9 in "
     "US Medicare women aged 65 and older.", [], "BR-06"),
    ("Hip fracture ran at 957.3 per 100,000 a year; 95% CI 921.7 to 999.9 in women.",
     ["number-not-in-rows"], "BR-06"),
    ("Hip fracture ran at 957.3 per 100,000 over 1 year; 95% credible interval 921.7 to 992.9.",
     ["interval-kind"], "BR-06"),
    ("Hip fracture ran at 957.3 per 100,000 a year in men aged 65 and older.",
     ["population-mismatch"], "BR-06"),
    ("Each year about 1 in 100 women aged 65 and older on Medicare broke a hip.", [], "BR-06"),
    ("About 28 in 100 adults aged 65 and older reported a fall in the previous year.", [], "BR-01"),
    ("About 28 in 100 children reported a fall in the previous year.", ["population-mismatch"],
     "BR-01"),
    ("Diazepam helped one extra person for every 9 treated.", [], "BE-05"),
    ("Diazepam helped 1 in 9 people more than placebo did (NNT 9).", [], "BE-05"),
    ("Diazepam helped one extra person for every 4 treated.", ["number-not-in-rows"], "BE-05"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected", "row"), CASES)
def test_new_forms(sentence: str, expected: list[str], row: str) -> None:
    found = audit_sentence(sentence, [row], corpus_evidence(), load_vocabulary())
    assert sorted({f.kind for f in found} - {"unparsed-number"}) == expected, found
