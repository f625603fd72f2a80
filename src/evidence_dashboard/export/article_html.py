"""The article as one standalone HTML file: works offline, charts drawn by inlined plotly.js.

The file holds the article for one audience, each claim's evidence (charts with their text
alternative, natural frequencies, statements), the references in citation order and a data
appendix with the rows behind every chart. It carries the version hash, the computed review
status, the audience, the disclaimer and a stated export date, and nothing else that changes
between runs: the same view and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

from evidence_dashboard.charts import Chart
from evidence_dashboard.export import rows_table
from evidence_dashboard.safe_html import SafeHtml, escape
from evidence_dashboard.views.article import ArticleView
from evidence_dashboard.views.claims import ClaimEvidence

# Constant CSS; the print rules serve the PDF brief, which prints this same document.
STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 0 auto;
  max-width: 56rem; padding: 1.5rem; line-height: 1.55; overflow-wrap: anywhere; }
header.export-header { border-bottom: 2px solid #0072B2; margin-bottom: 1rem; }
.status { font-weight: 600; }
.disclaimer { background: #fff8e1; border-left: 4px solid #E69F00; padding: 0.6rem 0.8rem; }
.presenter { background: #e8f1fb; border-left: 4px solid #0072B2; padding: 0.4rem 0.8rem; }
section.evidence { border: 1px solid #bbb; border-radius: 6px; padding: 0.6rem 0.9rem;
  margin: 0.6rem 0 1.4rem 0; break-inside: auto; }
section.evidence h3 { font-size: 1rem; margin: 0.2rem 0 0.4rem 0; }
figure { margin: 0.6rem 0; break-inside: avoid; }
figcaption { font-size: 0.9rem; color: #333; }
.chart { width: 100%; }
.note { font-size: 0.9rem; color: #333; }
span.ref-type { font-size: 0.75rem; border: 1px solid #999; border-radius: 0.6rem;
  padding: 0 0.35rem; margin-left: 0.3rem; white-space: nowrap; }
ol.references li { margin-bottom: 0.4rem; }
table.rows { border-collapse: collapse; font-size: 0.78rem; width: 100%; margin-bottom: 1rem; }
table.rows th, table.rows td { border: 1px solid #bbb; padding: 0.2rem 0.3rem;
  vertical-align: top; text-align: left; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; }
  h2, h3, h4 { break-after: avoid; }
  table.rows tr { break-inside: avoid; }
}
"""
# Draws every chart from the JSON beside it; constant, no content in it.
DRAW_SCRIPT = """
document.querySelectorAll("div.chart").forEach(function (el) {
  var spec = JSON.parse(document.getElementById(el.id + "-data").textContent);
  Plotly.newPlot(el, spec.data, spec.layout, {displaylogo: false, responsive: true,
    displayModeBar: false}).then(function () { el.setAttribute("data-drawn", "1"); });
});
"""
APPENDIX_COLUMNS = ("id", "drug", "outcome", "population", "design", "figure", "source", "locator")


@cache
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _json_for_script(chart: Chart) -> str:
    spec = json.loads(chart.figure.to_json())
    text = json.dumps({"data": spec["data"], "layout": spec["layout"]}, sort_keys=True)
    # Inside <script>, "</" could end the element: write "<" as a JSON escape instead.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart_html(chart: Chart, chart_id: str) -> str:
    """A chart as a figure: the drawing area, its data, and its text alternative as caption."""
    return (
        f'<figure><div class="chart" id="{chart_id}" role="img" aria-label="{escape(chart.alt_text)}">'
        f"</div>"
        f'<script type="application/json" id="{chart_id}-data">{_json_for_script(chart)}</script>'
        f"<figcaption>{escape(chart.alt_text)}</figcaption></figure>"
    )


