"""Tensor shapes: a tuple of dimensions, or a shape not even the rank of which is known."""

from __future__ import annotations

from typing import Union

from .dims import Dim, Sym, UnknownDim, dim_text, dim_to_json


class UnknownShape:
    """A tensor shape the analysis cannot know, with the reason why."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"UnknownShape({self.reason!r})"


Shape = Union[tuple, UnknownShape]
"""A shape is ``tuple[Dim, ...]`` (batch axis first) or :class:`UnknownShape`."""

# A layer's output may be one shape or a (possibly nested) list of shapes.
OutputShapes = Union[Shape, list]


def is_shape(value: object) -> bool:
    return isinstance(value, (tuple, UnknownShape))


def shape_unknown_reason(shape: OutputShapes) -> str | None:
    """Why (part of) the shape is unknown, or None when every dimension is known or symbolic."""
    if isinstance(shape, UnknownShape):
        return shape.reason
    if isinstance(shape, list):
        for s in shape:
            reason = shape_unknown_reason(s)
            if reason:
                return reason
        return None
    for d in shape:
        if isinstance(d, UnknownDim):
            return d.reason
    return None


def shape_to_json(shape: OutputShapes) -> list | None:
    if isinstance(shape, UnknownShape):
        return None
    if isinstance(shape, list):
        return [shape_to_json(s) for s in shape]
    return [dim_to_json(d) for d in shape]


def shape_text(shape: OutputShapes) -> str:
    """Keras's way of printing a shape: ``(None, 26, 26, 32)``; ``?`` where unknown."""
    if isinstance(shape, UnknownShape):
        return "?"
    if isinstance(shape, list):
        return "[" + ", ".join(shape_text(s) for s in shape) + "]"
    if len(shape) == 1:
        return f"({dim_text(shape[0])},)"  # Python's tuple text, as Keras prints it: (None,)
    return "(" + ", ".join(dim_text(d) for d in shape) + ")"


def symbols_in(shape: OutputShapes) -> set[str]:
    if isinstance(shape, UnknownShape):
        return set()
    if isinstance(shape, list):
        out: set[str] = set()
        for s in shape:
            out |= symbols_in(s)
        return out
    out = set()
    for d in shape:
        if isinstance(d, Sym):
            out |= d.symbols()
    return out


__all__ = ["Dim", "Shape", "OutputShapes", "UnknownShape", "is_shape", "shape_to_json", "shape_text",
           "shape_unknown_reason", "symbols_in"]
