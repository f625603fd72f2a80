"""Where the shipped content and the Streamlit app are: the source checkout or the package.

A source checkout (``git clone`` + ``pip install -e .``) keeps ``data/``, ``app.py`` and
``pages/`` at the top of the repository, where they are edited. A built wheel carries copies of
them inside the package (``evidence_dashboard/_content`` and ``evidence_dashboard/_app``, see
``[tool.hatch.build.targets.wheel.force-include]`` in ``pyproject.toml``), so an installed tool
needs no repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGED_CONTENT = "_content"
PACKAGED_APP = "_app"


def source_checkout() -> Path | None:
    """The repository root when this package is imported from its ``src/`` folder, else None.

    Examples
    --------
    >>> root = source_checkout()
    >>> root is None or (root / "pyproject.toml").is_file()
    True
    """
    package = Path(__file__).resolve().parent
    root = package.parents[1]
    if package == root / "src" / "evidence_dashboard" and (root / "pyproject.toml").is_file():
        return root
    return None


def _packaged(name: str) -> Path:
    # A wheel installs as plain files, so the Traversable is a real folder on disk.
    return Path(str(resources.files("evidence_dashboard") / name))


def shipped_content_dir() -> Path:
    """The shipped content folder: the checkout's ``data/``, else the packaged copy."""
    root = source_checkout()
    if root is not None and (root / "data").is_dir():
        return root / "data"
    return _packaged(PACKAGED_CONTENT)


def app_dir() -> Path:
    """The folder holding the Streamlit entry ``app.py`` and its ``pages/``.

    The checkout's own files when running from one (``streamlit run app.py`` edits show up),
    else the copy inside the installed package.
    """
    root = source_checkout()
    if root is not None and (root / "app.py").is_file():
        return root
    return _packaged(PACKAGED_APP)