def evidence_html(evidence: ClaimEvidence, prefix: str) -> str:
    """The evidence section of one claim, as in the page's evidence card."""
    parts = [
        f'<section class="evidence"><h3>Evidence for this claim: {escape(evidence.title)}</h3>'
    ]
    if evidence.frequencies:
        parts.append("<ul>" + "".join(f"<li>{escape(f.text)}</li>" for f in evidence.frequencies))
        parts.append("</ul>")
    parts += [f'<p class="note">{escape(b.describe())}</p>' for b in evidence.baselines]
    for number, chart in enumerate(evidence.charts):
        parts.append(chart_html(chart, f"{prefix}-{number}"))
    parts += [f'<p class="note">{escape(text)}</p>' for text in evidence.explanations]
    parts += [f'<p class="note">{escape(text)}</p>' for text in evidence.notes]
    if not evidence.statements.empty:
        parts.append("<p><strong>Label and guideline statements</strong></p><ul>")
        for fact in evidence.statements.to_dict("records"):
            parts.append(
                f"<li><strong>{escape(fact['id'])}</strong> ({escape(fact['design'])}, "
                f"{escape(fact['source'])}): {escape(fact['statement'])}</li>"
            )
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def header_html(view: ArticleView, export_date: dt.date) -> str:
    """Title, question, status, version, audience, export date, disclaimer (and a presenter's
    baseline, when one was set)."""
    header = view.header
    parts = [
        '<header class="export-header">',
        f"<h1>{escape(view.title)}</h1>",
        f"<p><strong>Question:</strong> {escape(view.question)}</p>",
        f'<p class="status">Review status: {escape(header.line())}</p>',
        f"<p>Written for {escape(view.audience)}s · exported {export_date.isoformat()} · "
        f"reference style {escape(view.style)}</p>",
        f'<p class="disclaimer">{escape(view.disclaimer)}</p>',
    ]
    if view.presenter_baseline is not None:
        parts.append(f'<p class="presenter">{escape(view.presenter_baseline.describe())}</p>')
    parts.append("</header>")
    return "".join(parts)


def appendix_html(view: ArticleView) -> str:
    """The rows behind every claim's evidence, claim by claim, figures as the source wrote them."""
    parts = ["<h2>Data appendix: the rows behind every chart</h2>"]
    for item in view.claims:
        evidence = item.evidence
        assert evidence is not None
        if evidence.rows.empty:
            continue
        table = rows_table(evidence.rows)
        parts.append(f"<h3>{escape(evidence.title)}</h3><table class='rows'><thead><tr>")
        parts += [f"<th scope='col'>{escape(c)}</th>" for c in APPENDIX_COLUMNS]
        parts.append("</tr></thead><tbody>")
        for row in table.to_dict("records"):
            cells = ["" if str(row[c]) == "nan" else row[c] for c in APPENDIX_COLUMNS]
            parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
        parts.append("</tbody></table>")
    return "".join(parts)


def article_document(view: ArticleView, export_date: dt.date, *, for_print: bool = False) -> str:
    """The whole HTML document as text (the PDF prints this with ``for_print=True``)."""
    body = [header_html(view, export_date), "<main>"]
    for index, item in enumerate(view.items):
        body.append(item.block.html)
        if item.evidence is not None:
            body.append(evidence_html(item.evidence, f"chart-{index}"))
    body.append("<h2>References</h2>")
    body.append(view.references_html)
    body.append(appendix_html(view))
    body.append("</main>")
    lang_title = escape(f"{view.title} ({view.audience})")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="evidence-dashboard"><title>{lang_title}</title>'
        f"<style>{STYLE}</style><script>{_plotly_js()}</script></head><body"
        f"{' class=print' if for_print else ''}>"
        + "".join(body)
        + f"<script>{DRAW_SCRIPT}</script></body></html>\n"
    )


def article_html(view: ArticleView, export_date: dt.date) -> bytes:
    """The standalone HTML export as UTF-8 bytes.

    Parameters
    ----------
    view : ArticleView
        The article for one audience (see :func:`views.article.build_article_view`).
    export_date : date
        The stated export date, the only thing in the file that depends on when it was made.
    """
    return SafeHtml(article_document(view, export_date)).encode("utf-8")
