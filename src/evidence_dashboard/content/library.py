"""Load a content folder (articles, evidence tables, bibliographies) into one validated Library.

Every problem is collected, never raised: one broken article, row or BibTeX entry is set aside
and reported, and everything else keeps working.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from evidence_dashboard.bibliography import Reference, load_bibtex
from evidence_dashboard.content import evidence
from evidence_dashboard.content.articles import VALUE_FIELDS, Article, load_article, value_tokens
from evidence_dashboard.content.citations import find_citation_clusters
from evidence_dashboard.errors import Problem, ProblemList, Severity, duplicate_key
from evidence_dashboard.locations import shipped_content_dir

DATA_ENV_VAR = "EVIDENCE_DASHBOARD_DATA"


def default_data_dir() -> Path:
    """The content folder used when none is named (a ``--data`` option wins over this).

    In order: ``$EVIDENCE_DASHBOARD_DATA`` if set; the repository's ``data/`` when running from
    a source checkout; else the content shipped inside the installed package.

    Examples
    --------
    >>> (default_data_dir() / "articles").is_dir()
    True
    """
    configured = os.environ.get(DATA_ENV_VAR, "").strip()
    return Path(configured).expanduser() if configured else shipped_content_dir()


@dataclass(frozen=True)
class Library:
    """Everything loaded from one content folder.

    Attributes
    ----------
    root : str
        The folder that was loaded.
    articles : tuple of Article
        Every article found, including those with problems.
    evidence : pandas.DataFrame
        The valid evidence rows (see ``evidence.empty_frame()`` for the columns).
    rejected : pandas.DataFrame
        Rows set aside because of problems.
    references : dict
        BibTeX key to :class:`~evidence_dashboard.bibliography.Reference`, across all files.
    problems : tuple of Problem
        Every problem found, in file order.
    fingerprint : str
        A SHA-256 of the loaded files' names and bytes (plus the upload token for a session's
        library): equal fingerprints mean equal content, so caches are keyed on it.
    """

    root: str
    articles: tuple[Article, ...]
    evidence: pd.DataFrame
    rejected: pd.DataFrame
    references: dict[str, Reference]
    problems: ProblemList = field(default_factory=ProblemList)
    fingerprint: str = ""

    def __repr__(self) -> str:
        from evidence_dashboard.content.display import library_text

        return library_text(self)

    def _repr_html_(self) -> str:
        """A summary for Jupyter: counts, and the problem table when there are problems."""
        from evidence_dashboard.content.display import library_html

        return library_html(self)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Only the problems of error severity."""
        return tuple(p for p in self.problems if p.severity == Severity.ERROR)

    def article(self, slug: str) -> Article | None:
        """The article with this slug, or None."""
        return next((a for a in self.articles if a.slug == slug), None)

    def article_problems(self, article: Article) -> tuple[Problem, ...]:
        """Problems located in this article's file."""
        return tuple(p for p in self.problems if p.path == article.path)

    def rows(self, ids: Iterable[str]) -> pd.DataFrame:
        """The evidence rows with these ids, in the order given (unknown ids are skipped)."""
        wanted = [i for i in dict.fromkeys(ids) if i in set(self.evidence["id"])]
        indexed = self.evidence.set_index("id", drop=False)
        return indexed.loc[wanted].reset_index(drop=True)

    def citing_articles(self) -> dict[str, tuple[str, ...]]:
        """Evidence id to the slugs of the articles whose claims rest on it."""
        cited: dict[str, list[str]] = {}
        for article in self.articles:
            for row_id in article.evidence_ids:
                cited.setdefault(row_id, []).append(article.slug)
        return {k: tuple(v) for k, v in cited.items()}


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def cross_check_article(article: Article, ids: set[str], keys: dict[str, str]) -> Article:
    """Check an article's citations, claims and value tokens against evidence and bibliography.

    ``ids`` are the known evidence ids; ``keys`` maps lower-cased BibTeX keys to their spelling.
    Returns the article with any new problems added to its own.
    """
    problems: list[Problem] = []
    for block in article.blocks:
        for row_id in block.evidence_ids:
            if row_id not in ids:
                problems.append(
                    Problem(
                        article.path,
                        block.line - 1,
                        f"claim '{block.claim_id}' must rest on known evidence rows. "
                        f"Got '{row_id}', which is in no evidence table, instead.",
                        column="evidence",
                        item=article.slug,
                    )
                )
        # The default text and every audience's version are checked alike, each at its lines.
        for text, first_line in block.texts():
            problems.extend(_check_text(article, text, first_line, ids, keys))
    if not problems:
        return article
    merged = tuple(sorted((*article.problems, *problems), key=lambda p: p.line or 0))
    return _replace_problems(article, merged)


