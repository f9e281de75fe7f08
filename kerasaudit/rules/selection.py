"""Which rules run: ``--select``/``--ignore``/``--extend-select`` (codes or prefixes, like
ruff) and per-file ignores."""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..settings import Settings
    from .base import Rule


def _matches(code: str, patterns: list[str]) -> bool:
    return any(p.upper() == "ALL" or code.startswith(p.upper()) for p in patterns)


def is_selected(rule: "type[Rule]", settings: "Settings", path: str = "") -> bool:
    code = rule.code
    if settings.select:
        selected = _matches(code, settings.select)
    else:
        selected = rule.enabled_by_default
    if settings.extend_select and _matches(code, settings.extend_select):
        selected = True
    if settings.ignore and _matches(code, settings.ignore):
        selected = False
    for pattern, codes in settings.per_file_ignores.items():
        if path and (fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path, f"*/{pattern}")) \
                and _matches(code, codes):
            selected = False
    return selected
