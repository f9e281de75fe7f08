"""The pieces every shape family shares: reading plain arguments (known shapes, ints, axes),
printing a shape for an error message, element counts and exact sizes with no polynomial form.

Where an argument is not known these raise :class:`Unknowable`; where Keras would reject it
(an axis out of bounds), :class:`ShapeError`.
"""

from __future__ import annotations

from typing import Any

from ...catalog.spec import ShapeError, Unknowable
from ..dims import Dim, Sym, UnknownDim
from ..shapes import UnknownShape, shape_text


def known_shape(shape: Any, what: str = "input") -> tuple:
    """A shape that must be at least rank-known."""
    if isinstance(shape, UnknownShape):
        raise Unknowable(shape.reason)
    if isinstance(shape, list):
        raise ShapeError(f"expected a single tensor as {what}, got a list of {len(shape)}")
    if not isinstance(shape, tuple):
        raise Unknowable(f"the {what} is not a known tensor")
    return shape


def fmt(shape: Any) -> str:
    return shape_text(shape)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def int_arg(value: Any, what: str) -> int:
    if is_int(value):
        return value
    if hasattr(value, "reason"):
        raise Unknowable(f"`{what}` is unknown: {value.reason}")
    raise Unknowable(f"`{what}` is not a known integer ({value!r})")


def axis_arg(value: Any, what: str = "axis") -> Any:
    """None, an int, or a tuple of ints; raises Unknowable for anything else."""
    if value is None or is_int(value):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(int_arg(v, what) for v in value)
    return int_arg(value, what)


def canonical_axis(axis: Any, rank: int) -> int:
    axis = int_arg(axis, "axis")
    if not -rank <= axis < rank:
        raise ShapeError(f"axis {axis} is out of bounds for an array with dimension {rank}.")
    return axis % rank


def opaque(text: str) -> Sym:
    """A size Keras prints as None that is fixed by the input sizes but has no polynomial
    form (``min(H, 3)``): an exact, named symbol."""
    return Sym.name(text)


def flat_size(shape: tuple) -> Dim:
    """The number of elements: exact when every size is known or symbolic."""
    total: Dim = 1
    for d in shape:
        if isinstance(d, UnknownDim):
            return d
        if d is None:
            return None
        total = total * d  # type: ignore[operator]
    return total

