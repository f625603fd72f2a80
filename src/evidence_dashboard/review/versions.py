"""Content versions: a hash of exactly what a board approves.

An article's version is the SHA-256 of a canonical serialisation of its text in every audience,
every evidence row it cites (every field as written in the file) and every reference it cites.
Each claim has its own hash over its text in every audience, its rows and its references, so an
edit of one evidence row changes the hash of exactly the claims that cite it.

Where a row or entry sits in its file (path, line) is not content: moving a row does not change
a version, changing any of its values does.
"""

from __future__ import annotations

import dataclasses
import math
import weakref
from collections.abc import Iterable, Mapping

import pandas as pd

from evidence_dashboard import schema
from evidence_dashboard.content.articles import Article, Block
from evidence_dashboard.content.citations import find_citation_clusters
from evidence_dashboard.content.evidence import DISPLAY_SUFFIX, NUMBER_COLUMNS
from evidence_dashboard.content.library import Library
from evidence_dashboard.review.hashing import canonical, digest, short

__all__ = ["article_version", "canonical", "claim_hashes", "digest", "short", "snapshot"]

#: Bumped whenever the serialisation below changes, so old and new hashes never collide.
FORMAT = "evidence-dashboard/review-version/1"


def _block_texts(block: Block) -> dict[str, object]:
    """The block's text in every audience: its default text, each audience's version, and who
    sees the block at all."""
    return {
        "text": block.text,
        "versions": {str(k): str(v) for k, v in sorted(block.versions.items())},
        "audiences": sorted(block.audiences),
    }


# Rows by id per evidence frame: frames are never changed once loaded, and reading them row by
# row through pandas costs far more than hashing. Keyed by id() and checked by a weak reference,
# so a collected frame's id can never be mistaken for a new one.
_RECORDS: dict[int, tuple[weakref.ref[pd.DataFrame], dict[str, dict[str, str]]]] = {}


def _all_records(frame: pd.DataFrame) -> dict[str, dict[str, str]]:
    cached = _RECORDS.get(id(frame))
    if cached is not None and cached[0]() is frame:
        return cached[1]
    columns = [c.name for c in schema.EVIDENCE_COLUMNS]
    # Numbers as the file wrote them ("1.50", not 1.5): that is what a reviewer read.
    sources = [n + DISPLAY_SUFFIX if n in NUMBER_COLUMNS else n for n in columns]
    records: dict[str, dict[str, str]] = {}
    for values in frame[sources].to_numpy(dtype=object).tolist():
        record = {
            name: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
            for name, v in zip(columns, values, strict=True)
        }
        records.setdefault(record["id"], record)
    if len(_RECORDS) >= 32:
        _RECORDS.clear()
    _RECORDS[id(frame)] = (weakref.ref(frame), records)
    return records


def row_records(library: Library, ids: Iterable[str] | None = None) -> dict[str, dict[str, str]]:
    """Evidence rows' fields as written in the file, by id (all rows, or only ``ids``)."""
    records = _all_records(library.evidence)
    if ids is None:
        return records
    return {i: records[i] for i in ids if i in records}


def _rows(records: Mapping[str, Mapping[str, str]], row_ids: Iterable[str]) -> list[object]:
    return [dict(records[i]) if i in records else {"id": i, "missing": True} for i in row_ids]


def _reference_record(library: Library, key: str) -> dict[str, object]:
    """A cited entry's type and decoded fields, or a marker for an unknown key."""
    ref = library.references.get(key) or next(
        (r for k, r in library.references.items() if k.lower() == key.lower()), None
    )
    if ref is None:
        return {"key": key, "missing": True}
    return {
        "key": ref.key,
        "entry_type": ref.entry_type,
        "fields": {str(k): str(v) for k, v in ref.fields.items()},
        "authors": [list(map(str, dataclasses.astuple(n))) for n in ref.authors],
        "editors": [list(map(str, dataclasses.astuple(n))) for n in ref.editors],
        "evidence_type": ref.evidence_type,
    }


def _cited_keys(texts: Iterable[str]) -> list[str]:
    keys: dict[str, None] = {}
    for text in texts:
        for cluster in find_citation_clusters(text):
            keys.update(dict.fromkeys(cluster.keys))
    return list(keys)


