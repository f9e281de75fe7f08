"""The layer catalog: one small spec per Keras layer class, grouped by family.

Family modules in this package are discovered automatically: adding a layer means
adding a spec class (and its test cases) to a family module, nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil

from .spec import LayerSpec

_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for info in pkgutil.iter_modules(__path__):
        if info.name != "spec" and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def lookup(class_name: str) -> LayerSpec | None:
    """The spec for a ``keras.layers`` class name (Keras 3 or an older spelling)."""
    _load()
    return LayerSpec.registry.get(class_name)


def all_specs() -> dict[str, LayerSpec]:
    """Every registered name (aliases included) and its spec."""
    _load()
    return dict(LayerSpec.registry)
