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
    # Plain str (Markup's replace would escape what is put back); a line break inside a paragraph
    # is the source's wrapping, not the author's: it would break the slide's lines mid-sentence.
    html = str(html).replace("\n", " ")
    text = re.sub(
        r'<sup class="citation">(.*?)</sup>', lambda m: f"[{_TAG.sub('', m.group(1))}]", html
    )
    text = re.sub(r"</(p|li|h\d)>", "\n", text)
    text = _TAG.sub("", text)
    for entity, char in _ENTITY.items():
        text = text.replace(entity, char)
    return re.sub(r"[ \t]+", " ", re.sub(r"\n\s*\n+", "\n", text)).strip()


def _images(charts: list[tuple[Chart, tuple[int, int] | None]]) -> list[bytes]:
    """PNG bytes of every chart (at its own size, or the pixel size given), one kaleido browser."""
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
                width=size[0] if size else int(c.figure.layout.width or IMAGE_WIDTH_PX),
                height=size[1] if size else int(c.figure.layout.height or 500),
                scale=2,
            )
            for c, size in charts
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


def _picture(slide, png: bytes, chart: Chart, top: Emu, max_width: Emu) -> Emu:
    """The chart as large as fits the box under ``top`` and ``max_width`` wide; its width."""
    available_h = HEIGHT - top - Inches(0.7)
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches(0.4), top, height=available_h)
    if picture.width > max_width:
        ratio = max_width / picture.width
        picture.width = int(picture.width * ratio)
        picture.height = int(picture.height * ratio)
    # python-pptx has no alt-text API: descr on the picture's non-visual properties is it.
    picture._element.nvPicPr.cNvPr.set("descr", chart.alt_text)
    return picture.width


def _lines(text: str, width: Emu, size: int, bold: bool = False) -> int:
    """About how many lines ``text`` takes in a box ``width`` wide at ``size`` points."""
    glyph = size * (0.64 if bold else 0.58)  # an average glyph's width, with room to spare
    per_line = max(int(Emu(width - Inches(0.2)).pt / glyph), 10)
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


def _height(text: str, width: Emu, size: int, bold: bool = False) -> Emu:
    """About how tall ``text`` is in a box ``width`` wide at ``size`` points."""
    return Emu(Pt(_lines(text, width, size, bold) * size * 1.25) + Inches(0.15))


def fitting_size(
    text: str, width: Emu, height: Emu, sizes: tuple[int, ...], bold: bool = False
) -> int | None:
    """The largest font size (points) at which ``text`` fits the box, or None if none does."""
    for size in sizes:
        if _height(text, width, size, bold) <= height:
            return size
    return None


def _fitted(text: str, width: Emu, height: Emu, sizes: tuple[int, ...]) -> tuple[str, int, bool]:
    """The text and the size it fits at; cut at a sentence (``True``) if it fits at none."""
    size = fitting_size(text, width, height, sizes)
    if size is not None:
        return text, size, False
    size = sizes[-1]
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = ""
    for sentence in sentences:
        trial = f"{kept} {sentence}".strip() + " (continued in the speaker notes)"
        if fitting_size(trial, width, height, (size,)) is None:
            break
        kept = f"{kept} {sentence}".strip()
    return kept + " (continued in the speaker notes)", size, True


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


def _headings(slide: Slide) -> list[tuple[str, int, Emu]]:
    """The claim slide's title and bottom line: text, the size that fits, the height taken."""
    full, out = WIDTH - Inches(0.8), []
    for text, sizes, room in (
        (slide.title, (32, 28, 24), 1.3),
        (html_text(slide.lead), (24, 22, 20, 18), 1.8),
    ):
        size = fitting_size(text, full, Inches(room), sizes, bold=True) or sizes[-1]
        out.append((text, size, _height(text, full, size, bold=True)))
    return out


#: A wide chart's box on a claim slide, and the pixels per inch it is drawn at: drawn at the
#: box's own shape, it fills the box, and its 20 px text reads at about 15 pt on the slide.
WIDE_CHART = Inches(8.4)
CHART_PX_PER_INCH = 96


