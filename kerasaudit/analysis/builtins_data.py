"""Python builtins on data: numbers, sequences, iteration (``range``, ``len``, ``zip``, ``sorted``,
``min``/``max``, ``sum``, ``map``, ``filter``, ``any``/``all``, ``dict``...).

They run for real only on fully known plain data (our own values, never objects of the
analysed program); anything abstract gives :class:`Unknown`. :data:`Impl` is the calling
convention every builtin of :mod:`.builtins` follows.
"""

from __future__ import annotations

import ast
from typing import Any, Callable

from .arrays import Array
from .dims import Sym, UnknownDim
from .plain import MAX_SIZE, huge_format, is_plain
from .graph import LayerObj
from .values import Tensor, Unknown

Impl = Callable[[Any, list, dict, ast.AST], Any]


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def _pure(fn: Callable, name: str) -> Impl:
    """A builtin that is computed for real when every argument is plain known data."""

    def impl(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        for v in list(args) + list(kwargs.values()):
            if isinstance(v, Unknown):
                return v
        if not all(is_plain(v) for v in list(args) + list(kwargs.values())):
            return Unknown(f"`{name}()` of an abstract value", _line(node))
        if name == "format" and len(args) > 1 and huge_format(args[1]):
            return Unknown("`format()` result too large", _line(node))
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:
            return Unknown(f"`{name}()` would fail: {type(exc).__name__}", _line(node))
        if isinstance(result, (list, tuple, str)) and len(result) > MAX_SIZE:
            return Unknown(f"`{name}()` result too large", _line(node))
        return result

    return impl


def _range(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if kwargs or not all(isinstance(a, int) and not isinstance(a, bool) for a in args) or not 1 <= len(args) <= 3:
        unknown = next((a for a in args if isinstance(a, Unknown)), None)
        return unknown or Unknown("range() with bounds that are not known integers", _line(node))
    try:
        r = range(*args)
    except Exception:
        return Unknown("range() would fail", _line(node))
    size = r.__len__() if abs(r.start) < 2 ** 62 and abs(r.stop) < 2 ** 62 else None  # len() overflows past ssize_t
    if size is None or size > MAX_SIZE:
        return Unknown("range() of " + (f"{size:,}" if size is not None else "too many") +
                       " items is too long to unroll", _line(node))
    return r


def _len(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if len(args) != 1:
        return Unknown("len() with wrong arguments", _line(node))
    value = args[0]
    if isinstance(value, Unknown):
        return value
    if interp.tainted(value):
        return Unknown("the length depends on code the analysis cannot decide", _line(node))
    if isinstance(value, (list, tuple, str, dict, set, range, bytes)):
        return len(value)
    if isinstance(value, Tensor):
        from .tensor_attributes import tensor_len
        return tensor_len(value, node)
    if isinstance(value, Array):
        from .array_ops import array_len
        return array_len(value, node)
    if isinstance(value, LayerObj) and hasattr(value, "summary_layers"):
        return Unknown("len() of a model", _line(node))
    return Unknown(f"len() of {type(value).__name__}", _line(node))


def _iter_builtin(name: str, fn: Callable) -> Impl:
    """zip / enumerate / reversed / sorted / list / tuple over known iterables."""

    def impl(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        lists = []
        for a in args:
            if name == "enumerate" and a is not args[0]:
                lists.append(a)
                continue
            items = interp.iterate(a, node)
            if isinstance(items, Unknown):
                return items
            lists.append(items)
        try:
            result = fn(*lists, **kwargs)
        except Exception as exc:
            return Unknown(f"`{name}()` would fail: {type(exc).__name__}", _line(node))
        return result

    return impl


def _to_list(*xs: Any) -> list:
    return list(xs[0]) if xs else []


def _to_tuple(*xs: Any) -> tuple:
    return tuple(xs[0]) if xs else ()


def _sorted(items: list, key: Any = None, reverse: bool = False) -> list:
    if key is not None:
        raise TypeError("key functions are not modelled")
    return sorted(items, reverse=reverse)


def _minmax(name: str) -> Impl:
    fn = min if name == "min" else max

    def impl(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        values = args
        if len(args) == 1:
            items = interp.iterate(args[0], node)
            if isinstance(items, Unknown):
                return items
            values = items
        if any(isinstance(v, Unknown) for v in values):
            return next(v for v in values if isinstance(v, Unknown))
        if kwargs or not all(is_plain(v) for v in values):
            return Unknown(f"`{name}()` of abstract values", _line(node))
        try:
            return fn(values)
        except Exception:
            return Unknown(f"`{name}()` would fail", _line(node))

    return impl


def _int(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if args and isinstance(args[0], (Sym, UnknownDim)):
        return args[0] if isinstance(args[0], Sym) else Unknown(args[0].reason, _line(node))
    return _pure(int, "int")(interp, args, kwargs, node)


def _sum(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if not args:
        return Unknown("sum() without arguments", _line(node))
    items = interp.iterate(args[0], node)
    if isinstance(items, Unknown):
        return items
    total: Any = args[1] if len(args) > 1 else 0
    for item in items:
        total = interp.binary_op(ast.Add(), total, item, node)
        if isinstance(total, Unknown):
            return total
    return total


def _map(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if len(args) < 2:
        return Unknown("map() with too few arguments", _line(node))
    lists = []
    for a in args[1:]:
        items = interp.iterate(a, node)
        if isinstance(items, Unknown):
            return items
        lists.append(items)
    return [interp.call_value(args[0], list(xs), {}, node) for xs in zip(*lists)]


def _filter(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if len(args) != 2:
        return Unknown("filter() with wrong arguments", _line(node))
    items = interp.iterate(args[1], node)
    if isinstance(items, Unknown):
        return items
    out = []
    for item in items:
        keep = interp.truth(item if args[0] is None else interp.call_value(args[0], [item], {}, node))
        if keep is None:
            return Unknown("filter() with a condition the analysis cannot decide", _line(node))
        if keep:
            out.append(item)
    return out


def _any_all(name: str) -> Impl:
    def impl(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        items = interp.iterate(args[0], node) if args else Unknown("no argument")
        if isinstance(items, Unknown):
            return items
        truths = [interp.truth(i) for i in items]
        if name == "any":
            if any(t is True for t in truths):
                return True
            return Unknown("any() undecidable", _line(node)) if None in truths else False
        if any(t is False for t in truths):
            return False
        return Unknown("all() undecidable", _line(node)) if None in truths else True

    return impl


def _dict(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    out: dict = {}
    if args:
        src = args[0]
        if isinstance(src, dict):
            out.update(src)
        else:
            items = interp.iterate(src, node)
            if isinstance(items, Unknown):
                return items
            try:
                out.update(items)
            except Exception:
                return Unknown("dict() of an unknown sequence", _line(node))
    out.update(kwargs)
    return out


def _tensor_builtin(name: str, impl: Impl) -> Impl:
    """``abs(x)`` / ``round(x)`` of a symbolic tensor is a Keras operation (``__abs__``, ``__round__``)."""

    def dispatch(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        if args and isinstance(args[0], Tensor):
            return interp.tensor_builtin(name, args, kwargs, node)
        return impl(interp, args, kwargs, node)

    return dispatch

