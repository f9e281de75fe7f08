"""``keras.random.normal(shape=...)`` and friends: a new tensor of the given shape.

They take no symbolic input, so Keras computes them eagerly (no graph row); the shape may hold
the batch size read off a symbolic tensor (``ops.shape(x)[0]``), which stays the batch ``None``.
"""

from __future__ import annotations

import ast
from typing import Any

from ..dims import Sym, UnknownDim
from ..values import Tensor, Unknown
from . import handles

_SHAPE_FIRST = ("normal", "uniform", "truncated_normal", "randint", "gamma", "binomial", "beta")


def _dim(value: Any) -> Any:
    if value is None or isinstance(value, (Sym, UnknownDim)):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return UnknownDim(f"a dimension of the random tensor is not known: {getattr(value, 'reason', value)}")


@handles(*(f"keras.random.{n}" for n in _SHAPE_FIRST))
def random_tensor(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    shape = args[0] if args else kwargs.get("shape")
    if isinstance(shape, int) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        reason = shape.reason if isinstance(shape, Unknown) else "the shape is not known"
        return Unknown(f"{name}(): {reason}", getattr(node, "lineno", None))
    dtype = kwargs.get("dtype")
    return Tensor(tuple(_dim(d) for d in shape), None, 0, dtype if isinstance(dtype, str) else None)


@handles("keras.random.SeedGenerator")
def seed_generator(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    from ..values import LibraryObject
    return LibraryObject(name, tuple(args), dict(kwargs), getattr(node, "lineno", None))
