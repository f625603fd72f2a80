"""The Your files page's widgets: take uploads, map columns, report what became of each file.

Kept apart from ``ui/workspace.py`` (session state and cached tables), which every page uses:
this module draws problem panels and upload widgets; no other ui module imports it.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from evidence_dashboard import schema, uploads
from evidence_dashboard.ui.problems import problem_panel
from evidence_dashboard.ui.workspace import add_upload, get_workspace
from evidence_dashboard.uploads import Upload, WorkspaceLoad

_SEEN_KEY = "uploads_seen"
_NONE = "(not in the file)"


def take_uploads(files: list[object] | None, kind: str) -> None:
    """Keep newly uploaded files in the workspace (each browser upload is taken once)."""
    seen: set[str] = st.session_state.setdefault(_SEEN_KEY, set())
    for file in files or []:
        file_id = f"{kind}:{getattr(file, 'file_id', '')}:{getattr(file, 'name', '')}"
        if file_id not in seen:
            seen.add(file_id)
            add_upload(file.name, kind, file.getvalue())


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
