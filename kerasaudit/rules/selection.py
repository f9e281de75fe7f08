"""Which rules run: ``--select``/``--ignore``/``--extend-select`` (codes or prefixes, like
ruff) in layers (configuration file, then command line), and per-file ignores.

Within one layer the most specific selector wins (``select = ["KA1"]``, ``ignore =
["KA101"]`` runs every KA1xx rule but KA101; the reverse runs only KA101); on a tie,
ignore wins. A layer with ``select`` starts over; later layers override earlier ones.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from ..settings import Settings
    from .base import Rule


def specificity(code: str, patterns: Iterable[str]) -> int:
    """How specific the best pattern matching ``code`` is: -1 none, 0 ``ALL``, else its length."""
    best = -1
    for p in patterns:
        p = p.strip().upper()
        if p == "ALL":
            best = max(best, 0)
        elif p and code.startswith(p):
            best = max(best, len(p))
    return best


def _matches(code: str, patterns: list[str]) -> bool:
    return specificity(code, patterns) >= 0


def is_selected(rule: "type[Rule]", settings: "Settings", path: str = "") -> bool:
    code = rule.code
    selected = rule.enabled_by_default
    for layer in settings.layers():
        if layer.select is not None:
            selected = False
        chosen = specificity(code, (layer.select or []) + layer.extend_select)
        ignored = specificity(code, layer.ignore)
        if chosen >= 0 or ignored >= 0:
            selected = chosen > ignored
    if selected and path and settings.per_file_ignores:
        for pattern, codes in settings.per_file_ignores.items():
            if _matches(code, codes) and path_matches(path, pattern, settings.root):
                return False
    return selected


def path_matches(path: str, pattern: str, root: Path | None = None) -> bool:
    """A per-file-ignores pattern (a glob, relative to the configuration's directory, or a
    bare file name) against a checked file's path."""
    candidates = {PurePath(path).as_posix()}
    if root is not None:
        try:
            candidates.add(Path(path).resolve().relative_to(root.resolve()).as_posix())
        except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
            pass
    pattern = pattern.replace("\\", "/")
    for c in candidates:
        if fnmatch.fnmatch(c, pattern) or fnmatch.fnmatch(c, f"*/{pattern}") or \
                fnmatch.fnmatch(PurePath(c).name, pattern):
            return True
    return False


def unknown_selectors(patterns: Iterable[str], codes: Iterable[str]) -> list[str]:
    """The patterns that are neither ``ALL`` nor a prefix of any rule's code."""
    known = [c.upper() for c in codes]
    out = []
    for p in patterns:
        q = p.strip().upper()
        if q == "ALL":
            continue
        if not q or not any(c.startswith(q) for c in known):
            out.append(p)
    return out
