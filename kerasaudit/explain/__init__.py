"""``kerasaudit explain``: the arithmetic behind a layer's numbers, in the user's own values.

Each layer family has a small module here (auto-discovered, like the catalog) that
registers, by Keras class name, an :class:`Explainer`: how each output dimension follows
from the input and the arguments, and where each dimension of each weight comes from.
The numbers themselves always come from the analysis (shapes, weights); this package only
writes out the formulas that produced them and checks nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable

from ..analysis.dims import dim_text

MINUS, TIMES = "\u2212", "\u00b7"  # as in "(440 + 2·3 − 7) // 2 + 1"


@dataclass
class Step:
    """One line of arithmetic: ``label: formula = result`` and why, in words."""

    label: str
    formula: str
    why: str = ""


@dataclass
class Context:
    """What an explainer sees of one call of one layer."""

    layer: Any  # LayerObj
    node: Any  # Node (None when the layer is never called)
    cfg: Any  # Config (None when the arguments are not understood)
    inputs: Any  # the input shape, or a list of them
    output: Any  # the output shape(s)
    producer: Any = None  # the node that produced the (first) input, if any
    notes: list[str] = field(default_factory=list)


ShapeFn = Callable[[Context], list[Step]]
WeightFn = Callable[[Context, Any], str]


@dataclass
class Explainer:
    shape: ShapeFn | None = None  # the output shape, axis by axis
    weight: WeightFn | None = None  # where one weight's dimensions come from
    note: Callable[[Context], list[str]] | None = None  # anything else worth saying


REGISTRY: dict[str, Explainer] = {}
_loaded = False


def explains(*class_names: str, shape: ShapeFn | None = None, weight: WeightFn | None = None,
             note: Callable[[Context], list[str]] | None = None) -> None:
    for name in class_names:
        REGISTRY[name] = Explainer(shape, weight, note)


def explainer_for(class_name: str) -> Explainer | None:
    global _loaded
    if not _loaded:
        _loaded = True
        for info in pkgutil.iter_modules(__path__):
            if not info.name.startswith("_") and info.name not in ("render", "target"):
                importlib.import_module(f"{__name__}.{info.name}")
    return REGISTRY.get(class_name)


# -- small helpers the family modules share --------------------------------------------
def d(value: Any) -> str:
    """A dimension as written in a formula."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = dim_text(value)
    return f"({text})" if any(c in text for c in " +-*/") else text


def equals(formula: str, result: Any) -> str:
    """``formula = result``; a size left open (a symbol such as ``H``) has no number to show,
    so the formula stands alone."""
    if isinstance(result, int) and not isinstance(result, bool):
        return f"{formula} = {result}"
    if result is None:
        return formula
    return f"{formula} (symbolic: the input size is left open)"


def product(factors: list[Any]) -> str:
    return TIMES.join(d(f) for f in factors)


def n(value: Any) -> str:
    """A count, with thousands separators."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else d(value)


def spatial_axes(rank: int, channels_first: bool) -> list[int]:
    """Axes of the spatial dimensions of a (batch, ..., channels) tensor of ``rank``."""
    return list(range(2, rank)) if channels_first else list(range(1, rank - 1))


def axis_names(count: int) -> list[str]:
    return {1: ["steps"], 2: ["height", "width"], 3: ["depth", "height", "width"]}.get(
        count, [f"axis {i + 1}" for i in range(count)])


def as_tuple(value: Any, rank: int) -> tuple | None:
    """An int or a tuple of ints per axis (Keras's ``standardize_tuple``), None if unknown."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,) * rank
    if isinstance(value, (list, tuple)) and len(value) == rank and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        return tuple(value)
    return None


def written(value: Any) -> str:
    """An argument as the user wrote it (its Python repr)."""
    return repr(value)


def channels_first(cfg: Any) -> bool:
    try:
        return bool(cfg is not None and cfg.channels_first())
    except Exception:  # noqa: BLE001 - an unknown data format: the default layout is shown
        return False
