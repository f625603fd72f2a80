"""The regular expressions that read quantitative expressions (used by ``numbers``).

Kept apart so each pattern can be read and extended on its own; names follow what they match.
"""

from __future__ import annotations

import re

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
WORD_NUMBERS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|a hundred|hundred"
)
NUM = rf"(?:{DIGITS})"
# A signed number (a mean difference of -7.7); a dash after a digit is a range, never a sign.
SNUM = rf"(?:(?:(?<![\w.])[-−](?=\d))?(?:{DIGITS}))"
PARENTHETICAL = re.compile(r"^\s*\([^()]*\)")
# "-7.7 points on a 0 to 100 scale": a difference on a scale, written without its measure name.
POINTS = re.compile(
    rf"(?<![\w.])(?P<est>{SNUM})\s+points?\b(?:\s+on\s+(?:a|the)\s+[^();]{{0,40}}?scales?\b)?", re.I
)
PER_SCALE = re.compile(r"(?<![\d,.]\s)\bper\s+(?:100,000|10,000|1,000)\b", re.I)
WNUM = rf"(?:{DIGITS}|\b(?:{WORD_NUMBERS})\b)"
DASH = r"\s*(?:to|-|–|—|and)\s*"
APPROX = r"about|around|approximately|roughly|nearly|almost|some|close to|an estimated|circa|~|≈"
MIN = r"more than|over|above|at least|greater than|exceeding|>|≥|upwards of"
MAX = r"under|less than|below|fewer than|at most|no more than|up to|<|≤"
QUALIFIER = re.compile(rf"(?:^|[\s(])(?P<q>{APPROX}|{MIN}|{MAX})\s*(?:the\s+|a\s+)?$", re.I)
SUFFIX_MAX = re.compile(r"^\s*(?:or (?:less|fewer|lower|below)|at most)\b", re.I)
SUFFIX_MIN = re.compile(r"^\s*(?:or (?:more|higher|above)|and (?:above|over)|or greater)\b", re.I)
UP_WORDS = r"higher|more|greater|increased?|rise|raised|excess|extra|larger|up"
DOWN_WORDS = r"lower|fewer|less|reduction|reduced|decreased?|drop|smaller|down"
INTERVAL_WORD = (
    r"(?:confidence interval|credible interval|credibility interval|CrI|CI|Bayesian interval)"
)
UNITS = r"mg|mcg|µg|micrograms?|milligrams?|g|ml|mL|grams?"
TIME = r"minutes?|hours?|days?|weeks?|months?|years?|nights?"

