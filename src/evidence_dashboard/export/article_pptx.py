"""The article as a PowerPoint deck (python-pptx): title, one slide per claim, references last.

Each claim slide has its bottom line, its chart as a picture with alt text (python-pptx has no
API for it: the picture's ``descr`` attribute is set directly) and speaker notes (the claim's
evidence notes and the rows' caveats). The title slide and every footer carry the version hash,
the computed review status, the audience, the export date and the disclaimer. Core properties
and zip entry times are set to the export date, so the same view and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from evidence_dashboard.charts import Chart
from evidence_dashboard.views.article import ArticleView
from evidence_dashboard.views.presentation import Slide, build_slides

_TAG = re.compile(r"<[^>]+>")
_ENTITY = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'"}
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
IMAGE_WIDTH_PX = 1100


def html_text(html: str) -> str:
    """Plain text of a safe HTML fragment (citation numbers kept as ``[1]``).

    Examples
    --------
    >>> html_text('<p>A <sup class="citation"><a href="#r">1,2</a></sup> &amp; b.</p>')
    'A [1,2] & b.'
    """
    html = str(html)  # plain str: Markup's replace would escape the characters put back
    text = re.sub(
        r'<sup class="citation">(.*?)</sup>', lambda m: f"[{_TAG.sub('', m.group(1))}]", html
    )
    text = re.sub(r"</(p|li|h\d)>", "\n", text)
    text = _TAG.sub("", text)
    for entity, char in _ENTITY.items():
        text = text.replace(entity, char)
    return re.sub(r"[ \t]+", " ", re.sub(r"\n\s*\n+", "\n", text)).strip()


def _images(charts: list[Chart]) -> list[bytes]:
    """PNG bytes of every chart, one kaleido browser for the whole deck."""
    if not charts:
        return []
    import kaleido
    import plotly.io as pio

    pio.defaults.mathjax = False
    # One browser for every chart: starting one per image costs seconds each.
    kaleido.start_sync_server(silence_warnings=True)
    try:
        return [
            pio.to_image(
                c.figure,
                format="png",
                width=int(c.figure.layout.width or IMAGE_WIDTH_PX),
                height=int(c.figure.layout.height or 500),
                scale=2,
            )
            for c in charts
        ]
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def _text_box(slide, left, top, width, height, text: str, size: int, bold: bool = False):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for number, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
        paragraph.font.bold = bold
    return box


def _footer(slide, view: ArticleView, export_date: dt.date) -> None:
    text = (
        f"{view.header.line()} · for {view.audience}s · exported {export_date.isoformat()} · "
        "not medical advice for any individual"
    )
    _text_box(slide, Inches(0.4), HEIGHT - Inches(0.5), WIDTH - Inches(0.8), Inches(0.4), text, 11)


def _picture(slide, png: bytes, chart: Chart, top: Emu) -> None:
    available_h = HEIGHT - top - Inches(0.7)
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches(0.5), top, height=available_h)
    if picture.width > WIDTH - Inches(1):
        ratio = (WIDTH - Inches(1)) / picture.width
        picture.width = int(picture.width * ratio)
        picture.height = int(picture.height * ratio)
    # python-pptx has no alt-text API: descr on the picture's non-visual properties is it.
    picture._element.nvPicPr.cNvPr.set("descr", chart.alt_text)


def _notes(slide, lines: tuple[str, ...] | list[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(lines) or "No notes for this slide."


def _fixed_zip(data: bytes, export_date: dt.date) -> bytes:
    """Rewrite the package with every entry dated at the export date, in a fixed order."""
    stamp = (export_date.year, export_date.month, export_date.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _claim_slide(deck, layout, view: ArticleView, slide: Slide, images: list[bytes], charts):
    page = deck.slides.add_slide(layout)
    _text_box(
        page, Inches(0.4), Inches(0.3), WIDTH - Inches(0.8), Inches(0.8), slide.title, 32, True
    )
    lead = html_text(slide.lead)
    _text_box(page, Inches(0.4), Inches(1.1), WIDTH - Inches(0.8), Inches(1.2), lead, 22, True)
    top = Inches(2.4)
    if charts:
        _picture(page, images[0], charts[0], top)
        rest = html_text(slide.body)
        words = "\n".join([*slide.frequencies, rest])
        if view.presenter_baseline is not None:
            words = view.presenter_baseline.describe() + "\n" + words
        _text_box(page, Inches(7.4), top, Inches(5.5), HEIGHT - top - Inches(0.7), words[:900], 14)
    else:
        words = "\n".join([html_text(slide.body), *slide.frequencies])
        _text_box(page, Inches(0.4), top, WIDTH - Inches(0.8), Inches(4.3), words[:1400], 18)
    notes = list(slide.notes)
    notes += [f"Chart {n + 1}: {c.alt_text}" for n, c in enumerate(charts)]
    _notes(page, notes)
    return page


def article_pptx(view: ArticleView, export_date: dt.date) -> bytes:
    """The deck as .pptx bytes: title slide, one slide per claim, a references slide.

    Parameters
    ----------
    view : ArticleView
        The article for one audience.
    export_date : date
        The stated export date (title slide, footers, core properties, zip entries).
    """
    slides = build_slides(view)
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    blank = deck.slide_layouts[6]
    claim_charts = [list(s.charts[:1]) for s in slides if s.kind == "claim"]
    images = iter(_images([c for charts in claim_charts for c in charts]))
    for slide in slides:
        if slide.kind == "title":
            page = deck.slides.add_slide(blank)
            _text_box(
                page,
                Inches(0.6),
                Inches(1.2),
                WIDTH - Inches(1.2),
                Inches(1.6),
                view.title,
                40,
                True,
            )
            body = (
                f"Question: {view.question}\nReview status: {view.header.line()}\n"
                f"Written for {view.audience}s · exported {export_date.isoformat()}\n\n"
                f"{view.disclaimer}"
            )
            if view.presenter_baseline is not None:
                body += "\n" + view.presenter_baseline.describe()
            _text_box(page, Inches(0.6), Inches(3.0), WIDTH - Inches(1.2), Inches(3.8), body, 20)
            _notes(page, list(slide.notes))
        elif slide.kind == "claim":
            charts = list(slide.charts[:1])
            pngs = [next(images) for _ in charts]
            page = _claim_slide(deck, blank, view, slide, pngs, charts)
        else:
            page = deck.slides.add_slide(blank)
            _text_box(
                page,
                Inches(0.4),
                Inches(0.3),
                WIDTH - Inches(0.8),
                Inches(0.8),
                "References",
                32,
                True,
            )
            entries = re.findall(r'<li id="[^"]*" value="(\d+)">(.*?)</li>', slide.body, re.DOTALL)
            lines = [f"{n}. {html_text(text)}" for n, text in entries]
            _text_box(
                page,
                Inches(0.4),
                Inches(1.1),
                WIDTH - Inches(0.8),
                Inches(5.8),
                "\n".join(lines),
                9,
            )
            _notes(page, ["The full reference list, in citation order."])
        _footer(page, view, export_date)
    properties = deck.core_properties
    stamp = dt.datetime(export_date.year, export_date.month, export_date.day)
    properties.created = properties.modified = properties.last_printed = stamp
    properties.title = view.title
    properties.subject = f"{view.header.line()} · for {view.audience}s"
    properties.author = "evidence-dashboard"
    properties.last_modified_by = "evidence-dashboard"
    properties.revision = 1
    out = io.BytesIO()
    deck.save(out)
    return _fixed_zip(out.getvalue(), export_date)
