"""What the Article page shows, as one view spec that round-trips through the one URL codec.

``?style=vancouver&claim=falls`` opens the document with the falls claim's evidence card open;
``?present=1&slide=5`` opens the deck on its fifth slide. A value the page cannot use is
dropped or changed with a notice, never silently (``views.url.decode`` words them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from evidence_dashboard.views import url
from evidence_dashboard.views.url import Decoded, Param, Query, Reader

#: Slides besides the claims: the title slide first, the references slide last.
EXTRA_SLIDES = 2


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    """The Article page's own settings (the sidebar carries the article and the audience).

    Attributes
    ----------
    style : str
        The reference style.
    present : bool
        Presentation mode: one slide at a time instead of the document.
    slide : int
        The slide shown in presentation mode, 1-based (always 1 outside it).
    claim : str
        The claim whose evidence card is open ("" for none).
    """

    style: str = "ama"
    present: bool = False
    slide: int = 1
    claim: str = ""

    def to_query(self) -> dict[str, list[str]]:
        """The spec as query parameters (defaults left out), through the one URL codec."""
        return url.encode(self, PARAMS, ArticleSpec())


def read_slide(count: int) -> Reader:
    """A reader for a 1-based slide number: past either end it is moved to that end, with a note.

    Examples
    --------
    >>> read = read_slide(26)
    >>> read("5"), read("99")
    ((5, None), (26, '99 is past the last slide (26), so slide 26 is shown.'))
    >>> read("abc")
    (None, 'it must be a slide number from 1 to 26.')
    """

    def read(raw: str) -> tuple[int | None, str | None]:
        text = raw.strip()
        if not text.isdigit():
            return None, f"it must be a slide number from 1 to {count}."
        number = int(text)
        if number < 1:
            return 1, f"there is no slide {number}, so slide 1 is shown."
        if number > count:
            return count, f"{number} is past the last slide ({count}), so slide {count} is shown."
        return number, None

    return read


def read_claim(claim_ids: Sequence[str]) -> Reader:
    """A reader for a claim id of this article."""

    def read(raw: str) -> tuple[str | None, str | None]:
        if raw in claim_ids:
            return raw, None
        return None, "this article has no claim with that id, so no evidence card was opened."

    return read


def _flag(on: bool) -> str:
    return "1" if on else "0"


PARAMS = (
    Param("style", "style", "reference style"),
    Param(url.PRESENT, "present", "presentation mode", read=url.read_flag("1", "0"), write=_flag),
    Param("slide", "slide", "slide", read=read_slide(1)),
    Param("claim", "claim", "claim"),
)


def spec_from_query(query: Query, styles: Sequence[str], claim_ids: Sequence[str]) -> Decoded:
    """The page's spec from the URL, every value checked; one notice per value not used.

    Parameters
    ----------
    query : Mapping
        Name to list of values, as ``st.query_params`` holds them.
    styles : sequence of str
        The reference styles on offer.
    claim_ids : sequence of str
        The article's claims in reading order (slide 2 is the first claim's).

    Examples
    --------
    >>> decoded = spec_from_query({"present": ["1"], "slide": ["abc"]}, ["ama"], ["a", "b"])
    >>> decoded.spec
    ArticleSpec(style='ama', present=True, slide=1, claim='')
    >>> decoded.notices
    ("The link's slide 'abc' was ignored: it must be a slide number from 1 to 4.",)
    """
    count = len(claim_ids) + EXTRA_SLIDES
    params = (
        PARAMS[0],
        PARAMS[1],
        replace(PARAMS[2], read=read_slide(count)),
        replace(PARAMS[3], read=read_claim(claim_ids)),
    )
    decoded = url.decode(query, params, ArticleSpec(), {"style": list(styles)})
    spec, notices = decoded.spec, list(decoded.notices)
    if not spec.present and spec.slide != 1:
        notices.append(
            f"The link's slide {spec.slide} is used only in presentation mode (present=1), "
            "so the article is shown as a document."
        )
        spec = replace(spec, slide=1)
    elif spec.present and spec.claim and "slide" not in query:
        # A presenter's link to a claim opens the deck on that claim's slide (after the title).
        spec = replace(spec, slide=list(claim_ids).index(spec.claim) + 2)
    return Decoded(spec, tuple(notices))
