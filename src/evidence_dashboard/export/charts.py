"""A chart as a file: PNG or SVG (kaleido with the system Chromium), or standalone HTML.

HTML embeds plotly.js so the file works offline.
"""

from __future__ import annotations

import os
import re
import shutil

import plotly.graph_objects as go

EXPORT_WIDTH = 1200


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def chromium_executable() -> str | None:
    """The Chromium-based browser kaleido will use: ``$BROWSER_PATH``, else one on ``PATH``."""
    configured = os.environ.get("BROWSER_PATH", "").strip()
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def image_export_available() -> bool:
    """Whether PNG/SVG export can run: kaleido needs a Chromium-based browser on this machine."""
    return chromium_executable() is not None


#: How many times an image is drawn before kaleido's own failure is raised.
IMAGE_ATTEMPTS = 3


def figure_image(figure: go.Figure, fmt: str) -> bytes:
    """PNG or SVG bytes of a figure (kaleido, system Chromium).

    kaleido drives a fresh browser tab per image, and on a busy machine it sometimes renders
    before the tab's own script has loaded (``ReferenceError: kaleido_scopes is not defined``,
    seen in CI). Such a failure of kaleido itself is tried again, up to ``IMAGE_ATTEMPTS``
    times; any other error is raised at once.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be 'png' or 'svg'. Got {fmt!r} instead.")
    height = int(figure.layout.height or 500)
    attempt = 1
    while True:
        try:
            return figure.to_image(
                format=fmt, width=EXPORT_WIDTH, height=height, scale=2 if fmt == "png" else 1
            )
        except Exception as exc:
            if attempt >= IMAGE_ATTEMPTS or not type(exc).__module__.startswith("kaleido"):
                raise
            attempt += 1


def figure_html(figure: go.Figure, title: str) -> bytes:
    """A standalone HTML file with plotly.js embedded (works with no network)."""
    html = figure.to_html(full_html=True, include_plotlyjs=True, config={"displaylogo": False})
    safe_title = re.sub(r"[<>&\"']", "", title)[:120]
    return html.replace("<head>", f"<head><title>{safe_title}</title>", 1).encode("utf-8")
