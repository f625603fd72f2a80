"""Docs that cannot drift: the README's module map and the package's API table match the code."""

from __future__ import annotations

import re
from pathlib import Path

import evidence_dashboard

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "evidence_dashboard"


def _readme_map() -> set[str]:
    """Names in the README map's ``src/evidence_dashboard/`` block (``x/`` for a package)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    names: set[str] = set()
    inside = False
    for line in block.splitlines():
        if line.startswith("src/evidence_dashboard/"):
            inside = True
            continue
        if inside and line and not line.startswith(" "):
            break
        # An entry is indented two spaces; deeper indents continue the previous description.
        if inside and re.match(r"^  \S", line):
            first = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
            names.update(n.strip() for n in first.split(","))
    return names


def _package_entries() -> set[str]:
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    packages = {f"{p.name}/" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    return modules | packages


def test_readme_module_map_names_every_top_level_module_and_nothing_else() -> None:
    named, real = _readme_map(), _package_entries()
    assert named, "README.md lost its module map"
    assert not real - named, f"README's module map must name {sorted(real - named)}"
    assert not named - real, f"README's module map names what does not exist: {named - real}"


def test_api_table_in_the_package_docstring_matches_all() -> None:
    doc = evidence_dashboard.__doc__ or ""
    table = doc.split("=" * 18, 1)[1].rsplit("=" * 18, 1)[0]
    listed = re.findall(r"^``(\w+)``", table, flags=re.M)
    assert sorted(listed) == sorted(evidence_dashboard.__all__)
    assert len(listed) == len(set(listed)), "a name is listed twice"
    for name in evidence_dashboard.__all__:
        assert callable(getattr(evidence_dashboard, name)), name
