"""The one URL codec: a page's view spec to query parameters and back, with notices.

Every page names the same idea with the same parameter (``outcome``, ``age``, ``drug``,
``measure`` ...). Multi-valued settings travel as *repeated* keys (``?drug=a&drug=b``), never
joined on commas, so a value holding a comma, ``+``, ``&``, ``%``, an en dash or any non-ASCII
text comes back as itself. Decoding checks each value against an allowlist (the values present
in the data); a value that is dropped or changed yields a notice saying which and why, for the
page to show. Nothing here imports streamlit: ``ui/params.py`` is the adapter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar, cast
from urllib.parse import parse_qs, urlencode

S = TypeVar("S")
#: Query parameters as Streamlit's ``get_all`` gives them: name to its list of values.
Query = Mapping[str, Sequence[str]]
#: Reads one raw value: ``(value, None)`` when understood, ``(None, why)`` when refused, or
#: ``(value, note)`` when understood after a reinterpretation the reader should see.
Reader = Callable[[str], tuple[Any, str | None]]

#: The blank value that says "none chosen" for a many-valued setting.
EMPTY = ""
#: Parameters the shared sidebar and the article page own (same names on every page).
ARTICLE, AUDIENCE, PRESENT = "article", "audience", "present"


@dataclass(frozen=True, slots=True)
class Param:
    """One setting of a view spec and its query parameter.

    Parameters
    ----------
    name : str
        The query-parameter name; the same idea has the same name on every page.
    field : str
        The spec's attribute.
    label : str
        How a notice names the setting ("drug", "pooling method").
    many : bool
        A tuple of values, sent as repeated keys.
    free : bool
        Free text (no allowlist), cut to ``max_chars``.
    read, write : callable, optional
        Turn a raw string into the field's value (and a refusal or a note) and back; by
        default the value is the string itself, checked against the allowlist.
    """

    name: str
    field: str
    label: str = ""
    many: bool = False
    free: bool = False
    max_chars: int = 200
    read: Reader | None = None
    write: Callable[[Any], str] = str

    @property
    def what(self) -> str:
        """The setting's name in a notice."""
        return self.label or self.name


@dataclass(frozen=True, slots=True)
class Decoded(Generic[S]):
    """A spec read from a URL and the notices about values dropped or changed on the way."""

    spec: S
    notices: tuple[str, ...] = ()


def _shown(value: str, limit: int = 60) -> str:
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(text)


def encode(spec: object, params: Sequence[Param], default: object) -> dict[str, list[str]]:
    """The spec as query parameters: name to list of values, settings at their default left out.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class V:
    ...     drug: tuple[str, ...] = ()
    >>> encode(V(("a, b", "c+d")), (Param("drug", "drug", many=True),), V())
    {'drug': ['a, b', 'c+d']}
    """
    query: dict[str, list[str]] = {}
    for param in params:
        value = getattr(spec, param.field)
        if value == getattr(default, param.field):
            continue
        values = list(value) if param.many else [value]
        # An empty choice whose default is not empty is sent as one blank value (``?family=``).
        query[param.name] = [param.write(v) for v in values] or [EMPTY]
    return query


def _read_one(
    param: Param, raw: str, allowed: Sequence[str] | None
) -> tuple[bool, Any, str | None]:
    """``(kept, value, notice)`` for one raw value."""
    if param.free:
        text = raw.strip()
        if len(text) > param.max_chars:
            return (
                True,
                text[: param.max_chars],
                f"The link's {param.what} was cut to its first {param.max_chars} characters.",
            )
        return True, text, None
    if param.read is not None:
        value, note = param.read(raw)
        if value is None:
            return False, None, f"The link's {param.what} {_shown(raw)} was ignored: {note}"
        if allowed is not None and param.write(value) not in allowed:
            return False, None, _not_allowed(param, raw, allowed)
        return True, value, (f"The link's {param.what}: {note}" if note else None)
    if allowed is not None and raw not in allowed:
        return False, None, _not_allowed(param, raw, allowed)
    return True, raw, None


