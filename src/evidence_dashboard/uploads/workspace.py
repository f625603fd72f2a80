"""A session's uploads, and merging them with the shipped content."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from evidence_dashboard.bibliography import BibliographyLoad, Reference
from evidence_dashboard.content.articles import Article, parse_article
from evidence_dashboard.content.evidence import EvidenceLoad
from evidence_dashboard.content.library import Library, cross_check_article
from evidence_dashboard.errors import Problem, ProblemList, duplicate_key
from evidence_dashboard.uploads.files import (
    UPLOADED,
    check_upload,
    decode_text,
    read_table,
    safe_file_name,
)
from evidence_dashboard.uploads.references import read_bibliography_upload
from evidence_dashboard.uploads.tables import needs_mapping, read_evidence_upload


def read_article_upload(name: str, data: bytes) -> Article:
    """Read an uploaded Markdown article; an unreadable file is an article holding one problem."""
    path = safe_file_name(name)
    problem = check_upload(name, data, "article")
    text = None
    if problem is None:
        text, problem = decode_text(name, data)
    if text is None:
        article = parse_article("", path)
        return Article(**{**_article_fields(article), "problems": (problem,)})
    return parse_article(text, path)


def _article_fields(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in Article.__dataclass_fields__}


# --------------------------------------------------------------------------- the workspace


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file as the browser sent it, with the analyst's column mapping if any."""

    name: str
    kind: str
    data: bytes
    mapping: tuple[tuple[str, str], ...] = ()
    constants: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """The sanitized file name, for display and origin labels."""
        return safe_file_name(self.name)

    @property
    def digest(self) -> str:
        """A short hash of the bytes and the mapping."""
        h = hashlib.sha256(self.data)
        h.update(repr((self.kind, self.label, self.mapping, self.constants)).encode())
        return h.hexdigest()[:16]


@dataclass
class Workspace:
    """A browser session's uploads, by kind and sanitized name (a new upload replaces the old)."""

    uploads: dict[str, Upload] = field(default_factory=dict)

    def add(self, upload: Upload) -> None:
        """Add or replace an upload (keyed by kind and sanitized name)."""
        self.uploads[f"{upload.kind}:{upload.label}"] = upload

    def remove(self, kind: str, label: str) -> None:
        """Forget an upload."""
        self.uploads.pop(f"{kind}:{label}", None)

    def of_kind(self, kind: str) -> list[Upload]:
        """The uploads of one kind, in upload order."""
        return [u for u in self.uploads.values() if u.kind == kind]

    @property
    def token(self) -> str:
        """A hash of every upload, so derived tables can be cached per workspace content."""
        return hashlib.sha256(
            "|".join(u.digest for u in self.uploads.values()).encode()
        ).hexdigest()


@dataclass(frozen=True)
class WorkspaceLoad:
    """Everything read from a workspace, merged with the shipped library.

    Attributes
    ----------
    evidence : pandas.DataFrame
        Shipped and uploaded valid rows, with an ``origin`` column.
    rejected : pandas.DataFrame
        Uploaded rows set aside (validation, duplicate ids, unknown sources).
    references : dict
        Shipped and uploaded references by key.
    articles : tuple of Article
        Uploaded articles.
    problems : tuple of Problem
        Every problem found in the uploads.
    """

    evidence: pd.DataFrame
    rejected: pd.DataFrame
    references: dict[str, Reference]
    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = ()
    loads: dict[str, EvidenceLoad] = field(default_factory=dict)
    #: Each bibliography upload as read, by sanitized file name.
    bibliographies: dict[str, BibliographyLoad] = field(default_factory=dict)
    #: Evidence uploads whose columns need mapping to the schema: the table as read.
    unmapped: dict[str, pd.DataFrame] = field(default_factory=dict)

    def problems_for(self, label: str) -> tuple[Problem, ...]:
        """The problems located in one uploaded file."""
        return tuple(p for p in self.problems if p.path == label)


def merge_references(
    library: Library, loads: Sequence[BibliographyLoad]
) -> tuple[dict[str, Reference], list[Problem]]:
    """Shipped references plus uploaded ones; an uploaded key already in use is set aside."""
    merged = dict(library.references)
    seen = {k.lower(): r for k, r in merged.items()}
    problems: list[Problem] = []
    for load in loads:
        problems.extend(load.problems)
        for key, ref in load.references.items():
            first = seen.get(key.lower())
            if first is not None:
                where = f"{first.path}:{first.line}"
                problems.append(duplicate_key(ref.path, ref.line, "BibTeX key", key, where))
                continue
            seen[key.lower()] = ref
            merged[key] = ref
    return merged, problems


