"""What can be said about a layer Keras leaves unbuilt (it prints ``0 (unbuilt)``).

A layer nothing builds has no weights yet, but some weights do not depend on the input at all
(``Embedding(1000, 64)`` always makes a ``(1000, 64)`` table). Those counts are shown on the
layer's row; the model's totals stay unknown, since Keras would count 0 there.
"""

from __future__ import annotations

from typing import Any

from ..catalog.spec import Call, ShapeError, Unknowable
from .shapes import UnknownShape


def knowable_counts(layer: Any) -> tuple[int, int, int] | None:
    """(total, trainable, non-trainable) of an unbuilt catalog layer whose weights do not depend
    on its input, or None."""
    if layer.built or layer.spec is None or layer.cfg is None or hasattr(layer, "summary_layers"):
        return None
    flag = layer.is_trainable()
    if flag is None:
        return None
    probe = Call(layer.class_name, {"inputs": UnknownShape("the layer is never built")})
    try:
        weights = list(layer.spec.weights(layer.cfg, probe))
    except (Unknowable, ShapeError, ArithmeticError, ValueError, TypeError, IndexError, KeyError, AttributeError):
        return None
    counts = [w.count() for w in weights]
    if any(c is None for c in counts):
        return None
    total = sum(counts)
    trainable = sum(c for w, c in zip(weights, counts) if w.trainable) if flag else 0
    return total, trainable, total - trainable
