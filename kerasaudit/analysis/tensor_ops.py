"""Arithmetic, comparisons and indexing on symbolic tensors between layers.

Keras 3's ``KerasTensor`` implements Python's operators by instantiating an ``Operation``
(``x + y`` -> ``Add``, ``x[:, 0]`` -> ``GetItem``); a functional model lists each as a row
of its own. The operator -> class table below is the one ``keras_tensor.py`` defines;
operators it does not define (``<<``, unary ``+``) make Python raise a TypeError there.
"""

from __future__ import annotations

import ast
from typing import Any

from ..catalog.spec import ShapeError, Unknowable
from .indexing import getitem_shape
from .layercall import unknown_operation
from .operations import apply_operation
from .opshapes.arguments import known_shape
from .opshapes.axes import squeeze
from .opshapes.broadcasting import broadcast
from .opshapes.products import matmul
from .opshapes.reshaping import reshape
from .values import Builtin, Tensor, Unknown

_BINARY = {
    ast.Add: "Add", ast.Sub: "Subtract", ast.Mult: "Multiply", ast.MatMult: "Matmul", ast.Div: "TrueDivide",
    ast.FloorDiv: "FloorDivide", ast.Mod: "Mod", ast.Pow: "Power", ast.BitAnd: "LogicalAnd",
    ast.BitOr: "LogicalOr", ast.BitXor: "LogicalXor",
}
_SYMBOL = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.MatMult: "@", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
    ast.Pow: "**", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
}
_COMPARE = {ast.Lt: ("Less", "<"), ast.LtE: ("LessEqual", "<="), ast.Gt: ("Greater", ">"),
            ast.GtE: ("GreaterEqual", ">="), ast.NotEq: ("NotEqual", "!=")}
_UNARY = {ast.USub: ("Negative", "-"), ast.Invert: ("LogicalNot", "~")}


def operand_shape(value: Any) -> tuple:
    """The shape Keras's elementwise operations see for one operand (``getattr(x, "shape", [])``)."""
    if isinstance(value, Tensor):
        return known_shape(value.shape, "operand")
    if isinstance(value, bool) or isinstance(value, (int, float, complex)):
        return ()
    if isinstance(value, Unknown):
        raise Unknowable(f"an operand is unknown: {value.reason}")
    if isinstance(value, (list, tuple)):
        raise ShapeError("Invalid dtype: list (Keras 3 operators do not take Python lists; use a tensor)")
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple):
        return shape
    raise Unknowable(f"an operand of type {type(value).__name__} is not a known tensor or number")


def elementwise_shape(*operands: Any) -> tuple:
    return broadcast(*(operand_shape(v) for v in operands))


class TensorOpsMixin:
    def tensor_binary_op(self, op: ast.operator, left: Any, right: Any, node: ast.AST) -> Any:
        class_name = _BINARY.get(type(op))
        symbol = _SYMBOL.get(type(op), type(op).__name__)
        if class_name is None:
            return unknown_operation(self, [left, right], {}, node,
                                     f"Keras tensors do not support the operator {symbol} (Python raises TypeError)")
        if class_name == "Matmul":
            def compute() -> Any:
                return matmul(operand_shape(left), operand_shape(right))
        else:
            def compute() -> Any:
                return elementwise_shape(left, right)
        return apply_operation(self, class_name, [left, right], node, compute, f"operator {symbol}")

    def tensor_unary_op(self, op: ast.unaryop, value: Any, node: ast.AST) -> Any:
        entry = _UNARY.get(type(op))
        if entry is None:
            return unknown_operation(self, [value], {}, node,
                                     f"Keras tensors do not support the unary operator {type(op).__name__} "
                                     f"(Python raises TypeError)")
        class_name, symbol = entry
        return apply_operation(self, class_name, [value], node, lambda: operand_shape(value),
                               f"operator {symbol}")

    def tensor_compare(self, op: ast.cmpop, left: Any, right: Any, node: ast.AST) -> Any:
        """``x > 0`` and friends; ``==`` is not overloaded by Keras tensors (identity)."""
        entry = _COMPARE.get(type(op))
        if entry is None:
            return Unknown(f"comparison {type(op).__name__} with a tensor", getattr(node, "lineno", None))
        class_name, symbol = entry
        return apply_operation(self, class_name, [left, right], node, lambda: elementwise_shape(left, right),
                               f"operator {symbol}")

    def tensor_subscript(self, value: Any, key: Any, node: ast.AST) -> Any:
        def compute() -> Any:
            return getitem_shape(known_shape(value.shape), key)
        return apply_operation(self, "GetItem", [value, key], node, compute, "indexing")

    def tensor_builtin(self, name: str, args: list, kwargs: dict, node: ast.AST) -> Any:
        """``abs(x)`` -> Absolute, ``round(x)`` -> Round (``KerasTensor.__abs__`` / ``__round__``)."""
        x = args[0]
        class_name = "Absolute" if name == "abs" else "Round"
        return apply_operation(self, class_name, [x], node, lambda: operand_shape(x), f"{name}()")


def tensor_method(tensor: Tensor, name: str) -> Builtin:
    """``x.reshape(shape)`` and ``x.squeeze(axis=None)``: the two methods a KerasTensor has."""

    def call(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        if name == "reshape":
            newshape = args[0] if args else kwargs.get("newshape")
            return apply_operation(interp, "Reshape", [tensor], node,
                                   lambda: reshape(known_shape(tensor.shape), newshape), "x.reshape()")
        axis = args[0] if args else kwargs.get("axis")
        return apply_operation(interp, "Squeeze", [tensor], node,
                               lambda: squeeze(known_shape(tensor.shape), axis), "x.squeeze()")

    return Builtin(f"KerasTensor.{name}", call)