def merge_evidence(
    library: Library,
    uploads: Mapping[str, EvidenceLoad],
    references: Mapping[str, Reference] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Shipped rows plus each upload's valid rows, each marked with its origin.

    Parameters
    ----------
    library : Library
        The shipped content.
    uploads : Mapping
        Sanitized file name to that upload's :class:`EvidenceLoad`.
    references : Mapping, optional
        Every known reference (shipped and uploaded); default the library's.

    Returns
    -------
    rows, rejected, problems
        Rows with an ``origin`` column ("shipped" or "uploaded: <name>"); uploaded rows whose id
        is already used, or whose source is in no bibliography, are set aside with a located
        problem each.
    """
    keys = {k.lower() for k in (library.references if references is None else references)}
    shipped = library.evidence.assign(origin="shipped")
    first_seen = dict(
        zip(shipped["id"], zip(shipped["file"], shipped["line"], strict=True), strict=True)
    )
    frames, rejected, problems = [shipped], [], []
    for label, load in uploads.items():
        rows = load.rows.assign(origin=UPLOADED + label)
        if not load.rejected.empty:
            rejected.append(load.rejected.assign(origin=UPLOADED + label))
        keep = []
        for index, row in zip(rows.index, rows.itertuples(index=False), strict=True):
            if row.id in first_seen:
                where = "{}:{}".format(*first_seen[row.id])
                problems.append(
                    Problem(
                        row.file,
                        int(row.line),
                        f"column 'id' must be unique across all "
                        f"evidence. Got '{row.id}', already used at {where}, instead.",
                        column="id",
                        hint="rename the uploaded row's id.",
                        item=row.id,
                    )
                )
            elif row.source.lower() not in keys:
                problems.append(
                    Problem(
                        row.file,
                        int(row.line),
                        f"column 'source' must be a key in the "
                        f"shipped or an uploaded bibliography. Got '{row.source}' instead.",
                        column="source",
                        hint="upload the bibliography that defines it.",
                        item=row.id,
                    )
                )
            else:
                first_seen[row.id] = (row.file, row.line)
                keep.append(index)
                continue
            rejected.append(rows.loc[[index]])
        frames.append(rows.loc[keep])
    merged = pd.concat(frames, ignore_index=True) if len(frames) > 1 else shipped
    set_aside = pd.concat(rejected, ignore_index=True) if rejected else shipped.iloc[0:0]
    return merged, set_aside, problems


def load_workspace(library: Library, workspace: Workspace) -> WorkspaceLoad:
    """Read every upload in a workspace and merge it with the shipped library."""
    bibliographies = {
        u.label: read_bibliography_upload(u.name, u.data) for u in workspace.of_kind("bibliography")
    }
    references, problems = merge_references(library, list(bibliographies.values()))
    unmapped = {}
    for upload in workspace.of_kind("evidence"):
        table, _ = read_table(upload.name, upload.data)
        if table is not None and not upload.mapping and needs_mapping(table.columns):
            unmapped[upload.label] = table
    loads = {
        u.label: read_evidence_upload(u.name, u.data, dict(u.mapping), dict(u.constants))
        for u in workspace.of_kind("evidence")
    }
    for load in loads.values():
        problems.extend(load.problems)
    rows, rejected, merge_problems = merge_evidence(library, loads, references)
    problems.extend(merge_problems)
    articles = tuple(read_article_upload(u.name, u.data) for u in workspace.of_kind("article"))
    for article in articles:
        problems.extend(article.problems)
    return WorkspaceLoad(
        rows, rejected, references, articles, tuple(problems), loads, bibliographies, unmapped
    )


def session_library(library: Library, load: WorkspaceLoad) -> Library:
    """The shipped library with this session's uploads in it: evidence, references and articles.

    Uploaded articles are checked against the merged evidence and references, like shipped ones;
    a slug already taken gets an ``uploaded-`` prefix so both stay readable.
    """
    ids = set(load.evidence["id"])
    keys = {k.lower(): k for k in load.references}
    taken = {a.slug for a in library.articles}
    articles = list(library.articles)
    problems = list(library.problems)
    for article in load.articles:
        checked = cross_check_article(article, ids, keys)
        if checked.slug in taken:
            checked = replace(checked, slug=f"uploaded-{checked.slug}")
        taken.add(checked.slug)
        articles.append(checked)
        problems.extend(checked.problems)  # the article's problem panel reads them here
    return replace(
        library,
        articles=tuple(articles),
        evidence=load.evidence,
        references=dict(load.references),
        problems=ProblemList(problems),
    )
