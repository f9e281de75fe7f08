"""Attributes of symbolic tensors (``x.shape``, ``x.dtype``...)."""

from __future__ import annotations

import ast
from typing import Any

from .values import Builtin, Tensor, Unknown


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def tensor_attribute(interp: Any, tensor: Tensor, name: str, node: ast.AST) -> Any:
    shape = tensor.shape
    if name in ("shape", "_keras_shape"):
        return shape if isinstance(shape, tuple) else Unknown(getattr(shape, "reason", "shape unknown"), _line(node))
    if name == "get_shape":
        value = shape if isinstance(shape, tuple) else Unknown(getattr(shape, "reason", "unknown"), _line(node))
        return Builtin("get_shape", lambda i, a, k, n: value)
    if name == "ndim":
        return len(shape) if isinstance(shape, tuple) else Unknown("rank unknown", _line(node))
    if name == "dtype":
        return tensor.dtype or "float32"
    if name in ("reshape", "squeeze"):
        from .tensor_ops import tensor_method
        return tensor_method(tensor, name)
    if name == "_keras_history":
        return Unknown("Keras history is internal", _line(node))
    return Unknown(f"tensor attribute `{name}` is not modelled", _line(node))


def tensor_len(tensor: Tensor, node: ast.AST) -> Any:
    return Unknown("len() of a symbolic tensor (its batch size is not known)", _line(node))