def _check_text(
    article: Article, text: str, first_line: int, ids: set[str], keys: dict[str, str]
) -> list[Problem]:
    """Citation and value-token problems in one text that starts at ``first_line``."""
    problems: list[Problem] = []
    for cluster in find_citation_clusters(text):
        for key in cluster.keys:
            if key.lower() not in keys:
                problems.append(
                    Problem(
                        article.path,
                        first_line + cluster.line - 1,
                        f"citation '@{key}' must name a BibTeX key in data/references. "
                        f"Got an unknown key instead.",
                        column="citation",
                        hint=_close_key_hint(key, keys.values()),
                        item=article.slug,
                    )
                )
    for row_id, field_name, line in value_tokens(text):
        if row_id not in ids:
            problems.append(
                Problem(
                    article.path,
                    first_line + line - 1,
                    f"value '{{{{{row_id}}}}}' must name a known evidence row. "
                    f"Got '{row_id}' instead.",
                    column="value",
                    item=article.slug,
                )
            )
        elif field_name is not None and field_name not in VALUE_FIELDS:
            problems.append(
                Problem(
                    article.path,
                    first_line + line - 1,
                    f"value field '{field_name}' must be one of "
                    f"{', '.join(sorted(VALUE_FIELDS))}. Got '{field_name}' instead.",
                    column="value",
                    item=article.slug,
                )
            )
    return problems


def _replace_problems(article: Article, problems: tuple[Problem, ...]) -> Article:
    return replace(article, problems=problems)


def _close_key_hint(key: str, keys: Iterable[str], prefix: str = "@") -> str | None:
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
    return f"did you mean '{prefix}{close[0]}'?" if close else None


CONTENT_FOLDERS = ("articles", "evidence", "references")


def content_fingerprint(root: Path) -> str:
    """SHA-256 of the names and bytes of every file in the content folders, in a fixed order.

    Examples
    --------
    >>> len(content_fingerprint(default_data_dir())), content_fingerprint(Path("/nonexistent"))
    (64, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    """
    digest = hashlib.sha256()
    for sub in CONTENT_FOLDERS:
        for path in sorted((root / sub).glob("*")):
            if path.is_file():
                name = path.relative_to(root).as_posix().encode()
                data = path.read_bytes()
                digest.update(b"%d:%s%d:" % (len(name), name, len(data)) + data)
    return digest.hexdigest()


def session_fingerprint(fingerprint: str, token: str) -> str:
    """The fingerprint of a library with a session's uploads (``token``) merged in."""
    return hashlib.sha256(f"{fingerprint}\n{token}".encode()).hexdigest() if token else fingerprint


