"""The Streamlit side of the URL codec: read the view from the URL once, write it back once.

Widgets are keyed and their state lives in ``st.session_state``. The URL is read only when it
can hold news: the first run of a page in this session, an arrival from another page (a link
that carries a view) and a Back/Forward step. On every other rerun the widgets are the truth
and the URL is written from them, in one write, only when the view changed: one browser
history entry per user action. A page's last view is kept per session, so the sidebar links
carry it and leaving and returning keeps it.

Compare and Evidence share three filters (outcome, age group, drug; the same URL names on both).
The latest choice wins: a filter changed on one page, or asked for by a link, is carried by the
sidebar link to the other. A page that shows one outcome at a time (Compare) takes the shared
outcome only when it is exactly one; otherwise it keeps its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.ui.workspace import get_workspace
from evidence_dashboard.views.compare import CompareSpec
from evidence_dashboard.views.url import EMPTY, Decoded

S = TypeVar("S")
_VIEWS = "_url_views"  # page -> (spec, its query parameters)
_PAGE = "_url_page"  # the page the previous run drew
_ARRIVED = "_url_arrived"  # whether this run is the first on its page since another page
_SHARED = "_url_shared"  # parameters every page carries (the sidebar's article and audience)
_LOST_SAID = "_url_lost_uploads_said"
_STAGED = "_url_staged"  # the sidebar's parameters, waiting for the page's one URL write
_FILTERS = "_url_filters"  # shared filter (URL name) -> the latest values chosen or asked for
_LINKS = "_url_links"  # (draw, pages): the sidebar's page links in this run


class FilterPage(NamedTuple):
    """A page that shares filters: its name, the filters it shows one value of (never none), and
    the values its own URL leaves out (its defaults), which its links leave out too: a link that
    said them would be rewritten on arrival, one more history entry for nothing."""

    label: str
    single: frozenset[str] = frozenset()
    unsaid: Mapping[str, tuple[str, ...]] = {}


#: The filters Compare and Evidence share, by URL name (see views/url.py for the vocabulary).
SHARED_FILTERS = ("outcome", "age", "drug")
FILTER_PAGES = {
    "pages/2_Compare.py": FilterPage(
        "Compare", frozenset({"outcome"}), {"outcome": (CompareSpec.outcome_category,)}
    ),
    "pages/3_Evidence.py": FilterPage("Evidence"),
}


def current(names: Iterable[str]) -> dict[str, list[str]]:
    """The URL's values for these parameter names (repeated keys kept, in order)."""
    return {n: st.query_params.get_all(n) for n in names if n in st.query_params}


def note_page(page: str) -> None:
    """Record which page this run draws (called once per run by ``start_page``)."""
    st.session_state[_ARRIVED] = st.session_state.get(_PAGE) != page
    st.session_state[_PAGE] = page


def _history_step() -> bool:
    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "is_history_navigation", False))


def fragment_run() -> bool:
    """Whether this run reruns a fragment alone (``st.fragment``), not the whole page."""
    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "fragment_ids_this_run", None))


def url_has_news() -> bool:
    """Whether this run may bring a view in the URL: an arrival or a Back/Forward step.

    A fragment's own rerun never does: a widget in it changed, nothing else.
    """
    if fragment_run():
        return False
    return bool(st.session_state.get(_ARRIVED, True)) or _history_step()


def restore(
    page: str, names: Sequence[str], decode: Callable[[dict[str, list[str]]], Decoded[S]]
) -> tuple[S | None, tuple[str, ...]]:
    """The view the URL asks for, or ``None`` when the widgets already hold the view.

    Returns ``(spec, notices)``: a spec (to seed the widgets from) on a first visit, an
    arrival from another page or a Back/Forward step; ``None`` on an ordinary rerun.
    """
    saved = st.session_state.get(_VIEWS, {}).get(page)
    if saved is not None and not url_has_news():
        return None, ()
    decoded = decode(current(names))
    return decoded.spec, decoded.notices


def saved_spec(page: str) -> Any:
    """The page's last view in this session (``None`` before its first run)."""
    saved = st.session_state.get(_VIEWS, {}).get(page)
    return None if saved is None else saved[0]


def remember(page: str, spec: object, query: Mapping[str, list[str]], names: Sequence[str]) -> None:
    """Keep the page's view for this session and put it in the URL if it changed (one write).

    On a page that shares filters, a shared filter the user changed in this run, or that the
    URL asks for on an arrival other than through this session's own link, becomes the shared
    value. The sidebar links are redrawn if this run changed what they carry.
    """
    views = st.session_state.setdefault(_VIEWS, {})
    if page in FILTER_PAGES:
        _share_filters(page, query, views.get(page))
    views[page] = (spec, dict(query))
    write(query, names)
    if not fragment_run():
        _redraw_links()


def _share_filters(
    page: str, query: Mapping[str, list[str]], saved: tuple[object, dict] | None
) -> None:
    filters = st.session_state.setdefault(_FILTERS, {})
    if url_has_news():
        asked, carried = current(SHARED_FILTERS), link(page)
        for name, values in asked.items():
            if values != carried.get(name, []):  # a shared link or a Back step, not our link
                filters[name] = [v for v in values if v != EMPTY]
    elif saved is not None:
        for name in SHARED_FILTERS:
            if list(query.get(name, [])) != list(saved[1].get(name, [])):
                filters[name] = [v for v in query.get(name, []) if v != EMPTY]


