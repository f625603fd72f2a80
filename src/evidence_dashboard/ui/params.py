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


def list_param(name: str, allowed: Sequence[str]) -> list[str]:
    """A comma-separated query parameter, keeping only allowed values, in the allowed order."""
    raw = st.query_params.get(name)
    wanted = set(raw.split(",")) if isinstance(raw, str) and raw else set()
    return [a for a in allowed if a in wanted]


def set_list_param(name: str, values: Sequence[str]) -> None:
    """Write a list to the URL (removing the parameter when the list is empty)."""
    if values:
        st.query_params[name] = ",".join(values)
    elif name in st.query_params:
        del st.query_params[name]
