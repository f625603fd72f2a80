"""The app as ``evidence-dashboard serve`` runs it: ``app.py`` on Streamlit's own server, whose
HTML page opens shared links sooner (``evidence_dashboard.ui.page_head``), and whose connections
send each run's messages together, as soon as the run ends (``evidence_dashboard.ui.tcp`` and
``evidence_dashboard.ui.run_batches``).

``streamlit run serve.py`` starts it; ``streamlit run app.py`` runs the same app on Streamlit's
page as it is. This file sits beside ``app.py`` so that Streamlit reads the same
``.streamlit/config.toml`` for both.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from evidence_dashboard.ui.page_head import PageHead
from evidence_dashboard.ui.run_batches import RunBatches
from evidence_dashboard.ui.tcp import no_delay

no_delay()  # each rerun's messages sent at once, not 40 ms later (evidence_dashboard/ui/tcp.py)
# A run's messages reach the browser together, so it redraws the page once per run
# (evidence_dashboard/ui/run_batches.py).
app = st.App(
    Path(__file__).with_name("app.py"),
    middleware=[Middleware(PageHead), Middleware(RunBatches)],
)
