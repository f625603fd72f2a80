"""The session's uploads (kept in ``st.session_state``) and the evidence tables derived from them.

Every page that shows evidence calls :func:`all_evidence` so uploaded rows appear beside the
shipped ones, marked by their ``origin``. Reading and merging happen in the pure
:mod:`evidence_dashboard.uploads`; this module only keeps state and caches derived tables.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import streamlit as st

from evidence_dashboard import schema, uploads
from evidence_dashboard.bibliography import Reference
from evidence_dashboard.content.library import Library, session_fingerprint
from evidence_dashboard.ui.problems import problem_panel
from evidence_dashboard.uploads import Upload, Workspace, WorkspaceLoad
from evidence_dashboard.views import explorer

_STATE_KEY = "uploads_workspace"


def get_workspace() -> Workspace:
    """This browser session's workspace (created empty on first use)."""
    workspace = st.session_state.get(_STATE_KEY)
    if not isinstance(workspace, Workspace):
        workspace = Workspace()
        st.session_state[_STATE_KEY] = workspace
    return workspace


def add_upload(name: str, kind: str, data: bytes) -> Upload:
    """Keep an uploaded file in the workspace (replacing one of the same kind and name).

    A re-sent identical file keeps the column mapping chosen for it.
    """
    workspace = get_workspace()
    upload = Upload(name=name, kind=kind, data=data)
    old = workspace.uploads.get(f"{kind}:{upload.label}")
    if old is not None and old.data == data:
        return old
    workspace.add(upload)
    return upload


# cache_resource, not cache_data: results are shared read-only (no per-hit unpickling of large
# frames, and references hold mapping proxies that cannot be pickled). The token hashes the
# uploads' bytes, so sessions never see each other's files unless they uploaded the same ones.
@st.cache_resource(show_spinner=False, max_entries=16)
def _load(_library: Library, _workspace: Workspace, library_key: str, token: str) -> WorkspaceLoad:
    return uploads.load_workspace(_library, _workspace)


def load(library: Library) -> WorkspaceLoad:
    """Shipped content merged with this session's uploads (cached per content and uploads)."""
    workspace = get_workspace()
    if not workspace.uploads:
        return uploads.WorkspaceLoad(
            explorer.with_origin(library.evidence),
            library.rejected.iloc[0:0],
            dict(library.references),
        )
    # The fingerprint names the content version (an object id could be reused after collection).
    return _load(library, workspace, library.fingerprint, workspace.token)


@st.cache_resource(show_spinner=False, max_entries=16)
def _session_library(
    _library: Library, _load: WorkspaceLoad, library_key: str, token: str
) -> Library:
    merged = uploads.session_library(_library, _load)
    return replace(merged, fingerprint=session_fingerprint(_library.fingerprint, token))


def session_library(library: Library) -> Library:
    """The shipped library plus this session's uploads (articles, rows, references)."""
    workspace = get_workspace()
    if not workspace.uploads:
        return library
    return _session_library(library, load(library), library.fingerprint, workspace.token)


def all_evidence(library: Library) -> pd.DataFrame:
    """Shipped and uploaded valid evidence rows, with an ``origin`` column.

    ``origin`` is ``"shipped"`` or ``"uploaded: <safe file name>"``; uploaded rows set aside
    (bad values, duplicate ids, unknown sources) are not included.
    """
    return load(library).evidence


def all_references(library: Library) -> dict[str, Reference]:
    """Shipped and uploaded references by key."""
    return load(library).references


@st.cache_resource(show_spinner=False, max_entries=8)
def _display(_library: Library, library_key: str, token: str) -> pd.DataFrame:
    frame = all_evidence(_library)
    return explorer.display_table(frame, _library, all_references(_library))


def display_table(library: Library) -> pd.DataFrame:
    """The explorer's display table for every row (same index as :func:`all_evidence`), cached.

    The frame is shared between reruns: filter it, never modify it in place.
    """
    return _display(library, library.fingerprint, get_workspace().token)


@st.cache_resource(show_spinner=False, max_entries=8)
def _options(_frame: pd.DataFrame, library_key: str, token: str) -> dict[str, list]:
    return {name: explorer.options(_frame, name) for name in explorer.FILTER_COLUMNS}


def filter_options(library: Library) -> dict[str, list]:
    """The values each filter offers (those present in the rows), computed once per version."""
    key = library.fingerprint
    return _options(all_evidence(library), key, get_workspace().token)