def _not_allowed(param: Param, raw: str, allowed: Sequence[str]) -> str:
    if len(allowed) <= 8:
        choices = ", ".join(allowed) or "none"
        return f"The link's {param.what} {_shown(raw)} is not one of {choices}, so it was ignored."
    return f"The link's {param.what} {_shown(raw)} is not in this data, so it was ignored."


def decode(
    query: Query | Mapping[str, str | Sequence[str]],
    params: Sequence[Param],
    default: S,
    allowed: Mapping[str, Sequence[str]] | None = None,
) -> Decoded[S]:
    """Read a spec from query parameters, checking every value; unknown names are ignored.

    Parameters
    ----------
    query : Mapping
        Name to list of values (``st.query_params.get_all``), or to one string.
    params : sequence of Param
        The page's settings.
    default : spec
        The spec a setting keeps when the URL does not give it (or gives only bad values).
    allowed : Mapping, optional
        Field name to its allowed values (string forms); a field missing here takes any value
        its reader accepts.

    Returns
    -------
    Decoded
        The spec and one notice per value dropped or reinterpreted.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class V:
    ...     method: str = "reml"
    >>> decode({"method": ["nope"]}, (Param("method", "method"),), V(), {"method": ["reml", "dl"]})
    Decoded(spec=V(method='reml'), notices=("The link's method 'nope' is not one of reml, dl, so it was ignored.",))
    """
    allowed = allowed or {}
    changes: dict[str, Any] = {}
    notices: list[str] = []
    for param in params:
        raw_values = query.get(param.name)
        if raw_values is None:
            continue
        if isinstance(raw_values, str):
            raw_values = [raw_values]
        if not param.many and len(raw_values) > 1:
            notices.append(
                f"The link gives {len(raw_values)} values for {param.what}; the last one is used."
            )
            raw_values = raw_values[-1:]
        kept: list[Any] = []
        for raw in raw_values:
            if param.many and raw == EMPTY:
                continue  # "none chosen", as written by encode
            ok, value, notice = _read_one(param, raw, allowed.get(param.field))
            if notice:
                notices.append(notice)
            if ok and value not in kept:
                kept.append(value)
        if param.many:
            changes[param.field] = tuple(kept)
        elif kept:
            changes[param.field] = kept[0]
    # ``default`` is a page's spec, always a dataclass; the type variable cannot say so.
    return Decoded(cast(S, replace(cast(Any, default), **changes)), tuple(notices))


def names(params: Sequence[Param]) -> tuple[str, ...]:
    """The query-parameter names of a page's settings."""
    return tuple(p.name for p in params)


def to_query_string(query: Query) -> str:
    """The query string a browser shows, as Streamlit writes it (``urlencode`` with doseq)."""
    return urlencode({k: list(v) for k, v in query.items()}, doseq=True)


def from_query_string(text: str) -> dict[str, list[str]]:
    """Query parameters from a query string, as Streamlit reads them (blank values kept)."""
    return parse_qs(text.lstrip("?"), keep_blank_values=True)


def read_choice_int(choices: Sequence[int]) -> Reader:
    """A reader for a whole number that must be one of ``choices`` (e.g. 90, 95, 99)."""

    def read(raw: str) -> tuple[int | None, str | None]:
        text = raw.strip().rstrip("%")
        if text.isdigit() and int(text) in choices:
            return int(text), None
        return None, f"it must be one of {', '.join(map(str, choices))}."

    return read


def read_flag(true: str, false: str) -> Reader:
    """A reader for a two-valued setting spelled ``true`` or ``false`` in the URL."""

    def read(raw: str) -> tuple[bool | None, str | None]:
        if raw in (true, false):
            return raw == true, None
        return None, f"it must be {true} or {false}."

    return read
