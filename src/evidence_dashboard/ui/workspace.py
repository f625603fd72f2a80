"""The session's uploads (kept in ``st.session_state``) and the evidence tables derived from them.

Every page that shows evidence calls :func:`all_evidence` so uploaded rows appear beside the
shipped ones, marked by their ``origin``. Reading and merging happen in the pure
:mod:`evidence_dashboard.uploads`; this module only keeps state and caches derived tables.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence_dashboard import explorer, uploads
from evidence_dashboard.bibliography import Reference
from evidence_dashboard.content import Library
from evidence_dashboard.uploads import Upload, Workspace, WorkspaceLoad

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
def _load(
    _library: Library, _workspace: Workspace, library_key: tuple[str, int], token: str
) -> WorkspaceLoad:
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
    # The cached library lives as long as its content is unchanged, so its id names a version.
    return _load(library, workspace, (library.root, id(library)), workspace.token)


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
def _display(_library: Library, library_key: tuple[str, int], token: str) -> pd.DataFrame:
    frame = all_evidence(_library)
    return explorer.display_table(frame, _library, all_references(_library))


def display_table(library: Library) -> pd.DataFrame:
    """The explorer's display table for every row (same index as :func:`all_evidence`), cached.

    The frame is shared between reruns: filter it, never modify it in place.
    """
    return _display(library, (library.root, id(library)), get_workspace().token)
