"""Operations that remove, add or reorder axes: reductions, ``expand_dims``, ``squeeze``,
``transpose``, ``swapaxes``, ``moveaxis``, and the shape-keeping ones that only validate an axis.
"""

from __future__ import annotations

from typing import Any

from ...catalog.spec import ShapeError, Unknowable
from ..dims import UnknownDim
from .arguments import axis_arg, canonical_axis, is_int


def reduce(shape: tuple, axis: Any = None, keepdims: Any = False) -> tuple:
    axis = axis_arg(axis)
    if not isinstance(keepdims, bool):
        raise Unknowable("`keepdims` is not a known boolean")
    if axis is None:
        return tuple(1 for _ in shape) if keepdims else ()
    axes = (axis,) if is_int(axis) else axis
    axes = tuple(canonical_axis(a, len(shape)) for a in axes)
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def check_axis(shape: tuple, axis: Any) -> tuple:
    """Operations that keep the shape but validate an axis (softmax, sort, flip...)."""
    axis = axis_arg(axis)
    if axis is not None:
        for a in ((axis,) if is_int(axis) else axis):
            canonical_axis(a, len(shape))
    return shape


def expand_dims(shape: tuple, axis: Any) -> tuple:
    axis = axis_arg(axis)
    if axis is None:
        axis = len(shape)
    axes = (axis,) if is_int(axis) else axis
    rank = len(axes) + len(shape)
    axes = [canonical_axis(a, rank) for a in axes]
    it = iter(shape)
    return tuple(1 if i in axes else next(it) for i in range(rank))


def squeeze(shape: tuple, axis: Any = None) -> tuple:
    axis = axis_arg(axis)
    if axis is None:
        if any(isinstance(d, UnknownDim) for d in shape):
            raise Unknowable("squeeze without an axis on a shape with an unknown dimension")
        return tuple(d for d in shape if not (is_int(d) and d == 1))
    axes = (axis,) if is_int(axis) else axis
    axes = [canonical_axis(a, len(shape)) for a in axes]
    for a in axes:
        d = shape[a]
        if isinstance(d, UnknownDim):
            raise Unknowable(d.reason)
        if d != 1 or not is_int(d):
            raise ShapeError(f"Cannot squeeze axis {a}, because the dimension is not 1.")
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def transpose(shape: tuple, axes: Any = None) -> tuple:
    if axes is None:
        return tuple(reversed(shape))
    axes = axis_arg(axes, "axes")
    if is_int(axes):
        axes = (axes,)
    rank = len(shape)
    if len(axes) != rank:
        raise ShapeError(f"axis must be a list of the same length as the input shape, expected {rank}, but "
                         f"received {len(axes)}.")
    norm = []
    for a in axes:
        if not -rank <= a < rank:
            raise ShapeError(f"Each axis in `axes` must be an integer in [-{rank}, {rank}). Received: axes={list(axes)}.")
        norm.append(a % rank)
    if len(set(norm)) != rank:
        raise ShapeError(f"`axes` must be a valid permutation of the input dimensions. Received: axes={list(axes)}")
    return tuple(shape[a] for a in norm)


def swapaxes(shape: tuple, axis1: Any, axis2: Any) -> tuple:
    a, b = canonical_axis(axis1, len(shape)), canonical_axis(axis2, len(shape))
    out = list(shape)
    out[a], out[b] = out[b], out[a]
    return tuple(out)


def moveaxis(shape: tuple, source: Any, destination: Any) -> tuple:
    src = axis_arg(source, "source")
    dst = axis_arg(destination, "destination")
    src = (src,) if is_int(src) else tuple(src)
    dst = (dst,) if is_int(dst) else tuple(dst)
    if len(src) != len(dst):
        raise ShapeError("`source` and `destination` arguments must have the same number of elements")
    rank = len(shape)
    src = tuple(canonical_axis(a, rank) for a in src)
    dst = tuple(canonical_axis(a, rank) for a in dst)
    order = [i for i in range(rank) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return tuple(shape[i] for i in order)


def same(shape: tuple) -> tuple:
    return shape

