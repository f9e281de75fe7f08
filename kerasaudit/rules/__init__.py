"""Rules: one small class per module, grouped by family (``rules/<family>/<rule>.py``).

Rule modules are discovered automatically; a rule registers itself by subclassing
:class:`~kerasaudit.rules.base.Rule` with a ``code``.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import Rule

_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for family in pkgutil.iter_modules(__path__):
        if not family.ispkg:
            continue
        package = importlib.import_module(f"{__name__}.{family.name}")
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("_"):
                importlib.import_module(f"{package.__name__}.{info.name}")


def all_rules() -> dict[str, type[Rule]]:
    """Every rule by code, in code order."""
    _load()
    return dict(sorted(Rule.registry.items()))


def get_rule(code: str) -> type[Rule] | None:
    return all_rules().get(code.upper())
