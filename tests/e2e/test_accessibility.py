"""axe-core on every page and in presentation mode: no serious or critical violation.

axe-core comes from the npm registry (``.ci/run`` installs it into ``tests/e2e/.axe``; set
``AXE_JS`` to use another copy) and is injected into the page by the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import open_page

pytestmark = pytest.mark.e2e

AXE = Path(
    os.environ.get(
        "AXE_JS", Path(__file__).parent / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
    )
)
PAGES = [
    "/",
    "/Article?audience=clinician",
    "/Article?audience=patient",
    "/Article?audience=student&present=1&slide=8",
    "/Article?audience=patient&present=1&claim=falls",  # an icon array beside the text
    "/Compare",
    "/Evidence",
    "/Your_files",
]


@pytest.fixture(scope="module")
def axe_js() -> Path:
    if AXE.is_file():
        return AXE
    if os.environ.get("CI"):
        pytest.fail(f"{AXE} is missing in CI: .ci/run installs axe-core from npm")
    pytest.skip(f"{AXE} is missing: npm install axe-core@4 --prefix tests/e2e/.axe")


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_violation(page, app_url, axe_js, path):
    open_page(page, app_url + path)
    # Lazily loaded widgets first show a skeleton; check the page as the reader gets it.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')")
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3)"
        ".map(n => n.target.join(' '))})))"
    )
    assert result == [], f"{path}: {result}"
