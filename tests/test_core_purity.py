"""The core never imports streamlit; only ui/ and the pages may."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import evidence_dashboard


def test_core_modules_do_not_import_streamlit():
    core = [
        m.name
        for m in pkgutil.walk_packages(evidence_dashboard.__path__, "evidence_dashboard.")
        if not m.name.startswith("evidence_dashboard.ui") and not m.name.endswith("__main__")
    ]
    assert len(core) > 5
    code = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        "print('streamlit' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
