"""The app as ``evidence-dashboard serve`` runs it: ``app.py`` on Streamlit's own server, whose
HTML page opens shared links sooner (``evidence_dashboard.ui.page_head``).

``streamlit run serve.py`` starts it; ``streamlit run app.py`` runs the same app on Streamlit's
page as it is. This file sits beside ``app.py`` so that Streamlit reads the same
``.streamlit/config.toml`` for both.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from evidence_dashboard.ui.page_head import PageHead

app = st.App(Path(__file__).with_name("app.py"), middleware=[Middleware(PageHead)])
