"""Every notebook under notebooks/ runs top to bottom, and is committed without outputs.

The notebooks run in a real ipykernel kernel named ``python3`` whose kernelspec is written for
this interpreter (the venv's python), so a kernelspec elsewhere on the machine, or the venv's
own ``kernel.json`` that just says ``python``, cannot pick another interpreter. Each notebook
runs in a temporary folder, so whatever it writes (``output/``) stays out of the repository.

Each notebook runs twice: as the machine is, and with no Chromium, on a PATH without the
folders that hold a Chromium-based browser and with ``BROWSER_PATH`` unset. The second run is
honest because the notebook asks :func:`evidence_dashboard.export.image_export_available`, the
check the app uses, and the test asserts that it answers no there; the export cell must then
skip its PNG files and say so, while the first run (with Chromium, as in CI) must write them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from evidence_dashboard.export import image_export_available

PROJECT_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").rglob("*.ipynb"))
NOTEBOOKS = [p for p in NOTEBOOKS if ".ipynb_checkpoints" not in p.parts]
CELL_TIMEOUT = 120
# The executable names kaleido's browser finder (choreographer) looks up on the PATH.
BROWSER_NAMES = (
    "chromium", "chromium-browser", "Chromium", "chrome", "google-chrome",
    "google-chrome-stable", "msedge", "microsoft-edge", "brave", "brave-browser", "vivaldi",
)  # fmt: skip
SKIPPED = "Skipped the PNG files"


def _id(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT))


def test_there_is_a_notebook():
    assert NOTEBOOKS, "notebooks/ must hold at least one .ipynb"


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jupyter data folder whose ``python3`` kernel runs this interpreter."""
    from ipykernel.kernelspec import write_kernel_spec

    root = tmp_path_factory.mktemp("jupyter")
    spec = write_kernel_spec(root / "kernels" / "python3")
    argv = json.loads((Path(spec) / "kernel.json").read_text(encoding="utf-8"))["argv"]
    assert argv[0] == sys.executable
    return root


def _path_without_browsers() -> str:
    """The PATH less every folder that holds a Chromium-based browser."""
    kept = [
        folder
        for folder in os.environ.get("PATH", "").split(os.pathsep)
        if folder and not any(shutil.which(name, path=folder) for name in BROWSER_NAMES)
    ]
    return os.pathsep.join(kept)


@pytest.mark.parametrize("chromium", [True, False], ids=["with-chromium", "without-chromium"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_runs_without_errors(
    path: Path,
    chromium: bool,
    kernel_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_path))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    if chromium:
        if not image_export_available():
            if os.environ.get("CI"):
                pytest.fail(
                    "no Chromium-based browser in CI: install the Debian 'chromium' package"
                )
            pytest.skip("no Chromium-based browser on this machine")
    else:
        monkeypatch.delenv("BROWSER_PATH", raising=False)
        monkeypatch.setenv("PATH", _path_without_browsers())
        assert not image_export_available(), "the no-Chromium PATH still finds a browser"
    notebook = nbformat.read(path, as_version=4)
    cells = len(notebook.cells)
    notebook.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    started = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{_id(path)} failed:\n{exc}")
    elapsed = time.perf_counter() - started
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors, errors
    interpreter = notebook.cells[cells].outputs[0]["text"].strip()
    assert interpreter == sys.executable, "the kernel must run the venv's python"
    printed = "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )
    written = sorted(p.name for p in tmp_path.rglob("*.png"))
    if chromium:
        assert SKIPPED not in printed
        uses_png = ".png" in "".join(c.source for c in notebook.cells)
        assert written or not uses_png, (
            "the export cell wrote no PNG file although Chromium is here"
        )
    else:
        assert not written, f"PNG files written without a browser: {written}"
        if "image_export_available" in "".join(c.source for c in notebook.cells):
            assert SKIPPED in printed, "the export cell must say what it skipped"
    print(f"{_id(path)} ({'with' if chromium else 'without'} Chromium): {elapsed:.1f} s")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_is_committed_without_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    dirty = [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"{_id(path)}: clear the outputs and execution counts of cells {dirty}"