def load_library(root: Path | str | None = None) -> Library:
    """Load and validate a content folder.

    Parameters
    ----------
    root : path-like, optional
        Folder holding ``articles/``, ``evidence/`` and ``references/``; defaults to
        :func:`default_data_dir`.

    Returns
    -------
    Library
        Articles, valid evidence rows, references and every problem found.

    Examples
    --------
    >>> lib = load_library()
    >>> len(lib.articles) >= 1, lib.errors
    (True, ())
    """
    root = Path(root) if root is not None else default_data_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        problem = Problem(
            str(root),
            None,
            "the content folder must exist. Got a path that is not a folder instead.",
            hint=f"set {DATA_ENV_VAR} to a folder holding articles/, evidence/ and references/.",
        )
        return Library(
            str(root),
            (),
            evidence.empty_frame(),
            evidence.empty_frame(),
            {},
            ProblemList((problem,)),
        )

    references: dict[str, Reference] = {}
    first_seen: dict[str, Reference] = {}
    for bib_path in sorted((root / "references").glob("*.bib")):
        load = load_bibtex(bib_path, _relative(bib_path, root))
        problems.extend(load.problems)
        for key, ref in load.references.items():
            if key.lower() in first_seen:
                earlier = first_seen[key.lower()]
                first = f"{earlier.path}:{earlier.line}"
                problems.append(duplicate_key(ref.path, ref.line, "BibTeX key", key, first))
                continue
            first_seen[key.lower()] = ref
            references[key] = ref
    keys = {k.lower(): k for k in references}

    loads = [
        evidence.load_evidence_file(p, _relative(p, root))
        for p in sorted((root / "evidence").glob("*.csv"))
    ]
    combined = evidence.combine(loads)
    problems.extend(combined.problems)
    rows = combined.rows
    unknown_source = ~rows["source"].str.lower().isin(list(keys))
    # read_at names the page a figure was read on: a URL, or the key of a reproduction's entry.
    read_at = rows["read_at"].str.strip()
    unknown_read_at = (
        ~unknown_source
        & (read_at != "")
        & ~read_at.str.match(r"https?://")
        & ~read_at.str.lower().isin(list(keys))
    )
    for column, mask, wanted in (
        ("source", unknown_source, "a BibTeX key"),
        ("read_at", unknown_read_at, "a URL or a BibTeX key"),
    ):
        for _, row in rows.loc[mask].iterrows():
            problems.append(
                Problem(
                    row["file"],
                    int(row["line"]),
                    f"column '{column}' must be {wanted} in data/references. Got "
                    f"'{row[column]}' instead.",
                    column=column,
                    hint=_close_key_hint(row[column], keys.values(), prefix=""),
                    item=row["id"],
                )
            )
    set_aside = unknown_source | unknown_read_at
    rejected = pd.concat([combined.rejected, rows.loc[set_aside]], ignore_index=True)
    rows = rows.loc[~set_aside].reset_index(drop=True)
    ids = set(rows["id"])

    articles: list[Article] = []
    seen_slugs: dict[str, str] = {}
    for md_path in sorted((root / "articles").glob("*.md")):
        article = load_article(md_path, _relative(md_path, root))
        article = cross_check_article(article, ids, keys)
        if article.slug in seen_slugs:
            duplicate = Problem(
                article.path,
                2,
                f"front matter key 'slug' must be unique. Got '{article.slug}', already used by "
                f"{seen_slugs[article.slug]}, instead.",
                column="slug",
            )
            article = _replace_problems(article, (*article.problems, duplicate))
        seen_slugs.setdefault(article.slug, article.path)
        problems.extend(article.problems)
        articles.append(article)

    cited_sources = set(rows["source"].str.lower()) | set(rows["read_at"].str.lower())
    for article in articles:
        cited_sources.update(k.lower() for k in article.cited_keys)
    for key, ref in references.items():
        if key.lower() not in cited_sources:
            problems.append(
                Problem(
                    ref.path,
                    ref.line,
                    f"reference '{key}' is cited by no article and no evidence row.",
                    column="key",
                    severity=Severity.WARNING,
                    item=key,
                )
            )
    return Library(
        root=str(root),
        articles=tuple(articles),
        evidence=rows,
        rejected=rejected,
        references=references,
        problems=ProblemList(problems),
        fingerprint=content_fingerprint(root),
    )
