"""Outputs shaped by indices or by a count: ``take``, ``take_along_axis``, ``one_hot``, ``top_k``.
"""

from __future__ import annotations

from typing import Any

from ...catalog.spec import ShapeError
from .arguments import axis_arg, canonical_axis, flat_size, fmt, int_arg
from .broadcasting import broadcast_dim


def take(shape: tuple, indices_shape: tuple, axis: Any = None) -> tuple:
    axis = axis_arg(axis)
    if axis is None:
        return indices_shape
    ax = canonical_axis(axis, len(shape))
    return shape[:ax] + tuple(indices_shape) + shape[ax + 1:]


def take_along_axis(shape: tuple, indices_shape: tuple, axis: Any = None) -> tuple:
    axis = axis_arg(axis)
    if axis is None:
        return (flat_size(indices_shape),)
    if len(shape) != len(indices_shape):
        raise ShapeError(f"`x` and `indices` must have the same number of dimensions, but receive shape "
                         f"{fmt(shape)} and {fmt(indices_shape)}.")
    ax = canonical_axis(axis, len(shape))
    out = []
    for i, (d, k) in enumerate(zip(shape, indices_shape)):
        out.append(k if i == ax else broadcast_dim(d, k))
    return tuple(out)


def one_hot(shape: tuple, num_classes: Any, axis: Any = -1) -> tuple:
    n = int_arg(num_classes, "num_classes")
    out = list(shape)
    ax = int_arg(axis, "axis")
    if ax < 0:
        ax = len(out) + ax + 1
    out.insert(ax, n)
    return tuple(out)


def top_k(shape: tuple, k: Any) -> list:
    k = int_arg(k, "k")
    out = shape[:-1] + (k,)
    return [out, out]

