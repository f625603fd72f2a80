"""Bring your own files: check, read and merge uploaded evidence tables, bibliographies, articles.

Uploads are hostile input. Every limit is checked here, on the server, whatever the browser
allowed: size, extension and the bytes themselves (an ``.xlsx`` must be an OOXML zip, a text file
must be UTF-8 with no NUL bytes). Each failure is one located :class:`Problem`, never an
exception. Valid rows are usable at once; invalid ones are set aside with their problems.

``files`` checks and decodes, ``tables`` reads evidence and maps columns, ``references`` reads
BibTeX, RIS and CSL-JSON, and ``workspace`` keeps a session's uploads and merges them.
"""

from evidence_dashboard.uploads.files import (
    ARTICLE_EXTENSIONS,
    BIBLIOGRAPHY_EXTENSIONS,
    EVIDENCE_EXTENSIONS,
    EXTENSIONS,
    MAX_NAME_CHARS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    UPLOADED,
    check_upload,
    decode_text,
    extension,
    read_table,
    safe_file_name,
    upload_text,
)
from evidence_dashboard.uploads.references import (
    parse_csl_json,
    parse_ris,
    read_bibliography_upload,
)
from evidence_dashboard.uploads.tables import (
    apply_mapping,
    needs_mapping,
    read_evidence_upload,
    suggest_mapping,
)
from evidence_dashboard.uploads.workspace import (
    Upload,
    Workspace,
    WorkspaceLoad,
    load_workspace,
    merge_evidence,
    merge_references,
    read_article_upload,
    session_library,
)

__all__ = [
    "ARTICLE_EXTENSIONS",
    "BIBLIOGRAPHY_EXTENSIONS",
    "EVIDENCE_EXTENSIONS",
    "EXTENSIONS",
    "MAX_NAME_CHARS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "UPLOADED",
    "Upload",
    "Workspace",
    "WorkspaceLoad",
    "apply_mapping",
    "check_upload",
    "decode_text",
    "extension",
    "load_workspace",
    "merge_evidence",
    "merge_references",
    "needs_mapping",
    "parse_csl_json",
    "parse_ris",
    "read_article_upload",
    "read_bibliography_upload",
    "read_evidence_upload",
    "read_table",
    "safe_file_name",
    "session_library",
    "suggest_mapping",
    "upload_text",
]
