"""Every file a user takes away: rows (``tables``) and charts (``charts``).

The article exports (HTML, PDF, PPTX) live beside these in this package.
"""

from evidence_dashboard.export.charts import (
    chromium_executable,
    figure_html,
    figure_image,
    image_export_available,
)
from evidence_dashboard.export.tables import (
    EXPORTERS,
    export_rows,
    file_stem,
    rows_csv,
    rows_table,
)

__all__ = [
    "EXPORTERS",
    "chromium_executable",
    "export_rows",
    "figure_html",
    "figure_image",
    "file_stem",
    "image_export_available",
    "rows_csv",
    "rows_table",
]
