"""The house rules that keep the layout livable: no import cycles, small modules, thin pages.

The import graph is built from the source (the AST), so an import inside a function counts as an
edge like any other. Imports under ``if TYPE_CHECKING:`` do not: they never run (every module
uses ``from __future__ import annotations``), so they cannot take part in an import-order
failure, and result types would otherwise have to be spelled as strings or protocols.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "evidence_dashboard"
MODULE_LIMIT = 400
PAGE_LIMIT = 120
#: Modules over the limit that another change is splitting; an entry must go once it fits.
OVERSIZE: dict[str, str] = {
    "content/blocks.py": "article blocks (issue 10, content helper)",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module and package of ``evidence_dashboard`` by dotted name."""
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for child in node.body for inner in ast.walk(child))
    return skipped


def _imported(node: ast.AST, package: str) -> Iterator[str]:
    """Dotted names an import statement reaches (``from a import b`` yields ``a.b`` and ``a``)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            module = ".".join([*base, node.module] if node.module else base)
        else:
            module = node.module or ""
        yield module
        yield from (f"{module}.{alias.name}" for alias in node.names)


@functools.cache
def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (at module level or inside functions)."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        skipped = _type_checking_nodes(tree)
        edges: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped or not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            targets = [t for t in _imported(node, package) if t.startswith("evidence_dashboard")]
            # ``from pkg import sub`` reaches the submodule; ``from pkg import name`` the package.
            exact = {t for t in targets if t in known}
            if isinstance(node, ast.ImportFrom):
                module = targets[0] if targets else ""
                subs = {t for t in exact if t != module}
                edges |= subs or ({module} & known.keys())
            else:
                edges |= exact
        graph[name] = edges - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = import_graph()
    # PooledResult.__str__ imports the report lazily; errors.ProblemList does the same.
    assert "evidence_dashboard.stats.report" in graph["evidence_dashboard.stats.pooling"]
    assert "evidence_dashboard.errors_display" in graph["evidence_dashboard.errors"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_over_the_limit() -> None:
    sizes = {p.relative_to(PACKAGE).as_posix(): _lines(p) for p in PACKAGE.rglob("*.py")}
    over = {name: n for name, n in sizes.items() if n > MODULE_LIMIT and name not in OVERSIZE}
    assert not over, f"modules over {MODULE_LIMIT} lines (split them): {over}"
    fitted = [name for name in OVERSIZE if sizes.get(name, 0) <= MODULE_LIMIT]
    assert not fitted, f"these fit now; remove them from OVERSIZE: {fitted}"


@pytest.mark.parametrize(
    "page_file",
    ["app.py", *sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("pages/*.py"))],
)
def test_pages_are_thin(page_file: str) -> None:
    message = f"{page_file} does the core's work: move it to views/"
    assert _lines(ROOT / page_file) <= PAGE_LIMIT, message


def test_no_type_ignore_outside_the_type_checked_files():
    """A ``type: ignore`` means something only where mypy runs (pyproject's [tool.mypy] files)."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    checked = [
        root / f
        for f in tomllib.loads((root / "pyproject.toml").read_text())["tool"]["mypy"]["files"]
    ]
    unchecked = [
        str(path.relative_to(root))
        for path in (root / "src").rglob("*.py")
        if not any(path == c or c in path.parents for c in checked)
        and "# type: ignore" in path.read_text(encoding="utf-8")
    ]
    assert unchecked == []
