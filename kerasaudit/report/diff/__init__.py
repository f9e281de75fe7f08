"""Reporters of ``kerasaudit diff``: one module per format, ``render(result, options) -> str``."""
