"""Evidence dashboard: drug-risk evidence beside the clinical text that cites it.

The core (everything here except ``ui``) is plain Python: it loads and validates content,
computes statistics and builds figures, and never imports streamlit.
"""

__version__ = "0.1.0"