def write(query: Mapping[str, list[str]], owned: Iterable[str]) -> None:
    """Set the ``owned`` parameters to ``query`` in one URL write, and only if anything changed.

    Parameters not owned by the caller are kept as they are; parameters another part of the
    page staged earlier in this run (the sidebar's) go in the same write.
    """
    before = {k: st.query_params.get_all(k) for k in st.query_params}
    after = dict(before)
    staged = st.session_state.pop(_STAGED, None)
    for part, names in ([staged] if staged else []) + [(query, set(owned))]:
        after = {k: v for k, v in after.items() if k not in names}
        after.update({k: list(v) for k, v in part.items() if v})
    if after != before:
        st.query_params.from_dict(after)


def share(query: Mapping[str, list[str]], owned: Iterable[str], defer: bool = False) -> None:
    """Parameters every page carries (article, audience): put in the URL and in page links.

    ``defer``: the page writes the URL itself later in this run (``remember``), so these go in
    that same write, one history entry for the whole view.
    """
    owned = set(owned)
    shared = {k: v for k, v in st.session_state.get(_SHARED, {}).items() if k not in owned}
    shared.update({k: list(v) for k, v in query.items() if v})
    st.session_state[_SHARED] = shared
    if defer:
        st.session_state[_STAGED] = (dict(query), owned)
    else:
        write(query, owned)


def link(page: str) -> dict[str, list[str]]:
    """The query parameters a link to ``page`` carries: its last view plus the shared ones.

    On a page that shares filters, the latest shared values replace the page's own: an empty
    one (any value) removes it, except where the page shows exactly one value.
    """
    saved = st.session_state.get(_VIEWS, {}).get(page)
    query = {**st.session_state.get(_SHARED, {}), **(saved[1] if saved else {})}
    sharing = FILTER_PAGES.get(page)
    if sharing is None:
        return query
    for name, values in st.session_state.get(_FILTERS, {}).items():
        if name in sharing.single:
            if len(values) == 1 and tuple(values) == sharing.unsaid.get(name):
                query.pop(name, None)
            elif len(values) == 1:
                query[name] = list(values)
        elif values:
            query[name] = list(values)
        else:
            query.pop(name, None)
    return query


def shared_filters_caption(page: str) -> str:
    """What the page's reader should know about the filters it shares (see the module text)."""
    other = next(p.label for key, p in FILTER_PAGES.items() if key != page)
    text = (
        f"Outcome, age group and drug are shared with the {other} page: your latest choice on "
        "either page is used on both."
    )
    for name in sorted(FILTER_PAGES[page].single):
        values = st.session_state.get(_FILTERS, {}).get(name, [])
        if len(values) > 1:
            text += (
                f" The {other} page's {name} filter holds {len(values)} values "
                f"({', '.join(values)}); this page shows one {name} at a time, so it keeps its own."
            )
    return text


def page_links(
    pages: Sequence[str], draw: Callable[[dict[str, dict[str, list[str]]]], None]
) -> None:
    """Draw the sidebar's page links now; :func:`remember` redraws them if the view changed.

    ``draw`` gets page to query parameters; it draws each link in its own place and redraws only
    the links whose parameters changed, so the links always carry this run's views and filters.
    """
    draw({page: link(page) for page in pages})
    st.session_state[_LINKS] = (draw, tuple(pages))


def _redraw_links() -> None:
    entry = st.session_state.get(_LINKS)
    if entry is not None:
        draw, pages = entry
        draw({page: link(page) for page in pages})


def seed(values: Mapping[str, Any]) -> None:
    """Put values into widget state (before the widgets are drawn in this run)."""
    for key, value in values.items():
        # Multiselects hold lists; a spec's tuples would come back as tuples.
        st.session_state[key] = list(value) if isinstance(value, tuple) else value


def resend(keys: Iterable[str]) -> None:
    """Write these widgets' current values back, so this run sends each with its value set.

    Streamlit sets a widget's value in the browser only in a run that wrote it; a widget the
    browser builds from any other run starts from the widget's own default, which may not be
    the value the page is using.
    """
    seed({key: st.session_state[key] for key in keys if key in st.session_state})


LOST_UPLOADS = (
    "If this link was made with uploaded files: uploads stay in the browser session that made "
    "them, so a reload or a new tab no longer has them and their rows, ids and articles are "
    "gone from this view. Upload the files again on the Your files page."
)


def show_notices(notices: Iterable[str]) -> None:
    """One visible notice per value the page dropped or reinterpreted.

    When this session has no uploads, a dropped value may be uploaded content a reload lost:
    that is said too, rather than showing the shipped content as if nothing happened.
    """
    shown = list(dict.fromkeys(notices))
    for notice in shown:
        st.warning(escape_markdown(notice), icon=":material/link_off:")
    ignored = [n for n in shown if "ignored" in n]
    if ignored and not get_workspace().uploads and not st.session_state.get(_LOST_SAID):
        st.session_state[_LOST_SAID] = True  # once per session is enough
        st.info(LOST_UPLOADS, icon=":material/cloud_off:")