def chart_size(slide: Slide) -> tuple[int, int] | None:
    """The pixel size to draw a claim slide's wide chart at (None: the chart's own size)."""
    if not slide.charts or slide.charts[0].figure.layout.width is not None:
        return None
    top = Inches(0.3) + sum(h + Inches(0.05) for _, _, h in _headings(slide))
    width = WIDE_CHART.inches * CHART_PX_PER_INCH
    height = Emu(HEIGHT - top - Inches(0.7)).inches * CHART_PX_PER_INCH
    # Never shorter than the figure was laid out for: its rows' labels would run into each other.
    scale = max(1.0, (slide.charts[0].figure.layout.height or 0) / height)
    return round(width * scale), round(height * scale)


def _claim_slide(deck, layout, view: ArticleView, slide: Slide, images: list[bytes], charts):
    """Title, bottom line, the chart as large as fits, the rest of the text beside it.

    Text is never cut mid-sentence or run off the slide: it is set at the largest size that
    fits; what fits at no readable size ends at a sentence and the notes carry all of it.
    """
    page = deck.slides.add_slide(layout)
    top = Inches(0.3)
    for text, size, height in _headings(slide):
        _text_box(page, Inches(0.4), top, WIDTH - Inches(0.8), height, text, size, True)
        top += height + Inches(0.05)
    words = "\n".join([*slide.frequencies, html_text(slide.body)]).strip()
    if view.presenter_baseline is not None:
        words = view.presenter_baseline.describe() + "\n" + words
    left = Inches(0.4)
    if charts:  # a chart that follows the page's width is wide; an icon array is tall
        wide = charts[0].figure.layout.width is None
        left += _picture(page, images[0], charts[0], top, WIDE_CHART if wide else Inches(5.0))
        left += Inches(0.3)
    height = HEIGHT - top - Inches(0.7)
    text, size, cut = _fitted(words, WIDTH - Inches(0.4) - left, height, (20, 18, 16, 14, 12))
    if text:
        _text_box(page, left, top, WIDTH - Inches(0.4) - left, height, text, size)
    notes = ([words] if cut else []) + list(slide.notes)
    notes += [f"Chart {n + 1}: {c.alt_text}" for n, c in enumerate(charts)]
    _notes(page, notes)
    return page


#: References on one slide (two columns): more would need a size no one in the room can read.
REFERENCES_PER_SLIDE = 24


def _references_slide(deck, layout, lines: list[str], number: int, count: int):
    """One slide of the reference list, in citation order, in two columns."""
    page = deck.slides.add_slide(layout)
    title = "References" if count < 2 else f"References ({number + 1} of {count})"
    _text_box(page, Inches(0.4), Inches(0.3), WIDTH - Inches(0.8), Inches(0.8), title, 32, True)
    half = (len(lines) + 1) // 2
    columns = ["\n".join(lines[:half]), "\n".join(lines[half:])]
    column_w, room = (WIDTH - Inches(1.1)) / 2, HEIGHT - Inches(1.7)
    sizes = (16, 14, 12, 11, 10, 9, 8)
    size = min(fitting_size(c, column_w, room, sizes) or 8 for c in columns)
    for side, text in enumerate(columns):
        left = Inches(0.4) + side * (column_w + Inches(0.3))
        _text_box(page, left, Inches(1.1), column_w, room, text, size)
    _notes(page, ["The full reference list, in citation order."])
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
    claim_charts = [(s.charts[0], chart_size(s)) for s in slides if s.kind == "claim" and s.charts]
    images = iter(_images(claim_charts))
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
            entries = re.findall(r'<li id="[^"]*" value="(\d+)">(.*?)</li>', slide.body, re.DOTALL)
            lines = [f"{n}. {html_text(text)}" for n, text in entries]
            chunks = [
                lines[i : i + REFERENCES_PER_SLIDE]
                for i in range(0, len(lines), REFERENCES_PER_SLIDE)
            ]
            for number, chunk in enumerate(chunks or [[]]):
                page = _references_slide(deck, blank, chunk, number, len(chunks))
                if number < len(chunks) - 1:
                    _footer(page, view, export_date)
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
