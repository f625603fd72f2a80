"""The Streamlit layer: cached loaders, the shared sidebar and safe rendering helpers.

This is the only package outside ``pages/`` and ``app.py`` that imports streamlit.
"""
