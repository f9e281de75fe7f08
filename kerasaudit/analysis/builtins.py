"""Python builtins and methods of plain values, as the interpreter models them.

Builtins run for real only on fully known plain data (our own values, never objects of
the analysed program); anything abstract gives :class:`Unknown` or a modelled answer.
"""

from __future__ import annotations

import ast
from typing import Any, Callable

from .arrays import Array
from .dims import Sym, UnknownDim
from .plain import MAX_SIZE, huge_format, is_plain
from .graph import LayerObj
from .values import Builtin, ClassValue, Function, Instance, Ref, Tensor, Unknown

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


def _isinstance(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if len(args) != 2:
        return Unknown("isinstance() with wrong arguments", _line(node))
    value, types = args
    if isinstance(value, Unknown):
        return value
    candidates = types if isinstance(types, tuple) else (types,)
    result: Any = False
    for t in candidates:
        r = _isinstance_one(value, t)
        if r is True:
            return True
        if r is None:
            result = Unknown("isinstance() the analysis cannot decide", _line(node))
    return result


_PY_TYPES = {"int": int, "float": float, "str": str, "list": list, "tuple": tuple, "dict": dict, "bool": bool,
             "set": set}


def _isinstance_one(value: Any, t: Any) -> bool | None:
    if isinstance(t, Builtin) and t.name in _PY_TYPES:
        py = _PY_TYPES[t.name]
        if isinstance(value, (Sym,)):
            return py is int
        if is_plain(value) or isinstance(value, (list, tuple, dict, set)):
            return isinstance(value, py)
        return False
    if isinstance(t, ClassValue):
        if isinstance(value, Instance):
            return t in value.cls.mro()
        if isinstance(value, LayerObj):
            cls = value.attrs.get("__class__")
            return isinstance(cls, ClassValue) and t in cls.mro()
        return False
    if isinstance(t, Ref):
        from .names import canonical
        name = canonical(t.path)
        if isinstance(value, Tensor):
            return name.endswith(("KerasTensor", "Tensor", "Variable")) or None
        if isinstance(value, LayerObj):
            if name in ("keras.layers.Layer", "keras.Layer", "keras.Operation"):
                return True
            if name in ("keras.Model", "keras.models.Model"):
                return hasattr(value, "summary_layers")
            if name.startswith("keras.layers."):
                return value.class_name == name.rsplit(".", 1)[1]
            return None
        if is_plain(value) or isinstance(value, (list, tuple, dict)):
            return False
        return None
    return None


def _print(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return None


def _getattr(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if len(args) >= 2 and isinstance(args[1], str):
        value = interp.get_attribute(args[0], args[1], node)
        if isinstance(value, Unknown) and len(args) == 3:
            return Unknown(f"getattr with a default: {value.reason}", _line(node))
        return value
    return Unknown("getattr() with an unknown name", _line(node))


def _hasattr(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return Unknown("hasattr() is not modelled", _line(node))


def _setattr(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if len(args) == 3 and isinstance(args[1], str):
        interp.set_attribute(args[0], args[1], args[2], node)
    else:
        interp.havoc_value(args[0] if args else None, f"setattr at line {_line(node)}")
    return None


def _super(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    from .classes import make_super
    return make_super(interp, args, node)


def _type(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if len(args) == 1:
        value = args[0]
        if isinstance(value, Instance):
            return value.cls
        if is_plain(value) and type(value).__name__ in _PY_TYPES:
            return BUILTINS[type(value).__name__]
    return Unknown("type() is not modelled here", _line(node))


def _callable(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if len(args) == 1:
        v = args[0]
        if isinstance(v, (Function, Builtin, ClassValue, Ref, LayerObj)):
            return True
        if is_plain(v):
            return False
    return Unknown("callable() is not decidable here", _line(node))


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


def _builtin(name: str, impl: Impl) -> Builtin:
    return Builtin(name, impl)


BUILTINS: dict[str, Builtin] = {
    "range": _builtin("range", _range),
    "len": _builtin("len", _len),
    "zip": _builtin("zip", _iter_builtin("zip", lambda *ls, **kw: [tuple(t) for t in zip(*ls, **kw)])),
    "enumerate": _builtin("enumerate", _iter_builtin("enumerate", lambda items, start=0: list(enumerate(items,
                                                                                                        start)))),
    "reversed": _builtin("reversed", _iter_builtin("reversed", lambda items: list(reversed(items)))),
    "sorted": _builtin("sorted", _iter_builtin("sorted", _sorted)),
    "list": _builtin("list", _iter_builtin("list", _to_list)),
    "tuple": _builtin("tuple", _iter_builtin("tuple", _to_tuple)),
    "set": _builtin("set", _pure(set, "set")),
    "frozenset": _builtin("frozenset", _pure(frozenset, "frozenset")),
    "dict": _builtin("dict", _dict),
    "int": _builtin("int", _int),
    "float": _builtin("float", _pure(float, "float")),
    "str": _builtin("str", _pure(str, "str")),
    "bool": _builtin("bool", lambda i, a, k, n: (lambda t: Unknown("bool() undecidable", _line(n)) if t is None
                                                 else t)(i.truth(a[0])) if a else False),
    "abs": _builtin("abs", _tensor_builtin("abs", _pure(abs, "abs"))),
    "round": _builtin("round", _tensor_builtin("round", _pure(round, "round"))),
    "divmod": _builtin("divmod", _pure(divmod, "divmod")),
    "pow": _builtin("pow", _pure(lambda a, b, *m: pow(a, b, *m) if abs(b) <= 4096 else 1 / 0, "pow")),
    "min": _builtin("min", _minmax("min")),
    "max": _builtin("max", _minmax("max")),
    "sum": _builtin("sum", _sum),
    "map": _builtin("map", _map),
    "filter": _builtin("filter", _filter),
    "any": _builtin("any", _any_all("any")),
    "all": _builtin("all", _any_all("all")),
    "isinstance": _builtin("isinstance", _isinstance),
    "print": _builtin("print", _print),
    "getattr": _builtin("getattr", _getattr),
    "hasattr": _builtin("hasattr", _hasattr),
    "setattr": _builtin("setattr", _setattr),
    "super": _builtin("super", _super),
    "type": _builtin("type", _type),
    "callable": _builtin("callable", _callable),
    "repr": _builtin("repr", _pure(repr, "repr")),
    "ord": _builtin("ord", _pure(ord, "ord")),
    "chr": _builtin("chr", _pure(chr, "chr")),
    "hex": _builtin("hex", _pure(hex, "hex")),
    "format": _builtin("format", _pure(format, "format")),
    "True": True, "False": False, "None": None,  # type: ignore[dict-item]
}

for _exc in ("Exception", "ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError", "ImportError",
             "ModuleNotFoundError", "NotImplementedError", "AttributeError", "AssertionError", "StopIteration",
             "object", "staticmethod", "classmethod", "property", "open", "input", "exit", "quit", "id", "hash",
             "iter", "next", "vars", "locals", "globals", "slice", "bytes", "complex", "memoryview", "bytearray",
             "issubclass", "dir", "help"):
    BUILTINS.setdefault(_exc, Builtin(_exc, lambda i, a, k, n, _name=_exc: Unknown(f"`{_name}` is not modelled",
                                                                                     _line(n))))
BUILTINS["NotImplemented"] = Unknown("NotImplemented")  # type: ignore[assignment]
BUILTINS["Ellipsis"] = Ellipsis  # type: ignore[assignment]


# ---------------------------------------------------------------------- methods of plain values
_STR_METHODS = {"upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "replace", "split", "rsplit",
                "startswith", "endswith", "join", "format", "zfill", "find", "rfind", "count", "isdigit", "isalpha",
                "ljust", "rjust", "center", "partition", "rpartition", "splitlines", "casefold", "index",
                "removeprefix", "removesuffix", "swapcase", "isupper", "islower", "isnumeric"}
_LIST_READERS = {"index", "count", "copy"}
_DICT_READERS = {"get", "keys", "values", "items", "copy"}


def method_of(interp: Any, value: Any, name: str, node: ast.AST) -> Any:
    line = _line(node)
    if isinstance(value, str) and name in _STR_METHODS:
        return Builtin(f"str.{name}", _str_method(name), value)
    if isinstance(value, list):
        impl = _LIST_METHODS.get(name)
        if impl is not None:
            return Builtin(f"list.{name}", impl, value)
        if name in _LIST_READERS:
            return Builtin(f"list.{name}", _reader(name), value)
    if isinstance(value, tuple) and name in ("index", "count"):
        return Builtin(f"tuple.{name}", _reader(name), value)
    if isinstance(value, dict):
        impl = _DICT_METHODS.get(name)
        if impl is not None:
            return Builtin(f"dict.{name}", impl, value)
        if name in _DICT_READERS:
            return Builtin(f"dict.{name}", _dict_reader(name), value)
    if isinstance(value, set) and name in ("add", "update", "discard", "remove"):
        return Builtin(f"set.{name}", _mutator(name), value)
    if isinstance(value, (int, Sym)) or value is None:
        if name == "value":  # TF1 Dimension.value
            return value
    if isinstance(value, Function) and name == "__name__":
        return value.name
    return Unknown(f"attribute `{name}` of {type(value).__name__}", line)


def _str_method(name: str) -> Impl:
    def impl(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        text, rest = args[0], args[1:]
        if name == "join" and rest:
            items = interp.iterate(rest[0], node)
            if isinstance(items, Unknown):
                return items
            rest = [items]
        for v in list(rest) + list(kwargs.values()):
            if not is_plain(v):
                return v if isinstance(v, Unknown) else Unknown(f"str.{name} of an abstract value", _line(node))
        if _str_result_too_large(name, text, rest, kwargs):
            return Unknown("string too long", _line(node))
        try:
            result = getattr(text, name)(*rest, **kwargs)
        except Exception as exc:
            return Unknown(f"str.{name} would fail: {type(exc).__name__}", _line(node))
        if isinstance(result, str) and len(result) > MAX_SIZE:
            return Unknown("string too long", _line(node))
        return result

    return impl


def _str_result_too_large(name: str, text: str, rest: list, kwargs: dict) -> bool:
    """Refuse, before computing, the string methods whose result size an argument controls."""
    limit = 10 * MAX_SIZE
    if name in ("center", "ljust", "rjust", "zfill"):
        return any(isinstance(a, int) and a > MAX_SIZE for a in list(rest) + list(kwargs.values()))
    if name == "replace" and len(rest) >= 2 and isinstance(rest[1], str):
        count = rest[2] if len(rest) > 2 and isinstance(rest[2], int) and rest[2] >= 0 else len(text) + 1
        return len(text) + min(count, len(text) + 1) * len(rest[1]) > limit
    if name == "join" and rest and isinstance(rest[0], list):
        items = rest[0]
        return len(text) * len(items) + sum(len(i) for i in items if isinstance(i, str)) > limit
    if name == "format":
        return huge_format(text, list(rest) + list(kwargs.values()))
    return False


def _reader(name: str) -> Impl:
    def impl(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        container, rest = args[0], args[1:]
        if interp.tainted(container):
            return Unknown("contents depend on code the analysis cannot decide", _line(node))
        if name == "copy":
            return list(container)
        try:
            return getattr(container, name)(*rest)
        except Exception:
            return Unknown(f"{name}() would fail", _line(node))

    return impl


def _mutator(name: str) -> Impl:
    def impl(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        container, rest = args[0], args[1:]
        if name in ("extend", "update") and rest and not isinstance(rest[0], dict):
            items = interp.iterate(rest[0], node)
            if isinstance(items, Unknown):
                interp.taint(container, items.reason)
                return None
            rest = [items]
        if name == "pop" and interp.tainted(container):
            return Unknown("contents depend on code the analysis cannot decide", _line(node))
        try:
            result = getattr(container, name)(*rest, **kwargs)
        except Exception:
            interp.taint(container, f"{name}() that would fail at line {_line(node)}")
            return Unknown(f"{name}() would fail", _line(node))
        if isinstance(container, (list, dict, set)) and len(container) > MAX_SIZE:
            interp.taint(container, "it grew too large to follow")
        observer = interp.__dict__.get("container_observers", {}).get(id(container))
        if observer is not None and observer[0] is container:
            observer[1](container)  # a Keras layer tracks layers appended to its lists, in order
        return result

    return impl


_LIST_METHODS = {n: _mutator(n) for n in ("append", "extend", "insert", "pop", "remove", "clear", "reverse")}
_LIST_METHODS["sort"] = lambda i, a, k, n: (a[0].sort(reverse=bool(k.get("reverse"))) if not k.get("key") and
                                            is_plain(a[0]) else i.taint(a[0], "sort()"))
_DICT_METHODS = {n: _mutator(n) for n in ("update", "pop", "setdefault", "clear", "popitem")}


def _dict_reader(name: str) -> Impl:
    def impl(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        d, rest = args[0], args[1:]
        if interp.tainted(d):
            return Unknown("contents depend on code the analysis cannot decide", _line(node))
        if name == "get":
            if not rest or isinstance(rest[0], Unknown):
                return Unknown("dict.get of an unknown key", _line(node))
            try:
                return d.get(rest[0], rest[1] if len(rest) > 1 else None)
            except TypeError:
                return Unknown("dict.get of an unhashable key", _line(node))
        if name == "keys":
            return list(d.keys())
        if name == "values":
            return list(d.values())
        if name == "items":
            return [tuple(kv) for kv in d.items()]
        return dict(d)

    return impl
