"""One expected-output test per failure class and per style, written from the manuals' forms.

AMA: AMA Manual of Style, 11th edition (chapter 3, References). Vancouver/NLM: Citing Medicine,
2nd edition (NLM). Each case pairs a BibTeX snippet, written the way real exporters write it,
with its exact plain-text rendering in both styles.
"""

from __future__ import annotations

import pytest

from evidence_dashboard.bibliography import format_reference, parse_bibtex
from evidence_dashboard.bibliography.latex import decode_latex
from evidence_dashboard.errors import Severity

# (bib snippet, AMA 11, Citing Medicine)
CASES: dict[str, tuple[str, str, str]] = {
    # 1. An author list wrapped by JabRef: newline + indentation (and a tab) around "and",
    #    accents written as LaTeX escapes next to the break.
    "wrapped-and": (
        """@article{Glass2005,
  author  = {Glass, Jennifer and
             Lanct{\\^o}t, Krista L. and
\t     Herrmann, Nathan and Sproule, Beth A.
             and Busto, Usoa E.},
  title   = {Sedative hypnotics in older people with insomnia: meta-analysis of risks and
             benefits},
  journal = {BMJ},
  year    = {2005},
  volume  = {331},
  number  = {7526},
  pages   = {1169},
  doi     = {10.1136/bmj.38623.768588.47},
}""",
        "Glass J, Lanctôt KL, Herrmann N, Sproule BA, Busto UE. Sedative hypnotics in older "
        "people with insomnia: meta-analysis of risks and benefits. BMJ. 2005;331(7526):1169. "
        "doi:10.1136/bmj.38623.768588.47",
        "Glass J, Lanctôt KL, Herrmann N, Sproule BA, Busto UE. Sedative hypnotics in older "
        "people with insomnia: meta-analysis of risks and benefits. BMJ. 2005;331(7526):1169. "
        "doi: 10.1136/bmj.38623.768588.47",
    ),
    # 1b. A brace-protected {and} inside a group author does not split it.
    "protected-and": (
        """@article{Sign2019,
  author  = {{Scottish Intercollegiate Guidelines Network {and} Healthcare Improvement Scotland}
             and Smith, John},
  title   = {Management of falls},
  journal = {BMJ},
  year    = {2019},
  volume  = {364},
  pages   = {l112},
}""",
        "Scottish Intercollegiate Guidelines Network and Healthcare Improvement Scotland, "
        "Smith J. Management of falls. BMJ. 2019;364:l112.",
        "Scottish Intercollegiate Guidelines Network and Healthcare Improvement Scotland, "
        "Smith J. Management of falls. BMJ. 2019;364:l112.",
    ),
    # 2. Suffixes in BibTeX's "Last, Jr., First" form, the "Last, First, Jr." order some
    #    exporters write, and "First Last III": AMA 3.6.1 and Citing Medicine both give
    #    "Last FM Jr" with no punctuation.
    "suffixes": (
        """@article{Freedman2016,
  author  = {Freedman, Jr., Stephen B. and Reynolds, David, Sr. and John C. Dunn III},
  title   = {Ondansetron and the risk of cardiac arrhythmias},
  journal = {Journal of Clinical Psychopharmacology},
  year    = {2016},
  volume  = {36},
  number  = {5},
  pages   = {421--428},
}""",
        "Freedman SB Jr, Reynolds D Sr, Dunn JC III. Ondansetron and the risk of cardiac "
        "arrhythmias. J Clin Psychopharmacol. 2016;36(5):421-428.",
        "Freedman SB Jr, Reynolds D Sr, Dunn JC III. Ondansetron and the risk of cardiac "
        "arrhythmias. J Clin Psychopharmacol. 2016;36(5):421-8.",
    ),
    # 3. Journal titles from the shipped NLM list: a leading "The", a Web of Science title in
    #    capitals, "&" for "and".
    "journal-the": (
        """@article{Gray2016,
  author  = {Gray, Shelly L. and Anderson, Melissa L.},
  title   = {Benzodiazepine use and risk of incident dementia or cognitive decline},
  journal = {The New England Journal of Medicine},
  year    = {2016},
  volume  = {352},
  pages   = {i90},
}""",
        "Gray SL, Anderson ML. Benzodiazepine use and risk of incident dementia or cognitive "
        "decline. N Engl J Med. 2016;352:i90.",
        "Gray SL, Anderson ML. Benzodiazepine use and risk of incident dementia or cognitive "
        "decline. N Engl J Med. 2016;352:i90.",
    ),
    "journal-capitals": (
        """@article{ WOS:000272095900012,
Author = {Woolcott, John C. and Richardson, Kathryn J.},
Title = {Meta-analysis of the impact of 9 medication classes on falls in elderly persons},
Journal = {STATISTICS IN MEDICINE},
Year = {2009},
Volume = {28},
Number = {21},
Pages = {1952-1960},
}""",
        "Woolcott JC, Richardson KJ. Meta-analysis of the impact of 9 medication classes on "
        "falls in elderly persons. Stat Med. 2009;28(21):1952-1960.",
        "Woolcott JC, Richardson KJ. Meta-analysis of the impact of 9 medication classes on "
        "falls in elderly persons. Stat Med. 2009;28(21):1952-60.",
    ),
    "journal-ampersand": (
        """@article{Lee2018,
  author  = {Lee, Min},
  title   = {Z-drugs in older adults},
  journal = {Drugs \\& Aging},
  year    = {2018},
  volume  = {35},
  pages   = {1--10},
}""",
        "Lee M. Z-drugs in older adults. Drugs Aging. 2018;35:1-10.",
        "Lee M. Z-drugs in older adults. Drugs Aging. 2018;35:1-10.",
    ),
    # A shortjournal field wins; a capitalised title not in the list prints in title case.
    "journal-short-and-unknown": (
        """@article{Page2021,
  author       = {Page, Matthew J.},
  title        = {Investigating risk of bias},
  journaltitle = {Research Synthesis Methods},
  shortjournal = {Res Synth Methods},
  date         = {2021},
  volume       = {12},
  pages        = {1--2},
}
@article{Obscure2020,
  Author  = {Doe, Jane},
  Title   = {A local audit},
  Journal = {JOURNAL OF OBSCURE GERIATRIC AUDITS AND REPORTS},
  Year    = {2020},
  Volume  = {3},
  Pages   = {5},
}""",
        "Page MJ. Investigating risk of bias. Res Synth Methods. 2021;12:1-2.\n"
        "Doe J. A local audit. Journal of Obscure Geriatric Audits and Reports. 2020;3:5.",
        "Page MJ. Investigating risk of bias. Res Synth Methods. 2021;12:1-2.\n"
        "Doe J. A local audit. Journal of Obscure Geriatric Audits and Reports. 2020;3:5.",
    ),
    # 4. A regulatory web page (FDA Drug Safety Communication): AMA 3.15.1 / Citing Medicine
    #    chapter 25 (part of a website), with the access date from urldate.
    "regulatory-web": (
        """@online{FDA2020,
  author       = {{US Food and Drug Administration}},
  title        = {FDA requiring Boxed Warning updated to improve safe use of benzodiazepine
                  drug class},
  organization = {FDA Drug Safety Communication},
  address      = {Silver Spring (MD)},
  date         = {2020-09-23},
  urldate      = {2024-01-15},
  url          = {https://www.fda.gov/drugs/drug-safety-and-availability/fda-requiring-boxed-warning-updated-improve-safe-use-benzodiazepine-drug-class},
}""",
        "US Food and Drug Administration. FDA requiring Boxed Warning updated to improve safe "
        "use of benzodiazepine drug class. FDA Drug Safety Communication. Published September "
        "23, 2020. Accessed January 15, 2024. https://www.fda.gov/drugs/drug-safety-and-"
        "availability/fda-requiring-boxed-warning-updated-improve-safe-use-benzodiazepine-drug-"
        "class",
        "US Food and Drug Administration. FDA requiring Boxed Warning updated to improve safe "
        "use of benzodiazepine drug class [Internet]. Silver Spring (MD): FDA Drug Safety "
        "Communication; 2020 Sep 23 [cited 2024 Jan 15]. Available from: https://www.fda.gov/"
        "drugs/drug-safety-and-availability/fda-requiring-boxed-warning-updated-improve-safe-"
        "use-benzodiazepine-drug-class",
    ),
    # A drug label on DailyMed written as @misc with howpublished and year/month/day.
    "label-web": (
        """@misc{Valium2024,
  author       = {{Roche Laboratories Inc.}},
  title        = {Valium (diazepam) tablets [prescribing information]},
  howpublished = {DailyMed},
  year         = {2024},
  month        = oct,
  day          = {31},
  urldate      = {2024-12-02},
  url          = {https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=554baee5-b171-4452-a50a-41a0946f956c},
}""",
        "Roche Laboratories Inc. Valium (diazepam) tablets [prescribing information]. DailyMed. "
        "Published October 31, 2024. Accessed December 2, 2024. "
        "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=554baee5-b171-4452-a50a-"
        "41a0946f956c",
        "Roche Laboratories Inc. Valium (diazepam) tablets [prescribing information] [Internet]. "
        "DailyMed; 2024 Oct 31 [cited 2024 Dec 2]. Available from: "
        "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=554baee5-b171-4452-a50a-"
        "41a0946f956c",
    ),
    # 5. A chapter cited by chapter number (AMA 3.13.x "chap 4"; Citing Medicine "Chapter 4"),
    #    an edition already written as an ordinal.
    "chapter-number": (
        """@incollection{Kone2008,
  author    = {Kone, Bruce C.},
  title     = {Metabolic basis of solute transport},
  editor    = {Brenner, Barry M. and Rector, Floyd C.},
  booktitle = {Brenner and Rector's The Kidney},
  edition   = {8th},
  publisher = {Saunders Elsevier},
  address   = {Philadelphia},
  year      = {2008},
  chapter   = {4},
}""",
        "Kone BC. Metabolic basis of solute transport. In: Brenner BM, Rector FC, eds. Brenner "
        "and Rector's The Kidney. 8th ed. Saunders Elsevier; 2008:chap 4.",
        "Kone BC. Metabolic basis of solute transport. In: Brenner BM, Rector FC, editors. "
        "Brenner and Rector's The Kidney. 8th ed. Philadelphia: Saunders Elsevier; 2008. "
        "Chapter 4.",
    ),
    # An online edited book whose edition says what it is ("Version 6.4"): editors once, in
    # the author position; Vancouver adds [Internet], [cited] and Available from.
    "online-book-version": (
        """@book{Handbook2023,
  editor    = {Higgins, Julian P. T. and Thomas, James and Chandler, Jacqueline and
               Cumpston, Miranda and Li, Tianjing and Page, Matthew J. and Welch, Vivian A.},
  title     = {Cochrane Handbook for Systematic Reviews of Interventions},
  edition   = {Version 6.4},
  publisher = {Cochrane},
  year      = {2023},
  url       = {https://www.training.cochrane.org/handbook},
  urldate   = {2024-01-15},
}""",
        "Higgins JPT, Thomas J, Chandler J, et al, eds. Cochrane Handbook for Systematic "
        "Reviews of Interventions. Version 6.4. Cochrane; 2023. Accessed January 15, 2024. "
        "https://www.training.cochrane.org/handbook",
        "Higgins JPT, Thomas J, Chandler J, Cumpston M, Li T, Page MJ, et al., editors. "
        "Cochrane Handbook for Systematic Reviews of Interventions [Internet]. Version 6.4. "
        "Cochrane; 2023 [cited 2024 Jan 15]. Available from: "
        "https://www.training.cochrane.org/handbook",
    ),
    # 6. Accents, dotless i, sharp s, em dash and TeX quotes from real exports.
    "latex-quotes": (
        """@article{Ostergaard2019,
  author  = {{\\O}stergaard, S{\\o}ren and Gonz{\\'a}lez, Mar{\\'\\i}a and
             Dvo{\\v{r}}{\\'a}k, Anton{\\'\\i}n and Stra{\\ss}er, J{\\"u}rgen},
  title   = {\\textquotedblleft Z-drugs\\textquotedblright{} and ``hangover'' effects in
             na{\\"\\i}ve users---a {Monte Carlo} study of Parkinson\\textquoteright s disease},
  journal = {Journal of Clinical Psychopharmacology},
  year    = {2019},
  volume  = {39},
  number  = {2},
  pages   = {123--129},
}""",
        "Østergaard S, González M, Dvořák A, Straßer J. “Z-drugs” and “hangover” effects in "
        "naïve users—a Monte Carlo study of Parkinson’s disease. J Clin Psychopharmacol. "
        "2019;39(2):123-129.",
        "Østergaard S, González M, Dvořák A, Straßer J. “Z-drugs” and “hangover” effects in "
        "naïve users—a Monte Carlo study of Parkinson’s disease. J Clin Psychopharmacol. "
        "2019;39(2):123-9.",
    ),
    # Issue 17: what is missing is said, never left as a gap ("Rickels, et al.").
    "missing-fields": (
        """@article{Rickels1983,
  author  = {Rickels and others},
  title   = {Long-term diazepam therapy and clinical outcome},
  journal = {JAMA},
  volume  = {250},
  number  = {6},
  pages   = {767--771},
}""",
        "Rickels [initials unknown], et al. Long-term diazepam therapy and clinical outcome. "
        "JAMA. [date unknown];250(6):767-771.",
        "Rickels [initials unknown], et al. Long-term diazepam therapy and clinical outcome. "
        "JAMA. [date unknown];250(6):767-71.",
    ),
}


