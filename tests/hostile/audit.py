"""Walk HTML with html.parser and list anything that could run script or leave the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "srcset"}
)
FORBIDDEN_TAGS = frozenset(
    {"script", "iframe", "object", "embed", "svg", "math", "style", "img", "form", "base",
     "meta", "link", "input", "button", "video", "audio", "details", "template", "body"}
)  # fmt: skip
_TAG = re.compile(r"<[A-Za-z/!][^>]*>")
_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')
_EVENT_ATTRIBUTE = re.compile(r"\son\w+\s*=", re.I)


def url_is_safe(value: str) -> bool:
    """Same-page anchors and http(s) URLs only (control characters and spaces removed first)."""
    squashed = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    return squashed.startswith("#") or re.match(r"^https?://", squashed) is not None


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.findings.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"event attribute {name} on <{tag}>")
            if name in ("style", "srcdoc"):
                self.findings.append(f"{name} attribute on <{tag}>")
            if name in URL_ATTRIBUTES and not url_is_safe(value or ""):
                self.findings.append(f"unsafe {name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def audit(html: str) -> list[str]:
    """Everything unsafe in the HTML (an empty list means it is clean)."""
    parser = _Audit()
    parser.feed(html)
    parser.close()
    findings = parser.findings
    if "<script" in html.lower():
        findings.append("'<script' in the markup")
    # A cross-check on the raw tags, with quoted attribute values (escaped text) blanked out.
    tags = [_QUOTED.sub('""', t) for t in _TAG.findall(html)]
    findings += [f"event attribute in tag {t!r}" for t in tags if _EVENT_ATTRIBUTE.search(t)]
    return findings
