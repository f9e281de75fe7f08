"""Broadcasting: NumPy's rule on our dims, for elementwise operations and ``broadcast_to``.
"""

from __future__ import annotations

from typing import Any

from ...catalog.spec import ShapeError, Unknowable
from ..dims import Dim, Sym, UnknownDim, is_known
from .arguments import fmt, is_int, opaque


def broadcast_dim(a: Dim, b: Dim) -> Dim:
    if a == 1 and is_int(a):
        return b
    if b == 1 and is_int(b):
        return a
    if isinstance(a, UnknownDim) or isinstance(b, UnknownDim):
        other = b if isinstance(a, UnknownDim) else a
        # A known size other than 1 is the result whenever broadcasting succeeds at all.
        return other if is_known(other) else (a if isinstance(a, UnknownDim) else b)
    if is_known(a) and is_known(b):
        if a != b:
            raise ShapeError(f"Cannot broadcast shape, the failure dim has value {a}, which cannot be "
                             f"broadcasted to {b}.")
        return a
    if is_known(a):
        return a  # b is None or symbolic: Keras takes the known size
    if is_known(b):
        return b
    if a is None or b is None:
        return None
    if a == b:
        return a
    return opaque(f"max({a}, {b})")


def broadcast(*shapes: tuple) -> tuple:
    out: list = []
    for shape in shapes:
        s1, s2 = list(out), list(shape)
        if len(s1) < len(s2):
            s1 = [1] * (len(s2) - len(s1)) + s1
        if len(s2) < len(s1):
            s2 = [1] * (len(s1) - len(s2)) + s2
        try:
            out = [broadcast_dim(a, b) for a, b in zip(s1, s2)]
        except ShapeError as exc:
            raise ShapeError(f"{exc.message} Input shapes are: {', '.join(fmt(s) for s in shapes)}.") from None
    return tuple(out)


def broadcast_to(shape: tuple, target: Any) -> tuple:
    if is_int(target):
        target = (target,)
    if not isinstance(target, (list, tuple)):
        raise Unknowable("the target shape is not known")
    for d in target:
        if not (is_int(d) or isinstance(d, Sym) or d is None or isinstance(d, UnknownDim)):
            raise Unknowable("a dimension of the target shape is not known")
    broadcast(shape, tuple(target))
    return tuple(target)

