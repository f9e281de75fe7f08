"""Library-style builder functions that the file defines but never calls."""

from __future__ import annotations

from typing import Any


def analyse_uncalled(interp: Any) -> None:
    """Reserved: builders nobody calls are analysed with their defaults (see issue on real-world code)."""
    return None
