"""How many entries of the real-exports fixture match the manuals' form exactly, per style.

    PYTHONPATH=src python benchmarks/reference_styles.py [--processors]

Prints "style: matched/total" for AMA and Vancouver from the built-in formatter; with
``--processors``, also for the CSL processors (citeproc-py, and pandoc's citeproc when
pypandoc-binary is installed) rendering the shipped AMA and NLM CSL styles from the same
entries, so the choice of processor rests on a measured figure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "bibliography" / "fixtures"
STYLE_OF = {"AMA": "ama", "NLM": "vancouver"}
CSL_OF = {"ama": "american-medical-association", "vancouver": "nlm-citation-sequence"}


def expected() -> dict[tuple[str, str], str]:
    """``(key, style) -> text`` from the fixture's expected renderings."""
    out: dict[tuple[str, str], str] = {}
    key = ""
    for line in (FIXTURES / "real-exports.expected.txt").read_text("utf-8").splitlines():
        if line.startswith("[") and line.endswith("]"):
            key = line[1:-1]
        elif line[:4] in {"AMA:", "NLM:"}:
            out[(key, STYLE_OF[line[:3]])] = line[5:]
    return out


def _score(render, wanted: dict[tuple[str, str], str], verbose: bool) -> dict[str, int]:
    scores = {"ama": 0, "vancouver": 0}
    for (key, style), text in sorted(wanted.items()):
        got = render(key, style)
        if got == text:
            scores[style] += 1
        elif verbose:
            print(f"  {style} {key}:\n    want {text}\n    got  {got}", file=sys.stderr)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processors", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    from evidence_dashboard.bibliography import format_reference, load_bibtex

    load = load_bibtex(FIXTURES / "real-exports.bib", "real-exports.bib")
    refs = load.references
    wanted = expected()
    total = len(refs)

    def builtin(key: str, style: str) -> str:
        return format_reference(refs[key], style).text

    scores = _score(builtin, wanted, args.verbose)
    print(f"built-in: AMA {scores['ama']}/{total}, Vancouver {scores['vancouver']}/{total}")
    if not args.processors:
        return
    from evidence_dashboard.bibliography import csl

    for processor in csl.PROCESSORS:
        try:
            rendered = {
                style: csl.measure_processor(processor, refs.values(), CSL_OF[style])
                for style in CSL_OF
            }
        except ImportError as error:
            print(f"{processor}: not installed ({error})")
            continue

        def render(key: str, style: str, rendered=rendered) -> str:
            return rendered[style].get(key, "")

        scores = _score(render, wanted, args.verbose)
        print(f"{processor}: AMA {scores['ama']}/{total}, Vancouver {scores['vancouver']}/{total}")


if __name__ == "__main__":
    main()
