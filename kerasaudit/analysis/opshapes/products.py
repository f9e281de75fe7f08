"""Products of two tensors: ``matmul``, ``dot``, ``tensordot``, ``outer``, ``kron``.
"""

from __future__ import annotations

from typing import Any

from ...catalog.spec import ShapeError, Unknowable
from ..dims import is_known
from .arguments import flat_size, fmt, int_arg, is_int
from .broadcasting import broadcast


def matmul(s1: tuple, s2: tuple) -> tuple:
    if len(s1) == 0 or len(s2) == 0:
        raise ShapeError("matmul: both operands must have at least one dimension")
    one1, one2 = len(s1) == 1, len(s2) == 1
    if one1:
        s1 = (1, s1[0])
    if one2:
        s2 = (s2[0], 1)
    a, b = s1[-1], s2[-2]
    if is_known(a) and is_known(b) and a != b:
        raise ShapeError(f"Inner dimensions (`x1.shape[-1]` and `x2.shape[-2]`) must be equal, but received "
                         f"`x1.shape={fmt(s1)}` and `x2.shape={fmt(s2)}`.")
    out = list(broadcast(s1[:-2], s2[:-2])) + [s1[-2], s2[-1]]
    if one1:
        del out[-2]
    if one2:
        del out[-1]
    return tuple(out)


def dot(s1: tuple, s2: tuple) -> tuple:
    if s1 == () or s2 == ():
        return broadcast(s1, s2)
    if len(s1) == 1 and len(s2) == 1:
        return ()
    if len(s2) == 1:
        if is_known(s1[-1]) and is_known(s2[0]) and s1[-1] != s2[0]:
            raise ShapeError(f"Shape must match on the last axis of `x1` and `x2`: {fmt(s1)} and {fmt(s2)}")
        return s1[:-1]
    if is_known(s1[-1]) and is_known(s2[-2]) and s1[-1] != s2[-2]:
        raise ShapeError(f"Shape must match on the last axis of `x1` and second last axis of `x2`: {fmt(s1)} "
                         f"and {fmt(s2)}")
    return s1[:-1] + s2[:-2] + s2[-1:]


def tensordot(s1: tuple, s2: tuple, axes: Any = 2) -> tuple:
    if is_int(axes):
        if axes <= 0:
            return s1 + s2
        return s1[:-axes] + s2[axes:]
    if not (isinstance(axes, (list, tuple)) and len(axes) == 2):
        raise Unknowable("`axes` is not known")
    a1, a2 = axes
    a1 = [a1] if is_int(a1) else [int_arg(a, "axes") for a in a1]
    a2 = [a2] if is_int(a2) else [int_arg(a, "axes") for a in a2]
    for i, j in zip(a1, a2):
        if is_known(s1[i]) and is_known(s2[j]) and s1[i] != s2[j]:
            raise ShapeError(f"Shape mismatch on `x1[axes[0]]` and `x2[axes[1]]`: {fmt(s1)} and {fmt(s2)}")
    k1 = {i % len(s1) for i in a1}
    k2 = {j % len(s2) for j in a2}
    return tuple(d for i, d in enumerate(s1) if i not in k1) + tuple(d for j, d in enumerate(s2) if j not in k2)


def outer(s1: tuple, s2: tuple) -> tuple:
    return (flat_size(s1), flat_size(s2))


def kron(s1: tuple, s2: tuple) -> tuple:
    n = max(len(s1), len(s2))
    a = (1,) * (n - len(s1)) + tuple(s1)
    b = (1,) * (n - len(s2)) + tuple(s2)
    return tuple(None if x is None or y is None else x * y for x, y in zip(a, b))  # type: ignore[operator]