# Ages are population words, read by the context checks, never matched as figures.
AGE_PATTERNS = (
    (
        rf"\b(?:aged|age|ages|aged between)\s+(?P<a>{NUM})(?:{DASH}(?P<b>{NUM}))?(?:\s*(?:years?|y))?(?:\s*(?:and|or)\s*(?:older|over|above)|\+)?",
        "older",
    ),
    (rf"\b(?P<a>{NUM})\s*(?:years?\s*)?(?:and|or)\s*(?:older|over|above)\b", "older"),
    (rf"(?P<a>{NUM})\s*\+|[≥>]=?\s*(?P<c>{NUM})\s*(?:y\b|years?\b)", "older"),
    (
        rf"\b(?:older than|over the age of|over|above)\s+(?P<a>{NUM})(?!\s*(?:%|percent|mg|{TIME}))",
        "older",
    ),
    (
        rf"\b(?:under|younger than|below the age of|less than)\s+(?P<a>{NUM})(?=\s*(?:years?\b|,|\.|;|\)|$|\s+(?:who|whose|with|and)))(?!\s*%)",
        "younger",
    ),
    (rf"\bmean age(?: of)?\s+(?P<a>{NUM})", "mean"),
    (rf"\b(?P<a>{NUM})-year-olds?\b", "exact"),
)
MEASURE_TAIL = re.compile(
    rf"^(?:\s*\((?:[A-Za-z]{{1,5}})\))?(?:\s*[:=]|\s+(?:of|was|were|is|at))?\s*(?P<est>{SNUM})"
)
INTERVAL_TAIL = re.compile(
    rf"^\s*(?:[;,]\s*|(?P<open>\()\s*|,?\s*)(?:(?P<level>\d{{2}}(?:\.\d)?)\s*%\s*)?(?P<word>{INTERVAL_WORD})?"
    rf"(?:\s*(?:of|was|from|:|,))?\s*(?P<lo>{SNUM}){DASH}(?P<hi>{SNUM})(?(open)\s*\))",
    re.I,
)
BARE_INTERVAL = re.compile(
    rf"(?:(?P<level>\d{{2}}(?:\.\d)?)\s*%\s*)?(?P<word>{INTERVAL_WORD})(?:\s*(?:of|was|from|:|,))?\s*"
    rf"(?P<lo>{SNUM}){DASH}(?P<hi>{SNUM})|\(\s*(?P<lo2>\d+\.\d+){DASH}(?P<hi2>\d+\.\d+)\s*\)",
    re.I,
)
DOSE = re.compile(
    rf"(?P<a>{WNUM})(?:\s*(?:to|-|–|or)\s*(?P<b>{WNUM}))?\s*(?:{UNITS})\b(?:\s*(?:a|per)\s+day)?"
    rf"|(?P<f>{WNUM}|once|twice)(?:\s*(?:to|-|–|or)\s*(?P<g>{WNUM}|twice))?\s+times?\s+(?:a|per|each)\s+(?:day|week)"
    rf"|(?P<h>{WNUM}|once|twice)(?:\s*(?:to|-|–|or)\s*(?P<i>{WNUM}|twice))?\s+(?:times\s+)?daily",
    re.I,
)
TIMESPAN = re.compile(
    rf"(?P<a>{WNUM})(?:\s*(?:to|-|–|or)\s*(?P<b>{WNUM}))?[\s-]+(?:{TIME})\b", re.I
)
TIMEPOINT = re.compile(rf"\b(?:day|week|month|year|visit)\s+(?P<a>{NUM})\b", re.I)
SCALE = re.compile(
    rf"(?P<a>{NUM})\s*(?:to|-|–)\s*(?P<b>{NUM})(?:[\s-]+point)?[\s-]+(?:scales?|points?)\b", re.I
)
PAIR = re.compile(
    rf"(?P<a>{NUM})\s*%\s*(?:vs\.?|versus|against|compared with|compared to|and)\s*(?P<b>{NUM})\s*%"
    rf"|from\s+(?P<c>{NUM})\s*%\s*to\s+(?P<d>{NUM})\s*%",
    re.I,
)
FOR_EVERY = re.compile(
    rf"(?:for\s+)?every\s+(?P<a>{WNUM})\s+(?:people\s+|patients\s+|persons\s+|adults\s+)?(?:treated|taking|who take|given)",
    re.I,
)
FREQUENCY = re.compile(
    rf"(?P<a>{WNUM})\s+(?:in|out of)\s+(?:every\s+)?(?P<b>{WNUM}|1,000|a thousand)\b", re.I
)
RATE = re.compile(
    rf"(?P<a>{NUM})\s+per\s+(?P<b>100,000|10,000|1,000|100)\b"
    rf"(?:\s+(?:people\s+|women\s+|men\s+)?(?:over|in|a|each|per)\s+(?:\w+\s+){{0,3}}?"
    rf"(?:years?|months?|weeks?)(?:\s*\(\d{{4}}(?:[-–]\d{{4}})?\))?)?",
    re.I,
)
PERCENT = re.compile(
    rf"(?P<a>{NUM})\s*(?:%|percent\b|per cent\b)(?:\s+(?P<pp>percentage points?))?"
    rf"(?:\s+(?:(?:the|an?)\s+)?(?:(?P<up>{UP_WORDS})|(?P<down>{DOWN_WORDS}))\b)?",
    re.I,
)
RELATIVE_BEFORE = re.compile(
    r"(?:(?P<up>increased?|rose|raised|higher|greater)|(?P<down>decreased?|fell|reduced|lower))\s+by\s+$",
    re.I,
)
MULTIPLIER = re.compile(
    rf"(?P<a>{WNUM})(?:\s*|-)(?:times|fold|-fold)\b(?!\s+(?:a|per|each)\s+(?:day|week)|\s+daily)"
    r"|\b(?P<two>twice|double[ds]?|doubling)\b(?!\s+(?:a|per)\s+(?:day|week)|\s+daily|[- ](?:blind|dummy|check))"
    r"|\b(?P<three>triple[ds]?|tripling)\b|\b(?P<four>quadruple[ds]?)\b"
    r"|\b(?P<half>halve[ds]?|halving|half as (?:many|much|likely|common))\b"
    r"|\b(?:a|one)[- ](?P<frac>third|quarter|fifth|half)\s+(?P<fdir>more|higher|greater|fewer|less|lower)\b"
    r"|\bone and a half times\b(?P<onehalf>)",
    re.I,
)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
ANY_DIGITS = re.compile(DIGITS)
