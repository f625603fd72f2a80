"""A corpus of hostile strings for every text field the app shows.

Every payload that would *execute* if it reached the page as live markup sets at least one marker
the browser tests look for: ``window.__xss``, ``document.title = 'XSS'``, a ``console.log`` of
``XSS-MARKER``, an ``alert``/``confirm``/``prompt`` dialog, or an element with ``id="xss-marker"``.

The corpus is built from hand-written base payloads plus programmatic variants (scheme
obfuscations, wrappers, encodings), deduplicated, in a fixed order.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

MARKER_ID = "xss-marker"
CONSOLE_MARKER = "XSS-MARKER"
JS = "window.__xss=1;console.log('XSS-MARKER');document.title='XSS'"
JS_ALERT = "alert(1)"

# Markup that executes when inserted as HTML.
_HTML_BASE = (
    f"<script>{JS}</script>",
    f"<SCRIPT>{JS}</SCRIPT>",
    f"<script src=data:text/javascript,{JS}></script>",
    f"<scr<script>ipt>{JS}</scr</script>ipt>",
    f'<img src=x id="{MARKER_ID}" onerror="{JS}">',
    f"<img src=x onerror={JS_ALERT}>",
    f"<IMG SRC=x ONERROR={JS_ALERT}>",
    f"<img/src=x/onerror={JS_ALERT}>",
    f'<svg id="{MARKER_ID}" onload="{JS}">',
    f"<svg><script>{JS}</script></svg>",
    f"<svg><animate onbegin={JS_ALERT} attributeName=x dur=1s>",
    f'<svg><a xlink:href="javascript:{JS_ALERT}"><text x=20 y=20>svg-link</text></a></svg>',
    f"<svg><foreignObject><img src=x onerror={JS_ALERT}></foreignObject></svg>",
    f'<math><mtext><table><mglyph><style><img src=x onerror="{JS}">',
    f'<math href="javascript:{JS_ALERT}">math-link</math>',
    f"<math><maction actiontype=statusline xlink:href=javascript:{JS_ALERT}>m</maction></math>",
    f'<iframe id="{MARKER_ID}" src="javascript:{JS_ALERT}"></iframe>',
    f'<iframe srcdoc="<script>parent.{JS.split(";")[0]}</script>"></iframe>',
    f'<object data="javascript:{JS_ALERT}"></object>',
    f'<embed src="javascript:{JS_ALERT}">',
    f'<body onload="{JS}">',
    f'<div id="{MARKER_ID}" onmouseover="{JS}">hover</div>',
    f'<details open ontoggle="{JS}">',
    f'<input autofocus onfocus="{JS}">',
    f'<video><source onerror="{JS}"></video>',
    f'<audio src=x onerror="{JS}">',
    f'<marquee onstart="{JS}">m</marquee>',
    f'<a id="{MARKER_ID}" href="javascript:{JS_ALERT}">click</a>',
    f'<a href="jAvAsCrIpT:{JS_ALERT}">click</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    f'<a href="data:text/html,<script>{JS_ALERT}</script>">data</a>',
    f'<form action="javascript:{JS_ALERT}"><button>go</button></form>',
    f'<button formaction="javascript:{JS_ALERT}">go</button>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{JS_ALERT}">',
    f'<link rel=stylesheet href="javascript:{JS_ALERT}">',
    f'<base href="javascript:{JS_ALERT}//">',
    f"<style>@import 'javascript:{JS_ALERT}';</style>",
    f'<div style="background:url(javascript:{JS_ALERT})">css</div>',
    f'<table background="javascript:{JS_ALERT}">',
    f'"><script>{JS}</script>',
    f"'><img src=x onerror={JS_ALERT}>",
    f'" onmouseover="{JS}" x="',
    f"' onfocus='{JS}' autofocus '",
    f"</textarea><script>{JS}</script>",
    f"</title><script>{JS}</script>",
    f"<!--><script>{JS}</script>-->",
    f"<![CDATA[<script>{JS}</script>]]>",
    f'<noscript><p title="</noscript><img src=x onerror={JS_ALERT}>">',
    f"<template><script>{JS}</script></template>",
    f"&lt;script&gt;{JS}&lt;/script&gt;",
    f"&#60;script&#62;{JS}&#60;/script&#62;",
    f"\\u003cscript\\u003e{JS}\\u003c/script\\u003e",
    f"%3Cscript%3E{JS}%3C%2Fscript%3E",
)

# Schemes a link must never carry, with obfuscations browsers are known to normalise.
_SCHEMES = (
    f"javascript:{JS_ALERT}",
    f"JaVaScRiPt:{JS_ALERT}",
    f"JAVASCRIPT:{JS_ALERT}",
    f" javascript:{JS_ALERT}",
    f"\tjavascript:{JS_ALERT}",
    f"java\tscript:{JS_ALERT}",
    f"java\nscript:{JS_ALERT}",
    f"java\rscript:{JS_ALERT}",
    f"java&#x09;script:{JS_ALERT}",
    f"java&#9;script:{JS_ALERT}",
    f"java&Tab;script:{JS_ALERT}",
    f"&#106;avascript:{JS_ALERT}",
    f"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;{JS_ALERT}",
    f"javascript&colon;{JS_ALERT}",
    f"javascript&#58;{JS_ALERT}",
    f"javascript%3A{JS_ALERT}",
    f"\x01javascript:{JS_ALERT}",
    f"\u202ejavascript:{JS_ALERT}",
    f"java\u200bscript:{JS_ALERT}",
    f"javascript://%0A{JS_ALERT}",
    f"javascript://https://example.org/%0a{JS_ALERT}",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    f"data:text/html,<script>{JS_ALERT}</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    f"DATA:text/html,<script>{JS_ALERT}</script>",
    f"data:image/svg+xml,<svg onload={JS_ALERT}>",
    "file:///etc/passwd",
    f"//evil.example/{JS_ALERT}",
    f'https://evil.example/"onmouseover="{JS_ALERT}',
    f'https://doi.org/10.1000/x"><script>{JS}</script>',
    f"doi:10.1000/<script>{JS}</script>",
)

# Markdown-level tricks (links, images, references, autolinks, Streamlit directives, LaTeX).
_MARKDOWN_BASE = (
    f"[x](javascript:{JS_ALERT})",
    f"[x]( javascript:{JS_ALERT} )",
    f"[x](<javascript:{JS_ALERT}>)",
    f'[x](JAVASCRIPT:{JS_ALERT} "title")',
    f"[x](javascript&#58;{JS_ALERT})",
    "[x](vbscript:msgbox(1))",
    f"[x](data:text/html,<script>{JS_ALERT}</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    f"![x](javascript:{JS_ALERT})",
    "![x](https://evil.example/pixel.png)",
    f'![x](x "onerror={JS_ALERT}")',
    f"[![img](x)](javascript:{JS_ALERT})",
    f"[x][ref]\n\n[ref]: javascript:{JS_ALERT}",
    f'[ref2]\n\n[ref2]: javascript:{JS_ALERT} "t"',
    f"![x][img]\n\n[img]: javascript:{JS_ALERT}",
    f"<javascript:{JS_ALERT}>",
    "<vbscript:msgbox(1)>",
    f"<data:text/html,<script>{JS_ALERT}</script>>",
    f'<https://example.org/"onmouseover="{JS_ALERT}>',
    f'[click](https://example.org/ "" onmouseover="{JS_ALERT}")',
    "**bold** _em_ `code` ~~strike~~",
    "# heading injection",
    f"```html\n<script>{JS}</script>\n```",
    f"~~~\ncode\n\n[x](javascript:{JS_ALERT})\n~~~",
    f"```\nblock\n\n<img src=x onerror={JS_ALERT}>\n```",
    f"    indented\n\n    [x](javascript:{JS_ALERT})",
    f"```\nfence\n\n:red[directive] $\\href{{javascript:{JS_ALERT}}}{{tex}}$\n```",
    f"| a | b |\n|---|---|\n| <script>{JS}</script> | [x](javascript:{JS_ALERT}) |",
    ":red[red text]",
    ":blue-background[bg] :rainbow[rainbow]",
    ":material/warning: material icon",
    ":streamlit: emoji shortcode",
    f":red[[x](javascript:{JS_ALERT})]",
    "$x^2$ inline LaTeX",
    "$$\\int_0^1 x\\,dx$$",
    f"$\\href{{javascript:{JS_ALERT}}}{{tex-link}}$",
    f"$\\url{{javascript:{JS_ALERT}}}$",
    "$\\htmlId{xss-marker}{x}$",
    f"$\\htmlData{{foo=bar}}{{x}}$ $\\includegraphics{{javascript:{JS_ALERT}}}$",
    "\u202egnp.exe evil\u202c file",
    "admin\u202e\u2066txt.exe\u2069",
    "\u200b\u200c\u200d\ufeff zero width",
    "&amp;lt;script&amp;gt; double encoded",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "\\<script\\> escaped",
    "{{FA-01}} {{<script>}} {{ HX-001.note }}",
    '[@Hostile001] [@<script>] [@x"onmouseover=alert(1)]',
    "@{{}}@ %%% \\\\ } {",
    "'; DROP TABLE evidence; --",
    "${7*7} {{7*7}} #{7*7}",
    "\x00 nul \x07 bell \x1b[31m ansi",
)


def _html_variants(payload: str) -> Iterator[str]:
    yield payload
    yield payload.upper() if "script" in payload and "JS" not in payload else payload.swapcase()
    yield f"prefix text {payload} suffix text"
    yield html.escape(payload)


def _scheme_variants(scheme: str) -> Iterator[str]:
    yield scheme
    yield f"[link]({scheme})"
    yield f'<a href="{scheme}">a-link</a>'
    yield f'<img src="{scheme}">'
    yield f'<iframe src="{scheme}"></iframe>'


def build() -> list[str]:
    """The corpus: base payloads and their variants, without duplicates, in a fixed order."""
    seen: dict[str, None] = {}
    for payload in _HTML_BASE:
        seen.update(dict.fromkeys(_html_variants(payload)))
    for scheme in _SCHEMES:
        seen.update(dict.fromkeys(_scheme_variants(scheme)))
    for payload in _MARKDOWN_BASE:
        seen[payload] = None
        seen[f"text before {payload}"] = None
    return list(seen)


PAYLOADS: list[str] = build()
SCHEMES: tuple[str, ...] = _SCHEMES
# Single-line payloads for places that cannot hold a newline (CSV cells are fine, file names too).
ONE_LINE: list[str] = [p for p in PAYLOADS if "\n" not in p and "\r" not in p]
# Payloads whose braces balance, so a BibTeX field can hold them without breaking the entry.
BIB_SAFE: list[str] = [
    p
    for p in ONE_LINE
    if p.count("{") == p.count("}") and "\x00" not in p and not p.rstrip().endswith("\\")
]
# A few whose literal text the browser tests look for on the page (shown as text, not markup).
VISIBLE = (
    f"<script>{JS}</script>",
    f'<img src=x id="{MARKER_ID}" onerror="{JS}">',
    f"[x](javascript:{JS_ALERT})",
)

if __name__ == "__main__":  # pragma: no cover - a quick look at the corpus
    print(len(PAYLOADS), "payloads;", len(ONE_LINE), "one-line;", len(BIB_SAFE), "BibTeX-safe")
