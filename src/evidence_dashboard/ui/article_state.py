"""The Article page's view in the URL: style, presentation mode, slide and open claim card.

Read through the one codec (``views.article_spec`` with ``ui.params.restore``) when the URL
can hold news, kept in session state between reruns, and written back in one URL write per
user action (``ui.params.remember``, together with the sidebar's article and audience).
"""

from __future__ import annotations

import streamlit as st

from evidence_dashboard.bibliography import STYLES
from evidence_dashboard.content.articles import Article
from evidence_dashboard.ui import params
from evidence_dashboard.views.article_spec import PARAMS, ArticleSpec, spec_from_query
from evidence_dashboard.views.url import names

#: Spec field -> the session-state key that holds it between URL reads.
STATE = {
    "style": "style_select",
    "present": "article_present",
    "slide": "article_slide",
    "claim": "article_claim",
}


def card_key(claim_id: str) -> str:
    """The widget key of a claim's evidence card (also its CSS class, ``st-key-card-…``)."""
    return f"card-{claim_id}"


def page_spec(page: str, article: Article) -> ArticleSpec:
    """The page's spec: from the URL on an arrival or Back/Forward, else from session state.

    Notices for every value of the URL not used are shown here; the URL is written once.
    """
    claim_ids = [str(c.claim_id) for c in article.claims]
    seeded, notices = params.restore(
        page, names(PARAMS), lambda q: spec_from_query(q, list(STYLES), claim_ids)
    )
    if seeded is None:
        base = params.saved_spec(page) or ArticleSpec()
        spec = ArticleSpec(
            **{f: st.session_state.get(k, getattr(base, f)) for f, k in STATE.items()}
        )
    else:
        spec = seeded
        # The link's card is the open one: a copied link or a Back step reopens just that card.
        for claim_id in claim_ids:
            st.session_state[card_key(claim_id)] = claim_id == spec.claim
    if spec.claim not in claim_ids:  # another article chosen in the sidebar
        spec = ArticleSpec(spec.style, spec.present, spec.slide, "")
    params.seed({key: getattr(spec, field) for field, key in STATE.items()})
    params.show_notices(notices)
    params.remember(page, spec, spec.to_query(), names(PARAMS))
    return spec


BASELINE = "presenter_baseline"  # the number input's key
_KEPT = "presenter_baseline_kept"


def kept_baseline() -> float | None:
    """The presenter's baseline, kept while the deck hides its input (Streamlit drops the state
    of a widget not drawn in a run, and the slides must keep the presenter's mark)."""
    if BASELINE in st.session_state:
        st.session_state[_KEPT] = st.session_state[BASELINE]
    elif st.session_state.get(_KEPT) is not None:
        st.session_state[BASELINE] = st.session_state[_KEPT]
    return st.session_state.get(_KEPT)


def set_present(on: bool) -> None:
    """Button callback: enter or leave presentation mode (starting at the first slide)."""
    st.session_state[STATE["present"]] = on
    st.session_state[STATE["slide"]] = 1


def card_toggled(claim_id: str) -> None:
    """Expander callback: the card opened is the URL's claim; closing it clears the claim."""
    if st.session_state.get(card_key(claim_id)):
        st.session_state[STATE["claim"]] = claim_id
    elif st.session_state.get(STATE["claim"]) == claim_id:
        st.session_state[STATE["claim"]] = ""
