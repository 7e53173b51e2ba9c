"""The presentation layer: what the CLI, the dashboard, its JSON twins and the briefing show.

Pure functions over engine results (no I/O): source references split into links, and the
shared rules for showing numbers. Placed after ``talks``/``runtime`` and before
``store``/``reports``/``api``/``web`` (tests/test_layers.py).
"""
