"""Arithmetic, indexing and library operations on symbolic tensors between layers.

Keras 3 lists such operations as rows of their own in a functional model's summary.
"""

from __future__ import annotations

import ast
from typing import Any

from .layercall import unknown_operation


class TensorOpsMixin:
    def tensor_binary_op(self, op: ast.operator, left: Any, right: Any, node: ast.AST) -> Any:
        return unknown_operation(self, [left, right], {}, node,
                                 f"tensor operator {type(op).__name__} is not modelled yet")

    def tensor_unary_op(self, op: ast.unaryop, value: Any, node: ast.AST) -> Any:
        return unknown_operation(self, [value], {}, node, f"tensor operator {type(op).__name__} is not modelled yet")

    def tensor_subscript(self, value: Any, key: Any, node: ast.AST) -> Any:
        return unknown_operation(self, [value], {}, node, "tensor indexing is not modelled yet")