def claim_blocks(article: Article, claim_id: str) -> tuple[Block, ...]:
    """Every block of one claim (its own text and the audience passages inside it)."""
    return tuple(b for b in article.blocks if b.claim_id == claim_id)


def claim_texts(article: Article, claim_id: str) -> tuple[str, ...]:
    """Every text of a claim a reader can see: default texts and each audience's version."""
    return tuple(text for b in claim_blocks(article, claim_id) for text, _line in b.texts())


def claim_record(
    library: Library,
    article: Article,
    claim_id: str,
    records: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, object]:
    """The canonical content of one claim: texts per audience, rows, references."""
    blocks = claim_blocks(article, claim_id)
    if records is None:
        records = row_records(library, (i for b in blocks for i in b.evidence_ids))
    texts = [_block_texts(b) for b in blocks]
    row_ids = list(dict.fromkeys(i for b in blocks for i in b.evidence_ids))
    rows = _rows(records, row_ids)
    keys = _cited_keys(text for b in blocks for text, _line in b.texts())
    keys += [str(r["source"]) for r in rows if isinstance(r, dict) and r.get("source")]
    return {
        "claim": claim_id,
        "title": next((b.claim_title for b in blocks if b.claim_title), None),
        "texts": texts,
        "rows": rows,
        "references": [_reference_record(library, k) for k in dict.fromkeys(keys)],
    }


def claim_hashes(library: Library, article: Article) -> dict[str, str]:
    """The hash of every claim of an article, in reading order.

    Parameters
    ----------
    library : Library
        The loaded content the article's rows and references come from.
    article : Article
        The article.

    Returns
    -------
    dict
        Claim id to the SHA-256 (hex) of the claim's canonical content.

    Examples
    --------
    >>> from evidence_dashboard.content.library import load_library
    >>> lib = load_library()
    >>> art = lib.articles[0]
    >>> hashes = claim_hashes(lib, art)
    >>> list(hashes) == [c.claim_id for c in art.claims], len(next(iter(hashes.values())))
    (True, 64)
    """
    records = row_records(library, article.evidence_ids)
    return {
        c.claim_id: claim_hash(claim_record(library, article, c.claim_id, records))
        for c in article.claims
        if c.claim_id
    }


def article_record(library: Library, article: Article) -> dict[str, object]:
    """The canonical content of a whole article (the author's requested status is not in it)."""
    blocks = [
        {"claim": b.claim_id, "texts": _block_texts(b), "evidence": list(b.evidence_ids)}
        for b in article.blocks
    ]
    keys = list(article.cited_keys)
    rows = _rows(row_records(library, article.evidence_ids), article.evidence_ids)
    keys += [str(r["source"]) for r in rows if isinstance(r, dict) and r.get("source")]
    return {
        "slug": article.slug,
        "title": article.title,
        "question": article.question,
        "summary": article.summary,
        "disclaimer": article.disclaimer,
        "audiences": list(article.audiences),
        "blocks": blocks,
        "rows": rows,
        "references": [_reference_record(library, k) for k in dict.fromkeys(keys)],
    }


def article_version(library: Library, article: Article) -> str:
    """The version of an article: SHA-256 of its text, cited rows and cited references.

    Examples
    --------
    >>> from evidence_dashboard.content.library import load_library
    >>> lib = load_library()
    >>> version = article_version(lib, lib.articles[0])
    >>> version == article_version(lib, lib.articles[0]), len(version)
    (True, 64)
    """
    return digest([FORMAT, article_record(library, article)])


def snapshot(library: Library, article: Article) -> dict[str, object]:
    """The content of an article's current version, as stored for diffs.

    ``digest([FORMAT, snapshot["article"]])`` is the article version and each claim record
    hashes to its claim hash, so a stored snapshot can be checked against the hash it claims.
    """
    records = row_records(library, article.evidence_ids)
    return {
        "article": article_record(library, article),
        "claims": {
            str(c.claim_id): claim_record(library, article, str(c.claim_id), records)
            for c in article.claims
        },
    }


def snapshot_version(content: Mapping[str, object]) -> str:
    """The version a stored snapshot's content hashes to."""
    return digest([FORMAT, content["article"]])


def claim_hash(record: Mapping[str, object]) -> str:
    """The hash of one claim record (as in :func:`claim_hashes`)."""
    return digest([FORMAT, record])
