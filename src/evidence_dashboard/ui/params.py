"""URL query parameters as plain strings, checked against an allowlist."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def choice_param(name: str, allowed: Sequence[str], default: str) -> str:
    """The query parameter's value when it is allowed, else the default; written back to the URL."""
    value = st.query_params.get(name)
    chosen = value if isinstance(value, str) and value in allowed else default
    st.query_params[name] = chosen
    return chosen
