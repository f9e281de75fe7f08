"""Attributes, methods and operators of data arrays (:class:`~.arrays.Array`)."""

from __future__ import annotations

import ast
from typing import Any

from .arrays import Array, broadcast, index_shape, known_dim, reduce_shape, reshape, shape_from, size_of
from .values import Builtin, Ref, Unknown

_FLOAT_TYPES = ("float16", "float32", "float64", "bfloat16")


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def dtype_name(value: Any) -> str | None:
    """``'float32'``, ``np.float32``, ``float``, ``tf.float32`` -> "float32"; None if unknown."""
    if isinstance(value, str):
        return value
    if isinstance(value, Ref):
        return value.path.rsplit(".", 1)[-1]
    if isinstance(value, Builtin) and value.name in ("int", "float", "bool"):
        return {"int": "int64", "float": "float64", "bool": "bool"}[value.name]
    return None


def unknown_array(reason: str, node: ast.AST) -> Unknown:
    return Unknown(reason, _line(node))


def array_attribute(interp: Any, arr: Array, name: str, node: ast.AST) -> Any:
    if name == "shape":
        return tuple(arr.shape)
    if name == "ndim":
        return arr.ndim
    if name == "size":
        total = size_of(arr.shape)
        return total if known_dim(total) else Unknown("the array's size is not known", _line(node))
    if name == "dtype":
        return arr.dtype if arr.dtype else Unknown("the array's dtype is not known", _line(node))
    if name == "T":
        return arr.with_shape(tuple(reversed(arr.shape)))
    impl = _METHODS.get(name)
    if impl is not None:
        return Builtin(f"ndarray.{name}", impl, arr)
    return Unknown(f"array attribute `{name}` is not modelled", _line(node))


