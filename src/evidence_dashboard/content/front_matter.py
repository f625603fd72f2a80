"""Article front matter: split it from the body, parse the YAML, check every key."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import yaml

from evidence_dashboard import schema
from evidence_dashboard.errors import Problem, Severity

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Statuses that only the review log can give; in front matter they are a located warning.
COMPUTED_STATUSES = {
    "approved": "An approval exists only as a chair's sign-off record in the review log, and "
    "none is read from front matter.",
    "under-review": "Whether an article is under review is computed from the board's verdicts.",
}


def split_front_matter(text: str, path: str) -> tuple[str | None, str, int, list[Problem]]:
    """Return (front matter, body, body's first line number, problems)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return (
            None,
            text,
            1,
            [
                Problem(
                    path,
                    1,
                    "the article must start with YAML front matter between '---' lines. "
                    "Got no front matter instead.",
                    hint="begin the file with '---', the keys, and another '---'.",
                )
            ],
        )
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2, []
    return (
        None,
        "",
        len(lines) + 1,
        [Problem(path, 1, "the front matter must end with a '---' line. Got none instead.")],
    )


def key_lines(front: str, offset: int) -> dict[str, int]:
    """Line of each top-level front-matter key (1-based, in the whole file)."""
    try:
        node = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + offset for k, _ in node.value if hasattr(k, "value")}


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def as_list(value: object) -> list[str] | None:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value]
    return None


def _disclaimers(value: dict[object, object], problem: Callable[..., None]) -> dict[str, str]:
    """A per-audience disclaimer map: audience (or ``default``) to text, in source order."""
    allowed = (*schema.values(schema.AUDIENCES), "default")
    out: dict[str, str] = {}
    for key, text in value.items():
        if key not in allowed:
            problem(
                "disclaimer",
                f"front matter key 'disclaimer' must map {', '.join(allowed)} to text. "
                f"Got '{key}' instead; it is ignored.",
                severity=Severity.WARNING,
            )
        elif _as_text(text) is None or not _as_text(text):
            problem("disclaimer", f"the '{key}' disclaimer must be text. Got {text!r} instead.")
        else:
            out[str(key)] = str(_as_text(text))
    if not out:
        problem("disclaimer", "front matter key 'disclaimer' is required. Got no text instead.")
    return out


def check_front_matter(
    meta: dict[str, object], path: str, lines: dict[str, int]
) -> tuple[dict[str, object], list[Problem]]:
    problems: list[Problem] = []
    out: dict[str, object] = {}

    def problem(
        key: str, message: str, hint: str | None = None, severity: Severity = Severity.ERROR
    ) -> None:
        problems.append(
            Problem(path, lines.get(key, 2), message, column=key, hint=hint, severity=severity)
        )

    known = {f.name for f in schema.FRONT_MATTER}
    for key in meta:
        if key not in known:
            problem(
                str(key),
                f"front matter key '{key}' must be one of the known keys. Got '{key}' instead; "
                "it is ignored.",
                f"known keys: {', '.join(sorted(known))}.",
                Severity.WARNING,
            )
    for f in schema.FRONT_MATTER:
        if f.required and (meta.get(f.name) is None or meta.get(f.name) == ""):
            problem(f.name, f"front matter key '{f.name}' is required. Got nothing instead.")
    disclaimer = meta.get("disclaimer")
    if isinstance(disclaimer, dict):
        out["disclaimers"] = _disclaimers(disclaimer, problem)
        meta = {k: v for k, v in meta.items() if k != "disclaimer"}
        if out["disclaimers"]:
            texts = out["disclaimers"]
            out["disclaimer"] = (
                texts.get("default") or texts.get("clinician") or next(iter(texts.values()))
            )
    for key in ("slug", "title", "question", "disclaimer", "summary"):
        if meta.get(key) is None:
            continue
        text = _as_text(meta[key])
        if text is None:
            problem(key, f"front matter key '{key}' must be text. Got {type(meta[key]).__name__}.")
        else:
            out[key] = text
    slug = out.get("slug")
    if isinstance(slug, str) and slug and not SLUG_PATTERN.match(slug):
        problem(
            "slug",
            f"front matter key 'slug' must be lowercase letters, digits and hyphens. "
            f"Got '{slug}' instead.",
        )
        out.pop("slug")
    status = meta.get("status")
    if status in COMPUTED_STATUSES:
        # Approval and review are earned by the board's log, never asserted by a file.
        problem(
            "status",
            f"front matter key 'status' is the author's request (draft or submitted). Got "
            f"'{status}' instead; it is read as 'submitted'. {COMPUTED_STATUSES[status]}",
            "write 'status: submitted'; see docs/review.md.",
            Severity.WARNING,
        )
        out["status"] = "submitted"
    elif status is not None:
        allowed = schema.values(schema.STATUSES)
        if status not in allowed:
            problem(
                "status",
                f"front matter key 'status' must be one of {', '.join(allowed)}. "
                f"Got '{status}' instead.",
            )
        else:
            out["status"] = status
    updated = meta.get("updated")
    if updated is not None:
        if isinstance(updated, dt.datetime):
            out["updated"] = updated.date()
        elif isinstance(updated, dt.date):
            out["updated"] = updated
        else:
            try:
                out["updated"] = dt.date.fromisoformat(str(updated).strip())
            except ValueError:
                problem(
                    "updated",
                    f"front matter key 'updated' must be a date written YYYY-MM-DD. "
                    f"Got '{updated}' instead.",
                )
    audiences = meta.get("audiences")
    if audiences is not None:
        items = as_list(audiences)
        allowed = schema.values(schema.AUDIENCES)
        if items is None or not items:
            problem("audiences", "front matter key 'audiences' must be a list of audiences.")
        else:
            unknown = [a for a in items if a not in allowed]
            if unknown:
                problem(
                    "audiences",
                    f"front matter key 'audiences' must use {', '.join(allowed)}. "
                    f"Got '{unknown[0]}' instead.",
                )
            out["audiences"] = tuple(a for a in items if a in allowed)
    for key in ("authors", "reviewers"):
        if meta.get(key) is not None:
            items = as_list(meta[key])
            if items is None:
                problem(key, f"front matter key '{key}' must be a list of names.")
            else:
                out[key] = tuple(items)
    return out, problems
