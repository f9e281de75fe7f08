"""NumPy calls that make or reshape data arrays: only their shapes (and dtypes) are modelled."""

from __future__ import annotations

import ast
from typing import Any

from ..array_ops import (dtype_name, reduce_array, reshape_array, squeeze_array, subscript_array,
                         transpose_array)
from ...catalog.spec import ShapeError, Unknowable
from .. import opshapes as S
from ..arrays import Array, dim_or_unknown, known_dim, normalize_axis, shape_from
from ..dims import UnknownDim
from ..plain import is_plain
from ..values import Unknown
from . import handles

NP = "numpy"


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def _arg(args: list, kwargs: dict, i: int, name: str, default: Any = None) -> Any:
    if len(args) > i:
        return args[i]
    return kwargs.get(name, default)


def _made(shape: Any, dtype: Any, name: str, node: ast.AST, default_dtype: str | None = "float64") -> Any:
    dims = shape_from(shape, f"the shape given to {name}()")
    if dims is None:
        return Unknown(f"{name}() with a shape the analysis does not know", _line(node))
    dt = dtype_name(dtype) if dtype is not None else default_dtype
    return Array(dims, dt, name)


@handles(*(f"{NP}.{n}" for n in ("zeros", "ones", "empty")))
def filled(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    return _made(_arg(args, kwargs, 0, "shape"), _arg(args, kwargs, 1, "dtype"), name, node)


@handles(f"{NP}.full")
def full(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    fill = _arg(args, kwargs, 1, "fill_value")
    default = "int64" if isinstance(fill, int) and not isinstance(fill, bool) else "float64"
    return _made(_arg(args, kwargs, 0, "shape"), _arg(args, kwargs, 2, "dtype"), name, node, default)


@handles(*(f"{NP}.{n}_like" for n in ("zeros", "ones", "empty", "full")))
def like(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    src = _arg(args, kwargs, 0, "a")
    if not isinstance(src, Array):
        return Unknown(f"{name}() of a value that is not a known array", _line(node))
    dtype = kwargs.get("dtype")
    return Array(src.shape, dtype_name(dtype) if dtype is not None else src.dtype, name)


@handles(f"{NP}.random.rand", f"{NP}.random.randn")
def rand(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    if not args:
        return Unknown("a random number", _line(node))
    return _made(tuple(args), None, name, node)


@handles(*(f"{NP}.random.{n}" for n in ("random", "random_sample", "sample", "ranf", "standard_normal")))
def random_size(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    size = _arg(args, kwargs, 0, "size")
    if size is None:
        return Unknown("a random number", _line(node))
    return _made(size, None, name, node)


_SIZE_POSITION = {"uniform": 2, "normal": 2, "binomial": 2, "poisson": 1, "beta": 2, "gamma": 2,
                  "exponential": 1, "laplace": 2, "logistic": 2, "lognormal": 2}


@handles(*(f"{NP}.random.{n}" for n in _SIZE_POSITION))
def random_distribution(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    size = _arg(args, kwargs, _SIZE_POSITION[name.rsplit(".", 1)[1]], "size")
    if size is None:
        return Unknown("a random number", _line(node))
    dtype = "int64" if name.endswith(("binomial", "poisson")) else "float64"
    return _made(size, None, name, node, dtype)


@handles(f"{NP}.random.multivariate_normal")
def multivariate_normal(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """Samples of shape ``size + (len(mean),)``."""
    mean, size = _arg(args, kwargs, 0, "mean"), _arg(args, kwargs, 2, "size")
    if isinstance(mean, Array) and len(mean.shape) == 1:
        n: Any = mean.shape[0]
    elif isinstance(mean, (list, tuple)):
        n = len(mean)
    else:
        return Unknown(f"{name}() of a mean whose length is not known", _line(node))
    if size is None:
        return _made((n,), None, name, node)
    size = (size,) if isinstance(size, int) and not isinstance(size, bool) else size
    if not isinstance(size, (tuple, list)):
        return Unknown(f"{name}() with a size the analysis does not know", _line(node))
    return _made(tuple(size) + (n,), None, name, node)


@handles(f"{NP}.random.randint")
def randint(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    size = _arg(args, kwargs, 2, "size")
    if size is None:
        return Unknown("a random number", _line(node))
    return _made(size, _arg(args, kwargs, 3, "dtype"), name, node, "int64")


@handles(f"{NP}.random.choice")
def choice(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    size = _arg(args, kwargs, 1, "size")
    if size is None:
        return Unknown("a random choice", _line(node))
    return _made(size, None, name, node, None)


@handles(f"{NP}.random.permutation")
def permutation(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    x = _arg(args, kwargs, 0, "x")
    if isinstance(x, Array):
        return Array(x.shape, x.dtype, name)
    if known_dim(x):
        return Array((x,), "int64", name)
    return Unknown("permutation() of an unknown value", _line(node))


@handles(f"{NP}.random.shuffle")
def shuffle(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    return None  # in place: the shape does not change


@handles(f"{NP}.random.default_rng", f"{NP}.random.RandomState", f"{NP}.random.Generator")
def default_rng(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    from ..values import Ref
    return Ref(f"{NP}.random")  # a generator's methods take the same size arguments


@handles(f"{NP}.random.integers")
def integers(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    size = _arg(args, kwargs, 2, "size")
    if size is None:
        return Unknown("a random number", _line(node))
    return _made(size, _arg(args, kwargs, 3, "dtype"), name, node, "int64")


@handles(f"{NP}.array", f"{NP}.asarray", f"{NP}.asanyarray", f"{NP}.ascontiguousarray")
def array(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    obj = _arg(args, kwargs, 0, "object")
    dtype = _arg(args, kwargs, 1, "dtype")
    if isinstance(obj, Array):
        return Array(obj.shape, dtype_name(dtype) if dtype is not None else obj.dtype, name)
    if interp.tainted(obj) if isinstance(obj, (list, dict)) else False:
        return Unknown(f"{name}() of a list built under a condition the analysis cannot decide", _line(node))
    found = _literal_shape(obj)
    if found is None:
        return Unknown(f"{name}() of a value whose shape is not known", _line(node))
    shape, kind = found
    return Array(shape, dtype_name(dtype) if dtype is not None else kind, name)


def _literal_shape(obj: Any) -> tuple[tuple, str | None] | None:
    """Shape of nested lists/tuples of numbers (or of arrays), as NumPy would make it."""
    if isinstance(obj, Array):
        return obj.shape, obj.dtype
    if isinstance(obj, bool):
        return (), "bool"
    if isinstance(obj, int):
        return (), "int64"
    if isinstance(obj, float):
        return (), "float64"
    if isinstance(obj, (list, tuple)):
        if not obj:
            return (0,), "float64"
        inner = [_literal_shape(x) for x in obj]
        if any(i is None for i in inner):
            return None
        shapes = {i[0] for i in inner}  # type: ignore[index]
        if len(shapes) != 1:
            return None  # ragged: NumPy makes an object array or raises
        kinds = {i[1] for i in inner}  # type: ignore[index]
        kind = "float64" if "float64" in kinds else (kinds.pop() if len(kinds) == 1 else None)
        return (len(obj), *shapes.pop()), kind
    return None


@handles(f"{NP}.arange")
def arange(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    if not all(is_plain(a) for a in args) or not args:
        return Unknown("arange() with unknown bounds", _line(node))
    try:
        n = len(range(*[int(a) for a in args])) if all(isinstance(a, int) for a in args) else None
    except (TypeError, ValueError):
        n = None
    if n is None:
        return Unknown("arange() with non-integer bounds", _line(node))
    return Array((n,), "int64", name)


@handles(f"{NP}.linspace")
def linspace(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    num = _arg(args, kwargs, 2, "num", 50)
    return Array((dim_or_unknown(num, "the number of points"),), "float64", name)


@handles(f"{NP}.eye", f"{NP}.identity")
def eye(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    n = _arg(args, kwargs, 0, "N" if name.endswith("eye") else "n")
    m = _arg(args, kwargs, 1, "M") if name.endswith("eye") else None
    rows = dim_or_unknown(n, "the size")
    return Array((rows, rows if m is None else dim_or_unknown(m, "the size")), "float64", name)


@handles(f"{NP}.reshape")
def np_reshape(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    a = _arg(args, kwargs, 0, "a")
    new = _arg(args, kwargs, 1, "newshape", kwargs.get("shape"))
    if not isinstance(a, Array):
        return Unknown("reshape() of a value that is not a known array", _line(node))
    return reshape_array(a, new, node)


@handles(f"{NP}.expand_dims")
def expand_dims(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    a = _arg(args, kwargs, 0, "a")
    axis = _arg(args, kwargs, 1, "axis")
    if not isinstance(a, Array):
        return Unknown("expand_dims() of a value that is not a known array", _line(node))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    rank = a.ndim + len(axes)
    norm = [normalize_axis(x, rank) for x in axes]
    if any(n is None for n in norm):
        return Unknown("expand_dims() with an unknown or invalid axis", _line(node))
    dims = iter(a.shape)
    return a.with_shape(tuple(1 if i in norm else next(dims) for i in range(rank)))


@handles(f"{NP}.squeeze")
def np_squeeze(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    a = _arg(args, kwargs, 0, "a")
    if not isinstance(a, Array):
        return Unknown("squeeze() of a value that is not a known array", _line(node))
    return squeeze_array(a, _arg(args, kwargs, 1, "axis"), node)


@handles(f"{NP}.transpose")
def np_transpose(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    a = _arg(args, kwargs, 0, "a")
    if not isinstance(a, Array):
        return Unknown("transpose() of a value that is not a known array", _line(node))
    return transpose_array(a, _arg(args, kwargs, 1, "axes"), node)


@handles(f"{NP}.swapaxes")
def np_swapaxes(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    a = _arg(args, kwargs, 0, "a")
    if not isinstance(a, Array):
        return Unknown("swapaxes() of a value that is not a known array", _line(node))
    return _reshaped(a, lambda: S.swapaxes(a.shape, _arg(args, kwargs, 1, "axis1"), _arg(args, kwargs, 2, "axis2")),
                     name, node)


@handles(f"{NP}.pad")
def np_pad(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """``np.pad(a, pad_width, mode=...)``: every mode keeps the rank and adds the widths."""
    a = _arg(args, kwargs, 0, "array")
    width = _arg(args, kwargs, 1, "pad_width")
    if not isinstance(a, Array):
        return Unknown("pad() of a value that is not a known array", _line(node))
    if isinstance(width, (list, tuple)) and all(isinstance(w, int) for w in width) and len(width) > 2:
        return Unknown("pad() with a flat list of widths NumPy cannot broadcast", _line(node))
    return _reshaped(a, lambda: S.pad(a.shape, width), name, node)


def _reshaped(a: Array, shape_of: Any, name: str, node: ast.AST) -> Any:
    try:
        return a.with_shape(shape_of())
    except (Unknowable, ShapeError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "message", None) or str(exc)
        return Unknown(f"{name}(): {reason}", _line(node))


@handles(*(f"{NP}.{n}" for n in ("sum", "mean", "max", "min", "std", "var", "prod", "amax", "amin")))
def np_reduce(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    a = _arg(args, kwargs, 0, "a")
    if not isinstance(a, Array):
        return Unknown(f"{name}() of a value that is not a known array", _line(node))
    return reduce_array(a, _arg(args, kwargs, 1, "axis"), bool(kwargs.get("keepdims", False)), node)


@handles(f"{NP}.argmax", f"{NP}.argmin")
def np_argmax(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    a = _arg(args, kwargs, 0, "a")
    if not isinstance(a, Array):
        return Unknown(f"{name}() of a value that is not a known array", _line(node))
    return reduce_array(a, _arg(args, kwargs, 1, "axis"), bool(kwargs.get("keepdims", False)), node, "int64")


@handles(*(f"{NP}.{n}" for n in ("clip", "abs", "exp", "log", "sqrt", "square", "tanh", "round", "floor",
                                 "ceil", "copy", "float32", "float64", "int32", "int64", "uint8")))
def elementwise(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    a = _arg(args, kwargs, 0, "a")
    if isinstance(a, Array):
        last = name.rsplit(".", 1)[1]
        return a.with_shape(a.shape, last if last[-1].isdigit() else "same")
    if isinstance(a, Unknown):
        return a
    return Unknown(f"`{name}()` of a value that is not a known array", _line(node))


@handles(f"{NP}.concatenate", f"{NP}.vstack", f"{NP}.hstack", f"{NP}.stack", f"{NP}.row_stack",
         f"{NP}.column_stack")
def join(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    seq = _arg(args, kwargs, 0, "arrays" if name.endswith("stack") else "tup")
    items = interp.iterate(seq, node)
    if isinstance(items, Unknown):
        return items
    if not items or not all(isinstance(a, Array) for a in items):
        return Unknown(f"{name}() of values that are not all known arrays", _line(node))
    kind = name.rsplit(".", 1)[1]
    axis = _arg(args, kwargs, 1, "axis", 0)
    arrays = list(items)
    if kind in ("vstack", "row_stack"):
        arrays = [a if a.ndim >= 2 else a.with_shape((1, *a.shape)) for a in arrays]
        axis = 0
    elif kind == "hstack":
        axis = 0 if arrays[0].ndim == 1 else 1
    elif kind == "column_stack":
        arrays = [a if a.ndim >= 2 else a.with_shape((a.shape[0], 1)) for a in arrays]
        axis = 1
    if kind == "stack":
        return _stack(arrays, axis, name, node)
    rank = arrays[0].ndim
    ax = normalize_axis(axis, rank) if isinstance(axis, int) else None
    if ax is None or any(a.ndim != rank for a in arrays):
        return Unknown(f"{name}() of arrays that NumPy would not join", _line(node))
    total: Any = 0
    for a in arrays:
        d = a.shape[ax]
        total = total + d if known_dim(d) and known_dim(total) else UnknownDim("a joined dimension is unknown")
    out = list(arrays[0].shape)
    out[ax] = total
    return Array(tuple(out), arrays[0].dtype, name)


def _stack(arrays: list, axis: Any, name: str, node: ast.AST) -> Any:
    rank = arrays[0].ndim + 1
    ax = normalize_axis(axis, rank) if isinstance(axis, int) else None
    if ax is None or any(a.ndim != rank - 1 for a in arrays):
        return Unknown(f"{name}() of arrays that NumPy would not stack", _line(node))
    out = list(arrays[0].shape)
    out.insert(ax, len(arrays))
    return Array(tuple(out), arrays[0].dtype, name)


@handles(f"{NP}.where")
def where(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    if len(args) == 3 and all(isinstance(a, Array) or is_plain(a) for a in args):
        arrays = [a for a in args if isinstance(a, Array)]
        if arrays and all(a.shape == arrays[0].shape for a in arrays):
            return arrays[0].with_shape(arrays[0].shape)
    return Unknown("where() is only modelled on arrays of one shape", _line(node))


@handles(f"{NP}.load", f"{NP}.loadtxt", f"{NP}.genfromtxt", f"{NP}.fromfile", f"{NP}.frombuffer")
def load(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    return Unknown(f"data read by `{name}()` is only known at run time", _line(node))


@handles(f"{NP}.newaxis")
def newaxis(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    return Unknown("np.newaxis is not callable", _line(node))


def subscript(arr: Array, key: Any, node: ast.AST) -> Any:
    return subscript_array(arr, key, node)