def _render(snippet: str, style: str) -> str:
    load = parse_bibtex(snippet, "case.bib")
    assert not load.errors, load.errors
    return "\n".join(format_reference(ref, style).text for ref in load.references.values())


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("style", ["ama", "vancouver"])
def test_manual_form(case: str, style: str) -> None:
    snippet, ama, vancouver = CASES[case]
    assert _render(snippet, style) == (ama if style == "ama" else vancouver)


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\textquotedblleft x\textquotedblright", "“x”"),
        (r"\textquoteleft x\textquoteright", "‘x’"),
        ("``x''", "“x”"),
        (r"\'{\i}\'\i \^{\j}", "ííĵ"),
        (r"\textendash\ \textemdash", "– —"),
        (r"{\aa}{\AE}\l\L{\ss}", "åÆłŁß"),
        (r"\textit{in vitro} and \textsc{who}", "in vitro and who"),
    ],
)
def test_latex_escapes_become_characters(latex: str, text: str) -> None:
    decoded = decode_latex(latex)
    assert decoded == text
    assert "\\" not in decoded and "{" not in decoded


def test_url_without_access_date_is_a_located_warning() -> None:
    load = parse_bibtex(
        "@comment{x}\n@online{w,\n  title = {Page},\n  url = {https://example.org/a}\n}\n",
        "web.bib",
        gaps=True,
    )
    warnings = [p for p in load.problems if p.column == "urldate"]
    assert len(warnings) == 1
    assert warnings[0].severity == Severity.WARNING
    assert warnings[0].line == 2
    assert "urldate" in warnings[0].message and warnings[0].hint


def test_missing_author_year_and_initials_are_located_warnings() -> None:
    snippet = (
        CASES["missing-fields"][0]
        + "\n@misc{Goa,\n  title = {Buspirone},\n  doi = {10.2165/00003495-198632020-00002},\n}\n"
    )
    load = parse_bibtex(snippet, "gaps.bib", gaps=True)
    located = {(p.item, p.line, p.column) for p in load.problems}
    assert ("Rickels1983", 1, "author") in located
    assert ("Rickels1983", 1, "year") in located
    assert ("Goa", 9, "author") in located
    assert all(p.severity == Severity.WARNING for p in load.problems)