@st.cache_resource(show_spinner=False, max_entries=32)
def _filtered(
    _frame: pd.DataFrame,
    _shown: pd.DataFrame,
    library_key: str,
    token: str,
    spec: explorer.FilterSpec,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rows = explorer.filter_evidence(_frame, spec)
    view = _shown.loc[rows.index]
    is_statement = rows["measure"] == "statement"
    return rows, view.loc[~is_statement], explorer.statement_table(view, rows)


def filtered_view(
    library: Library, spec: explorer.FilterSpec
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(matching rows, their estimates for display, their statements), cached per filter spec.

    Filtering and sorting 100,000 rows is the costly part of a rerun; a view seen before in this
    content version comes back at once.
    """
    key = library.fingerprint
    return _filtered(
        all_evidence(library), display_table(library), key, get_workspace().token, spec
    )


# --------------------------------------------------------------------------- the upload page

_SEEN_KEY = "uploads_seen"
_NONE = "(not in the file)"


def take_uploads(files: list[object] | None, kind: str) -> None:
    """Keep newly uploaded files in the workspace (each browser upload is taken once)."""
    seen: set[str] = st.session_state.setdefault(_SEEN_KEY, set())
    for file in files or []:
        file_id = f"{kind}:{getattr(file, 'file_id', '')}:{getattr(file, 'name', '')}"
        if file_id not in seen:
            seen.add(file_id)
            add_upload(file.name, kind, file.getvalue())  # type: ignore[attr-defined]


def _use_mapping(upload: Upload, mapping: dict[str, str], constants: dict[str, str]) -> None:
    get_workspace().add(
        Upload(
            upload.name,
            upload.kind,
            upload.data,
            tuple(sorted(mapping.items())),
            tuple(sorted(constants.items())),
        )
    )


def _constant_widget(column: schema.Column, key: str, sources: list[str]) -> str:
    label = f"Value for every row: {column.name}"
    if column.vocabulary:
        return st.selectbox(label, column.vocabulary, index=None, key=key) or ""
    if column.name == "source" and sources:
        return st.selectbox(label, sources, index=None, key=key, help="a known BibTeX key") or ""
    help_text = "rows get <prefix>-1, <prefix>-2, ..." if column.name == "id" else column.help
    return st.text_input(label, key=key, help=help_text).strip()


def mapping_step(upload: Upload, table: pd.DataFrame, sources: list[str]) -> None:
    """Let the analyst map the file's columns to the schema, preview, download and apply it."""
    st.warning(
        "This table names its columns differently from the schema. Match them below; "
        "required columns the file lacks can take one value for every row."
    )
    suggested = uploads.suggest_mapping(list(table.columns))
    options = [_NONE, *table.columns]
    mapping: dict[str, str] = {}
    grid = st.columns(4)
    for i, column in enumerate(schema.EVIDENCE_COLUMNS):
        guess = suggested.get(column.name)
        chosen = grid[i % 4].selectbox(
            column.name + (" *" if column.required else ""),
            options,
            index=options.index(guess) if guess in options else 0,
            key=f"map_{upload.digest}_{column.name}",
            help=column.help,
        )
        if chosen != _NONE:
            mapping[column.name] = chosen
    constants: dict[str, str] = {}
    missing = [c for c in schema.EVIDENCE_COLUMNS if c.required and c.name not in mapping]
    if missing:
        st.markdown("**Required columns the file lacks**")
        grid = st.columns(3)
        for i, column in enumerate(missing):
            with grid[i % 3]:
                key = f"const_{upload.digest}_{column.name}"
                value = _constant_widget(column, key, sources)
                if value:
                    constants[column.name] = value
    mapped = uploads.apply_mapping(table, mapping, constants)
    preview = pd.read_csv(io.StringIO(mapped), dtype=str, keep_default_na=False, nrows=5)
    st.caption("Preview of the mapped table (first 5 rows):")
    st.dataframe(preview, hide_index=True, width="stretch", key=f"map_preview_{upload.digest}")
    left, right = st.columns(2)
    left.download_button(
        "Download the mapped CSV",
        mapped.encode("utf-8"),
        file_name=f"mapped_{upload.label.rsplit('.', 1)[0]}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"map_download_{upload.digest}",
    )
    right.button(
        "Use this mapping",
        type="primary",
        on_click=_use_mapping,
        args=(upload, mapping, constants),
        key=f"map_apply_{upload.digest}",
    )


def upload_report(upload: Upload, result: WorkspaceLoad) -> None:
    """What became of one evidence upload: usable rows, set-aside rows and located problems."""
    load = result.loads.get(upload.label)
    origin = uploads.UPLOADED + upload.label
    usable = int((result.evidence["origin"] == origin).sum())
    aside = (
        result.rejected.loc[result.rejected["origin"] == origin] if len(result.rejected) else None
    )
    st.markdown(
        f"**{usable}** row(s) usable on the Evidence page; "
        f"**{0 if aside is None else len(aside)}** set aside."
    )
    problems = result.problems_for(upload.label)
    if problems:
        problem_panel(problems, title="Validation report")
    if aside is not None and not aside.empty:
        st.caption("Rows set aside (fix them in the file and upload it again):")
        shown = ["id", "line", *(c for c in aside.columns if c not in ("id", "line"))]
        st.dataframe(aside[shown], hide_index=True, width="stretch")
    if load is not None and not load.problems and not problems:
        st.success("Every row passed validation.")
