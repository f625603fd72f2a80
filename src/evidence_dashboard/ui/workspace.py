"""The session's uploads (kept in ``st.session_state``) and the evidence tables derived from them.

Every page that shows evidence calls :func:`all_evidence` so uploaded rows appear beside the
shipped ones, marked by their ``origin``. Reading and merging happen in the pure
:mod:`evidence_dashboard.uploads`; this module only keeps state and caches derived tables.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from evidence_dashboard import uploads
from evidence_dashboard.bibliography import Reference
from evidence_dashboard.content.library import Library, session_fingerprint
from evidence_dashboard.uploads import Upload, Workspace, WorkspaceLoad
from evidence_dashboard.views import explorer
from evidence_dashboard.views.explorer import EvidenceView, Explorer

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


@st.cache_resource(show_spinner=False, max_entries=4)
def _shipped(_library: Library, library_key: str) -> WorkspaceLoad:
    # Once per content version: adding the origin column copies every row.
    return uploads.WorkspaceLoad(
        explorer.with_origin(_library.evidence),
        _library.rejected.iloc[0:0],
        dict(_library.references),
    )


def load(library: Library) -> WorkspaceLoad:
    """Shipped content merged with this session's uploads (cached per content and uploads)."""
    workspace = get_workspace()
    if not workspace.uploads:
        return _shipped(library, library.fingerprint)
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
def _explorer(_library: Library, _load: WorkspaceLoad, library_key: str, token: str) -> Explorer:
    return explorer.prepare(_load.evidence, _library, _load.references)


@st.cache_resource(show_spinner=False, max_entries=64)
def _view_order(
    _prepared: Explorer, library_key: str, token: str, spec: explorer.FilterSpec
) -> explorer.ViewOrder:
    return explorer.view_order(_prepared, spec)


def _prepared(library: Library) -> Explorer:
    return _explorer(library, load(library), library.fingerprint, get_workspace().token)


def evidence_choices(library: Library) -> dict[str, list[str]]:
    """The values each Evidence filter offers (and the sortable columns), for the widgets."""
    return _prepared(library).choices


def evidence_view(library: Library, spec: explorer.FilterSpec | None = None) -> EvidenceView:
    """The Evidence page's data for a filter spec (default: no filter), cached per content
    version, uploads and spec. The one wrapper between the files and the Evidence page.

    Filtering and sorting 100,000 rows is the costly part of a rerun: which rows a spec shows
    and in what order is kept per spec (positions only, 8 bytes a row), and the frames are taken
    from those positions on each run, so reruns never pile up copies of the rows. Frames are
    shared between reruns: never modify them.
    """
    spec = spec or explorer.FilterSpec()
    prepared = _prepared(library)
    order = _view_order(prepared, library.fingerprint, get_workspace().token, spec)
    return explorer.evidence_view(prepared, spec, order)
