"""Slides for the room: a title slide, one slide per claim with its bottom line first and its chart
large, and the references last. Built from the same :class:`ArticleView` as the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from evidence_dashboard.charts import Chart
from evidence_dashboard.safe_html import SafeHtml
from evidence_dashboard.views.article import ArticleItem, ArticleView
from evidence_dashboard.views.review import ClaimCard

# Readable from the back of a room at 1920x1080: chart text at least 18 px.
SLIDE_FONT_PX = 20
SLIDE_TITLE_PX = 26
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_CLOSING_TAGS = re.compile(r"(?:</[a-z]+>)*")


def _first_sentence_end(html: str) -> int | None:
    """Index just after the first sentence in an HTML paragraph, skipping text inside tags.

    A sentence ends at ``.``, ``!`` or ``?`` followed by a space and a capital letter (so a
    decimal point or "e.g. the" does not end it); closing tags right after it stay with it.
    """
    in_tag = False
    for index, char in enumerate(html):
        if char == "<":
            in_tag = True
        elif char == ">":
            in_tag = False
        elif not in_tag and char in ".!?":
            closing = _CLOSING_TAGS.match(html, index + 1)  # matches, if only the empty string
            end = index + 1 + (len(closing.group(0)) if closing else 0)
            tail = html[end:]
            stripped = tail.lstrip()
            if stripped and stripped is not tail and (stripped[0].isupper() or stripped[0] in "(<"):
                return end
    return None


@dataclass(frozen=True)
class Slide:
    """One slide: what the room sees and what only the presenter reads."""

    kind: str  # "title", "claim" or "references"
    title: str
    lead: SafeHtml
    body: SafeHtml
    charts: tuple[Chart, ...] = ()
    frequencies: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    claim_id: str | None = None
    review: str = ""  # the claim's review state: verdicts, open disagreements, audit findings


def split_bottom_line(html: SafeHtml) -> tuple[SafeHtml, SafeHtml]:
    """The claim's first sentence (its bottom line) and the rest, both still safe HTML.

    Examples
    --------
    >>> lead, rest = split_bottom_line(SafeHtml("<p>Risk is 1.5 times. More text.</p>"))
    >>> str(lead), str(rest)
    ('Risk is 1.5 times.', '<p>More text.</p>')
    """
    text = str(html)  # plain str: Markup's operators would escape the pieces put back together
    match = _FIRST_PARAGRAPH.search(text)
    if match is None:
        return SafeHtml(""), html
    paragraph = match.group(1)
    end = _first_sentence_end(paragraph)
    if end is None:
        lead, remainder = paragraph, ""
    else:
        lead, remainder = paragraph[:end], paragraph[end:].strip()
    rest = text[: match.start()] + (f"<p>{remainder}</p>" if remainder else "")
    rest += text[match.end() :]
    return SafeHtml(lead.replace("\n", " ").strip()), SafeHtml(rest.strip())


#: How much larger a fixed-size figure (an icon array) is drawn on a slide.
SLIDE_SCALE = 1.3


def _scaled(figure: go.Figure, factor: float) -> go.Figure:
    """A fixed-size figure scaled as a whole: size, margins, every font and marker.

    Its legend lines are placed in fractions of the grid, so scaling everything together keeps
    them where they were, only larger; raising the fonts alone would push them off the edge.
    """
    layout = figure.layout
    figure.update_layout(
        width=round(layout.width * factor),
        height=round((layout.height or 450) * factor),
        margin={side: round((getattr(layout.margin, side) or 0) * factor) for side in "lrtb"},
        title_font_size=round((layout.title.font.size or 17) * factor),
        hoverlabel={"font_size": SLIDE_FONT_PX},
    )
    for annotation in layout.annotations or ():
        annotation.font.size = max(round((annotation.font.size or 12) * factor), 18)
    for trace in figure.data:
        if "marker" in trace and trace.marker.size:
            trace.marker.size = round(trace.marker.size * factor)
    return figure


def slide_figure(chart: Chart) -> Chart:
    """A copy of the chart with fonts large enough for a projector (the page's stays as is)."""
    figure = go.Figure(chart.figure)
    if figure.layout.width is not None:
        return Chart(_scaled(figure, SLIDE_SCALE), chart.alt_text, chart.table)
    figure.update_layout(
        font={"size": SLIDE_FONT_PX},
        title={"font": {"size": SLIDE_TITLE_PX}},
        hoverlabel={"font_size": SLIDE_FONT_PX},
        legend={"font": {"size": SLIDE_FONT_PX}},
    )
    if figure.layout.title.subtitle and figure.layout.title.subtitle.text:
        figure.layout.title.subtitle.font.size = SLIDE_FONT_PX
    for trace in figure.data:
        if "textfont" in trace:  # numbers printed on bars and markers
            trace.textfont.size = max(trace.textfont.size or 0, SLIDE_FONT_PX)
    for annotation in figure.layout.annotations or ():
        size = annotation.font.size if annotation.font and annotation.font.size else 0
        annotation.font.size = max(size or 0, 18)
    figure.update_xaxes(tickfont={"size": SLIDE_FONT_PX}, title_font={"size": SLIDE_FONT_PX})
    figure.update_yaxes(tickfont={"size": SLIDE_FONT_PX}, title_font={"size": SLIDE_FONT_PX})
    if figure.layout.width is None:
        figure.update_layout(height=max(int(figure.layout.height or 460), 560))
    return Chart(figure, chart.alt_text, chart.table)


def _speaker_notes(item: ArticleItem) -> tuple[str, ...]:
    evidence = item.evidence
    assert evidence is not None
    notes = list(evidence.notes) + list(evidence.explanations)
    if not evidence.rows.empty:
        for row in evidence.rows.to_dict("records"):
            note = str(row.get("note") or "").strip()
            if note and note.lower() != "nan":
                notes.append(f"{row['id']}: {note}")
    return tuple(notes)


def slide_reviews(cards: Sequence[ClaimCard]) -> dict[str, str]:
    """Each claim's review state for its slide, as the Review page words it for a reader.

    ``cards`` are ``views.review.claim_cards`` for a reader (no member): verdict counts,
    "stale", open disagreements and the claim's audit findings, in one line per claim.
    """
    return {card.state.id: card.summary for card in cards}


def build_slides(view: ArticleView, reviews: Mapping[str, str] | None = None) -> tuple[Slide, ...]:
    """The deck for an article view: title, one slide per claim, references last.

    ``reviews``: claim id to its review line (:func:`slide_reviews`), shown on its slide.
    """
    slides = [
        Slide(
            kind="title",
            title=view.title,
            lead=SafeHtml(""),
            body=SafeHtml(""),
            notes=(view.disclaimer,),
        )
    ]
    for item in view.claims:
        evidence = item.evidence
        assert evidence is not None
        lead, rest = split_bottom_line(item.block.html)
        slides.append(
            Slide(
                kind="claim",
                title=evidence.title,
                lead=lead,
                body=rest,
                charts=tuple(slide_figure(c) for c in evidence.charts),
                frequencies=tuple(f.text for f in evidence.frequencies),
                notes=_speaker_notes(item),
                claim_id=evidence.claim_id,
                review=(reviews or {}).get(evidence.claim_id, ""),
            )
        )
    slides.append(
        Slide(kind="references", title="References", lead=SafeHtml(""), body=view.references_html)
    )
    return tuple(slides)
