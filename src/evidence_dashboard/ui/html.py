"""Show HTML only when it was built by the escaping helpers."""

from __future__ import annotations

from typing import Any

import streamlit as st

from evidence_dashboard.safe_html import SafeHtml


def show_html(html: SafeHtml, container: Any = st) -> None:
    """Render escaped HTML; anything that is not ``SafeHtml`` is refused and shown as text."""
    if not isinstance(html, SafeHtml):
        container.text(str(html))
        return
    container.markdown(html, unsafe_allow_html=True)
