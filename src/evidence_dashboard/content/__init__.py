"""Content: the readers of articles, evidence tables and bibliographies, and the library they make.

``library`` loads a content folder into a :class:`~evidence_dashboard.content.library.Library`;
``evidence``, ``articles``, ``front_matter`` and ``citations`` read and check one kind of file each.
"""