def _reshape(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    arr, rest = args[0], args[1:]
    new = rest[0] if len(rest) == 1 else tuple(rest)
    if not rest:
        new = kwargs.get("shape", kwargs.get("newshape"))
    return reshape_array(arr, new, node)


def reshape_array(arr: Array, new: Any, node: ast.AST) -> Any:
    shape = shape_from(new, "the new shape")
    if shape is None:
        return Unknown("reshape to an unknown shape", _line(node))
    result = reshape(arr.shape, shape)
    if isinstance(result, str):
        return Unknown(f"NumPy would raise: {result}", _line(node))
    return arr.with_shape(result)


def _astype(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    arr = args[0]
    dtype = args[1] if len(args) > 1 else kwargs.get("dtype")
    return arr.with_shape(arr.shape, dtype_name(dtype))


def _same(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return args[0].with_shape(args[0].shape)


def _flatten(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return args[0].with_shape((size_of(args[0].shape),))


def _squeeze(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    arr = args[0]
    axis = args[1] if len(args) > 1 else kwargs.get("axis")
    return squeeze_array(arr, axis, node)


def squeeze_array(arr: Array, axis: Any, node: ast.AST) -> Any:
    if axis is None:
        if any(not known_dim(d) for d in arr.shape):
            return Unknown("squeeze() of an array with unknown dimensions", _line(node))
        return arr.with_shape(tuple(d for d in arr.shape if d != 1))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    if not all(isinstance(a, int) and -arr.ndim <= a < arr.ndim for a in axes):
        return Unknown("squeeze() with an unknown or invalid axis", _line(node))
    drop = {a % arr.ndim for a in axes}
    return arr.with_shape(tuple(d for i, d in enumerate(arr.shape) if i not in drop))


def _transpose(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    arr, rest = args[0], args[1:]
    axes = rest[0] if len(rest) == 1 else (tuple(rest) if rest else kwargs.get("axes"))
    return transpose_array(arr, axes, node)


def transpose_array(arr: Array, axes: Any, node: ast.AST) -> Any:
    if axes is None:
        return arr.with_shape(tuple(reversed(arr.shape)))
    if isinstance(axes, (tuple, list)) and sorted(a % arr.ndim for a in axes if isinstance(a, int)) == list(
            range(arr.ndim)) and len(axes) == arr.ndim:
        return arr.with_shape(tuple(arr.shape[a] for a in axes))
    return Unknown("transpose() with unknown axes", _line(node))


def _reduction(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    arr = args[0]
    axis = args[1] if len(args) > 1 else kwargs.get("axis")
    keepdims = bool(kwargs.get("keepdims", False))
    return reduce_array(arr, axis, keepdims, node)


def reduce_array(arr: Array, axis: Any, keepdims: bool, node: ast.AST, dtype: str | None = "same") -> Any:
    if isinstance(axis, Unknown):
        return axis
    shape = reduce_shape(arr.shape, axis, keepdims)
    if shape is None:
        return Unknown("a reduction over an invalid axis", _line(node))
    if shape == ():
        return Unknown("a value computed from the data", _line(node))
    return arr.with_shape(shape, dtype)


def _argmax(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    arr = args[0]
    axis = args[1] if len(args) > 1 else kwargs.get("axis")
    return reduce_array(arr, axis, bool(kwargs.get("keepdims", False)), node, "int64")


def _getitem(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    arr, key = args[0], args[1]
    return subscript_array(arr, key, node)


def subscript_array(arr: Array, key: Any, node: ast.AST) -> Any:
    key = _newaxis(key)
    if isinstance(key, Unknown):
        return Unknown(f"indexing with an unknown key: {key.reason}", _line(node))
    shape = index_shape(arr.shape, key)
    if shape is None:
        return Unknown("this kind of array indexing is not modelled", _line(node))
    if shape == ():
        return Unknown("an element of the data", _line(node))
    return arr.with_shape(shape)


def _newaxis(key: Any) -> Any:
    if isinstance(key, Ref) and key.path.rsplit(".", 1)[-1] == "newaxis":
        return None
    if isinstance(key, tuple):
        return tuple(_newaxis(k) for k in key)
    return key


def _unknown_value(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return Unknown("a value computed from the data", _line(node))


_METHODS = {
    "reshape": _reshape, "astype": _astype, "copy": _same, "flatten": _flatten, "ravel": _flatten,
    "squeeze": _squeeze, "transpose": _transpose, "sum": _reduction, "mean": _reduction, "max": _reduction,
    "min": _reduction, "std": _reduction, "var": _reduction, "prod": _reduction, "argmax": _argmax,
    "argmin": _argmax, "__getitem__": _getitem, "clip": _same, "round": _same, "tolist": _unknown_value,
    "item": _unknown_value, "any": _unknown_value, "all": _unknown_value,
}


def _result_dtype(op: ast.operator, left: Any, right: Any) -> str | None:
    dts = []
    for v in (left, right):
        if isinstance(v, Array):
            dts.append(v.dtype)
        elif isinstance(v, bool):
            dts.append("bool")
        elif isinstance(v, int):
            dts.append(None)  # a Python int keeps the array's type
        elif isinstance(v, float):
            dts.append("pyfloat")
    arrays = [d for v, d in zip((left, right), dts) if isinstance(v, Array)]
    if any(d is None for v, d in zip((left, right), dts) if isinstance(v, Array)):
        return None
    if isinstance(op, ast.Div):
        floats = [d for d in arrays if d in _FLOAT_TYPES]
        return max(floats, key=_FLOAT_TYPES.index) if floats else "float64"
    if "pyfloat" in dts:
        floats = [d for d in arrays if d in _FLOAT_TYPES]
        return max(floats, key=_FLOAT_TYPES.index) if floats else "float64"
    if len(arrays) == 1:
        return arrays[0]
    if arrays[0] == arrays[1]:
        return arrays[0]
    return None


def array_binary_op(interp: Any, op: ast.operator, left: Any, right: Any, node: ast.AST) -> Any:
    """Elementwise arithmetic on arrays (``x / 255.0``, ``x - mean``): broadcast shapes."""
    shapes = []
    for v in (left, right):
        if isinstance(v, Array):
            shapes.append(v.shape)
        elif isinstance(v, (int, float)) and not isinstance(v, bool) or isinstance(v, bool):
            shapes.append(())
        else:
            if isinstance(v, Unknown):
                return v
            return Unknown("arithmetic between an array and a value the analysis does not know", _line(node))
    if isinstance(op, ast.MatMult):
        return Unknown("matrix products of data arrays are not modelled", _line(node))
    shape = broadcast(shapes[0], shapes[1])
    if shape is None:
        return Unknown(f"NumPy would raise: shapes {shapes[0]} and {shapes[1]} do not broadcast", _line(node))
    src = left if isinstance(left, Array) else right
    return src.with_shape(shape, _result_dtype(op, left, right))


def array_unary_op(interp: Any, op: ast.unaryop, value: Array, node: ast.AST) -> Any:
    return value.with_shape(value.shape)


def array_len(arr: Array, node: ast.AST) -> Any:
    if not arr.shape:
        return Unknown("len() of a 0-d array", _line(node))
    d = arr.shape[0]
    return d if known_dim(d) else Unknown(getattr(d, "reason", "the number of rows is not known"), _line(node))


__all__ = ["array_attribute", "array_binary_op", "array_unary_op", "array_len", "dtype_name", "reshape_array",
           "subscript_array", "squeeze_array", "transpose_array", "reduce_array"]
