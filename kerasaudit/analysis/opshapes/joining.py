"""Joining tensors and splitting them: ``concatenate``, ``stack``, ``split``, ``unstack``.
"""

from __future__ import annotations

from typing import Any

from ...catalog.spec import ShapeError, Unknowable
from ..dims import Dim, UnknownDim, is_known
from .arguments import canonical_axis, fmt, int_arg, is_int


def concatenate(shapes: list, axis: Any = 0) -> tuple:
    if axis is None:
        raise ShapeError("`axis` cannot be None for `concatenate`.")
    if not shapes:
        raise ShapeError("concatenate needs at least one tensor")
    first = shapes[0]
    ax = canonical_axis(axis, len(first))
    total: Dim = 0
    for s in shapes:
        if len(s) != len(first):
            raise ShapeError(f"Every value in `xs` must have the same shape except on the `axis` dim. But found "
                             f"element of shape {fmt(s)}, which is different from the first element's shape "
                             f"{fmt(first)}.")
        for i, (a, b) in enumerate(zip(s, first)):
            if i != ax and is_known(a) and is_known(b) and a != b:
                raise ShapeError(f"Every value in `xs` must have the same shape except on the `axis` dim. But "
                                 f"found element of shape {fmt(s)}, which is different from the first element's "
                                 f"shape {fmt(first)}.")
        d = s[ax]
        if isinstance(total, UnknownDim):
            continue
        if isinstance(d, UnknownDim):
            total = d
        elif d is None or total is None:
            total = None
        else:
            total = total + d  # type: ignore[operator]
    out = list(first)
    out[ax] = total
    return tuple(out)


def stack(shapes: list, axis: Any = 0) -> tuple:
    if not shapes:
        raise ShapeError("stack needs at least one tensor")
    first = shapes[0]
    ax = canonical_axis(axis, len(first) + 1)
    for s in shapes:
        if len(s) != len(first) or any(is_known(a) and is_known(b) and a != b for a, b in zip(s, first)):
            raise ShapeError(f"Every value in `x` must have the same shape. But found element of shape {fmt(s)}, "
                             f"which is different from the first element's shape {fmt(first)}.")
    out = list(first)
    out.insert(ax, len(shapes))
    return tuple(out)


def split(shape: tuple, indices_or_sections: Any, axis: Any = 0) -> list:
    ax = canonical_axis(axis, len(shape))
    size = shape[ax]
    if is_int(indices_or_sections):
        n = indices_or_sections
        if n <= 0:
            raise ShapeError("number sections must be larger than 0.")
        if isinstance(size, UnknownDim):
            part: Dim = size
        elif size is None:
            part = None
        elif is_known(size):
            if size % n:
                raise ShapeError(f"`x` size on given `axis` must be divisible by `indices_or_sections` when "
                                 f"`indices_or_sections` is an int. But received {size} and {n}.")
            part = size // n
        else:
            part = size // n  # symbolic: exact floor division (Keras: None)
        return [tuple(part if i == ax else d for i, d in enumerate(shape)) for _ in range(n)]
    if not isinstance(indices_or_sections, (list, tuple)):
        raise Unknowable("the split points are not known")
    points = [int_arg(p, "indices_or_sections") for p in indices_or_sections]
    bounds: list = [0, *points, size]
    out = []
    for start, end in zip(bounds, bounds[1:]):
        if end is None or isinstance(end, UnknownDim):
            length: Dim = end
        elif is_int(end):
            length = max(end - start, 0)
        else:
            length = end - start  # symbolic end: exact when the split point lies inside
        out.append(tuple(length if i == ax else d for i, d in enumerate(shape)))
    return out


def unstack(shape: tuple, num: Any = None, axis: Any = 0) -> list:
    ax = canonical_axis(axis, len(shape))
    n = shape[ax] if num is None else num
    if not is_int(n):
        raise Unknowable("unstack needs a known size along the axis (or `num=`)")
    rest = tuple(d for i, d in enumerate(shape) if i != ax)
    return [rest for _ in range(n)]

