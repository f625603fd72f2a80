"""Your files: upload an evidence table, a bibliography and an article for this session."""

import streamlit as st

from evidence_dashboard import uploads
from evidence_dashboard.safe_html import escape_markdown
from evidence_dashboard.ui import uploads as upload_widgets
from evidence_dashboard.ui import workspace
from evidence_dashboard.ui.layout import problem_panel, start_page

LIMITS = f"Up to {uploads.MAX_UPLOAD_BYTES // (1024 * 1024)} MB per file"
UPLOADERS = (
    (
        "evidence",
        "Evidence table",
        f"{LIMITS}, at most {uploads.MAX_ROWS:,} rows; CSV (UTF-8) or Excel",
    ),
    ("bibliography", "Bibliography", f"{LIMITS}; BibTeX, RIS or CSL-JSON (UTF-8)"),
    ("article", "Article (optional)", f"{LIMITS}; Markdown with front matter (UTF-8)"),
)

library, _ = start_page("Your files")
ws = workspace.get_workspace()

st.title("Bring your own files")
st.caption(
    "Uploads stay in this browser session only: nothing is saved to the content folder, and "
    "closing the tab forgets them. Valid rows appear at once on the Evidence page beside the "
    "shipped evidence, marked as uploaded; rows with problems are set aside and listed here."
)

for column, (kind, label, limits) in zip(st.columns(3), UPLOADERS, strict=True):
    with column:
        exts = uploads.EXTENSIONS[kind]
        files = st.file_uploader(
            label,
            type=[e.lstrip(".") for e in exts],
            accept_multiple_files=True,
            key=f"up_{kind}",
            max_upload_size=uploads.MAX_UPLOAD_BYTES // (1024 * 1024),
        )
        st.caption(f"{limits} ({', '.join(exts)}). Checked again on the server.")
        upload_widgets.take_uploads(files, kind)

if not ws.uploads:
    st.info(
        "No files uploaded yet. An evidence table needs the schema's columns (see the data "
        "dictionary on the Evidence page); a table with other column names can be mapped here."
    )
    st.stop()

result = workspace.load(library)
sources = sorted(result.references, key=str.casefold)
total = sum(v.startswith(uploads.UPLOADED) for v in result.evidence["origin"])
if total:
    st.success(f"{total} uploaded row(s) are in use on the Evidence page.")
elif ws.of_kind("evidence"):
    st.info("No uploaded row is in use yet: see each file's report below.")
st.page_link("pages/3_Evidence.py", label="Open the Evidence page", icon=":material/table:")

for upload in list(ws.uploads.values()):
    with st.container(border=True):
        head, remove = st.columns([5, 1])
        head.markdown(f"**{escape_markdown(upload.label)}** · {upload.kind}")
        remove.button(
            "Remove",
            key=f"remove_{upload.kind}_{upload.digest}",
            on_click=ws.remove,
            args=(upload.kind, upload.label),
        )
        # Everything below reads what the workspace parsed once per upload set, never the bytes.
        if upload.kind == "evidence":
            table = result.unmapped.get(upload.label)
            if table is not None:
                upload_widgets.mapping_step(upload, table, sources)
            else:
                upload_widgets.upload_report(upload, result)
        elif upload.kind == "bibliography":
            bib = result.bibliographies.get(upload.label)
            count = 0 if bib is None else len(bib.references)
            st.markdown(f"**{count}** reference(s) read.")
            if bib is not None and bib.references:
                st.caption("Keys: " + escape_markdown(", ".join(bib.references)))
            problem_panel(result.problems_for(upload.label), title="Validation report")
        else:
            article = next((a for a in result.articles if a.path == upload.label), None)
            if article is not None:
                st.markdown(f"Title: {escape_markdown(article.title)}")
                problem_panel(article.problems, title="Validation report")
