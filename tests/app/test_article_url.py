"""The Article page's URL: presentation mode, slide and open claim card through the one codec."""

from __future__ import annotations

import re

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from evidence_dashboard.content.library import load_library

ARTICLE = "pages/1_Article.py"
SHIPPED = load_library().articles[0]
CLAIMS = [str(c.claim_id) for c in SHIPPED.claims]
SLIDES = len(CLAIMS) + 2  # the title slide, one per claim, the references


def _url(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def _notices(at: AppTest) -> str:
    """The URL notices (``ui.params.show_notices``), not the page's other warnings."""
    links = [w.value for w in at.warning if "link_off" in w.icon]
    return " ".join(links).replace("\\", "")


def _counter(at: AppTest) -> str | None:
    return next((m.value for m in at.markdown if m.value.startswith("**Slide ")), None)


def _toggle_card(at: AppTest, claim_id: str, opened: bool) -> AppTest:
    """Open or close a claim's evidence card as the browser does: a widget state for it."""
    card = next(e for e in at.expander if e.proto.id.endswith(f"card-{claim_id}"))
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=card.proto.id, bool_value=opened))
    return at._run(states)


def test_present_round_trips_through_the_url(open_page):
    at = open_page(ARTICLE, audience="clinician", present="1", slide="3")
    assert not at.exception
    assert _counter(at) == f"**Slide 3 of {SLIDES}**"
    at.button(key="deck-next").click().run()
    assert _url(at, "present") == ["1"] and _url(at, "slide") == ["4"]
    at.button(key="exit-present").click().run()
    assert _counter(at) is None and any(e.label.startswith("Evidence for") for e in at.expander)
    assert _url(at, "present") == [] and _url(at, "slide") == []
    at.button(key="start-present").click().run()
    assert _url(at, "present") == ["1"] and _counter(at) == f"**Slide 1 of {SLIDES}**"
    # The link as copied opens the same slide in a new session.
    again = open_page(ARTICLE, audience="clinician", present="1", slide="4")
    assert _counter(again) == f"**Slide 4 of {SLIDES}**" and not _notices(again)


def test_a_bad_slide_number_is_said_not_silently_clamped(open_page):
    at = open_page(ARTICLE, present="1", slide="abc")
    assert _counter(at) == f"**Slide 1 of {SLIDES}**"
    assert f"The link's slide 'abc' was ignored: it must be a slide number from 1 to {SLIDES}." in (
        _notices(at)
    )
    at = open_page(ARTICLE, present="1", slide="99")
    assert _counter(at) == f"**Slide {SLIDES} of {SLIDES}**"
    assert f"99 is past the last slide ({SLIDES}), so slide {SLIDES} is shown" in _notices(at)
    assert _url(at, "slide") == [str(SLIDES)]
    at = open_page(ARTICLE, present="yes")
    assert _counter(at) is None and "presentation mode 'yes' was ignored" in _notices(at)


def test_opening_a_card_writes_its_claim_to_the_url(open_page):
    at = open_page(ARTICLE, audience="clinician")
    assert _url(at, "claim") == []
    at = _toggle_card(at, CLAIMS[1], True)
    assert not at.exception
    assert _url(at, "claim") == [CLAIMS[1]]
    at = _toggle_card(at, CLAIMS[1], False)
    assert _url(at, "claim") == []
    at = _toggle_card(at, CLAIMS[2], True)
    # The link as copied reopens that card, and only that one.
    again = open_page(ARTICLE, audience="clinician", claim=_url(at, "claim")[0])
    opened = [e.proto.id for e in again.expander if e.proto.expanded]
    assert len(opened) == 1 and opened[0].endswith(f"card-{CLAIMS[2]}")
    assert not _notices(again)


def test_an_unknown_claim_gets_a_notice(open_page):
    at = open_page(ARTICLE, claim="no-such-claim")
    assert not at.exception
    assert "The link's claim 'no-such-claim' was ignored: this article has no claim" in (
        _notices(at)
    )
    assert not [e for e in at.expander if e.proto.expanded] and _url(at, "claim") == []


def test_a_claim_link_in_presentation_mode_opens_its_slide(open_page):
    at = open_page(ARTICLE, present="1", claim=CLAIMS[0])
    assert _counter(at) == f"**Slide 2 of {SLIDES}**"
    title = next(m.value for m in at.markdown if m.value.startswith("## "))
    assert re.sub(r"\\", "", title) == f"## {SHIPPED.claims[0].claim_title}"


def test_the_presenter_baseline_stays_on_every_slide(open_page):
    at = open_page(ARTICLE, audience="patient")
    at.number_input(key="presenter_baseline").set_value(20.0).run()
    at.button(key="start-present").click().run()
    for _ in range(2):
        at.button(key="deck-next").click().run()
        marks = [m.value for m in at.markdown if "Baseline set by the presenter" in m.value]
        assert marks, _counter(at)
    assert not at.exception and not _notices(at)
