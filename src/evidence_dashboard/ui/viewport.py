"""Whether the browser window is narrow (a phone), as the page itself tells the server.

A chart with a phone layout (the stacked forest plot) is then sent in one layout, not in two with
CSS showing one: each plot sent is drawn by plotly on every rerun, hidden or not.

The page reports a change only (``matchMedia``, so turning a phone or narrowing a window counts
too). A wide window never reports, so it costs nothing; a narrow one costs one rerun on its first
visit, drawn first in the wide layout. The reporter draws nothing (``PAGE_STYLE`` hides its
empty slot) and sends no content.
"""

from __future__ import annotations

import streamlit as st

#: The width at or below which a page shows its phone layout (the stacked forest plot).
NARROW = "(max-width: 600px)"
KEY = "page-viewport"
_KNOWN = "_viewport_narrow"  # what the page last reported, as the server knows it

_JS = """
export default function(component) {
  const { setStateValue, data } = component;
  const query = window.matchMedia(data.query);
  let known = data.narrow;  // what the server knows; this page may outlive several runs
  const report = () => {
    if (query.matches !== known) { known = query.matches; setStateValue('narrow', known); }
  };
  report();
  query.addEventListener('change', report);
  return () => query.removeEventListener('change', report);
}
"""
_reporter = st.components.v2.component("evidence_dashboard_viewport", js=_JS)


def _keep() -> None:
    """A change was reported: the rerun it starts reads it."""


def is_narrow() -> bool:
    """Whether the window is as narrow as a phone's (``NARROW``); ``False`` until it says so.

    Call it on every run of a page that asks: a widget not drawn in a run forgets its state.
    """
    known = bool(st.session_state.get(_KNOWN, False))
    reported = _reporter(
        key=KEY,
        data={"query": NARROW, "narrow": known},
        default={"narrow": known},
        on_narrow_change=_keep,
    )
    narrow = bool(getattr(reported, "narrow", known))
    st.session_state[_KNOWN] = narrow
    return narrow
