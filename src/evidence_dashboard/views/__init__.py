"""Views: the pure view model each page renders (article, compare, evidence), built from the core.

Nothing here imports streamlit; ``ui/`` and the pages only display what these functions return.
"""
