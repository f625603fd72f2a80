"""What changed between two versions of an article, claim by claim.

Text is compared word by word (``[-old-]{+new+}``), evidence rows field by field, references by
their fields; a claim whose hash did not change is reported as unchanged and nothing more.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from evidence_dashboard.review.versions import claim_hash, short


@dataclass(frozen=True, slots=True)
class ClaimDiff:
    """The changes to one claim: its state and one line per change."""

    claim: str
    state: str  # "added", "removed", "changed" or "unchanged"
    text: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    references: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return {
            "claim": self.claim,
            "state": self.state,
            "text": list(self.text),
            "rows": list(self.rows),
            "references": list(self.references),
        }


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """Every claim's changes between two versions."""

    old: str
    new: str
    claims: tuple[ClaimDiff, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> tuple[ClaimDiff, ...]:
        """Only the claims that changed, were added or were removed."""
        return tuple(c for c in self.claims if c.state != "unchanged")


def word_diff(old: str, new: str) -> str:
    """Words removed as ``[-...-]`` and added as ``{+...+}``, the rest as written.

    Examples
    --------
    >>> word_diff("drowsiness in 10% of people", "drowsiness in 12% of adults")
    'drowsiness in [-10%-]{+12%+} of [-people-]{+adults+}'
    """
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out).replace("-] {+", "-]{+")


def _texts(record: Mapping[str, Any]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for index, block in enumerate(record.get("texts", [])):
        who = ",".join(block.get("audiences") or []) or "all"
        texts[f"block {index + 1} ({who})"] = block.get("text", "")
        for audience, text in (block.get("versions") or {}).items():
            texts[f"block {index + 1} ({audience} version)"] = text
    return texts


def _keyed_changes(
    old: list[Mapping[str, Any]], new: list[Mapping[str, Any]], key: str, what: str
) -> list[str]:
    before = {str(r.get(key)): r for r in old}
    after = {str(r.get(key)): r for r in new}
    lines: list[str] = []
    for ident in dict.fromkeys([*before, *after]):
        if ident not in after:
            lines.append(f"{what} {ident} removed")
        elif ident not in before:
            lines.append(f"{what} {ident} added")
        else:
            lines.extend(_field_changes(before[ident], after[ident], f"{what} {ident}"))
    return lines


def _field_changes(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str) -> list[str]:
    lines: list[str] = []
    for name in dict.fromkeys([*old, *new]):
        a, b = old.get(name), new.get(name)
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            lines.extend(_field_changes(a, b, f"{prefix}.{name}"))
        elif a != b:
            lines.append(f"{prefix} {name}: {a!r} → {b!r}")
    return lines


def diff_claim(
    claim: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> ClaimDiff:
    """The changes to one claim between two claim records."""
    if old is None:
        return ClaimDiff(claim, "added")
    if new is None:
        return ClaimDiff(claim, "removed")
    if claim_hash(old) == claim_hash(new):
        return ClaimDiff(claim, "unchanged")
    before, after = _texts(old), _texts(new)
    text = [
        f"{where}: {word_diff(before.get(where, ''), after.get(where, ''))}"
        for where in dict.fromkeys([*before, *after])
        if before.get(where) != after.get(where)
    ]
    if old.get("title") != new.get("title"):
        text.insert(0, f"title: {word_diff(old.get('title') or '', new.get('title') or '')}")
    rows = _keyed_changes(old.get("rows", []), new.get("rows", []), "id", "row")
    refs = _keyed_changes(old.get("references", []), new.get("references", []), "key", "reference")
    return ClaimDiff(claim, "changed", tuple(text), tuple(rows), tuple(refs))


def diff_versions(
    old_version: str, old: Mapping[str, Any], new_version: str, new: Mapping[str, Any]
) -> VersionDiff:
    """Claim-by-claim changes between two snapshots (see ``versions.snapshot``)."""
    before, after = old.get("claims", {}), new.get("claims", {})
    claims = tuple(
        diff_claim(c, before.get(c), after.get(c)) for c in dict.fromkeys([*after, *before])
    )
    return VersionDiff(old_version, new_version, claims)


def diff_text(diff: VersionDiff) -> str:
    """The diff as plain text, one block per changed claim."""
    lines = [f"Changes from version {short(diff.old)} to {short(diff.new)}:"]
    if not diff.changed:
        lines.append("  no claim changed.")
    for claim in diff.changed:
        lines.append(f"claim {claim.claim}: {claim.state}")
        lines.extend(f"  {line}" for line in (*claim.text, *claim.rows, *claim.references))
    return "\n".join(lines)
