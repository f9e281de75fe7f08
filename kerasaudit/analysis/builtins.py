"""Python builtins, as the interpreter models them: the :data:`BUILTINS` table of every builtin name.

Builtins run for real only on fully known plain data (our own values, never objects of
the analysed program); anything abstract gives :class:`Unknown` or a modelled answer.
The builtins themselves live by family: :mod:`.builtins_data` (numbers, sequences,
iteration) and :mod:`.builtins_objects` (types and attributes); methods of plain values
(``"a".upper()``, ``xs.append``) are :mod:`.plain_methods`.
"""

from __future__ import annotations

import ast
from typing import Any

from .builtins_data import (Impl, _any_all, _dict, _filter, _int, _iter_builtin, _len, _map, _minmax, _pure,
                            _range, _sorted, _sum, _tensor_builtin, _to_list, _to_tuple)
from .builtins_objects import (_PY_TYPES, _callable, _getattr, _hasattr, _isinstance, _setattr, _super)
from .plain import is_plain
from .values import Builtin, Instance, Unknown


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def _print(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return None


def _type(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if len(args) == 1:
        value = args[0]
        if isinstance(value, Instance):
            return value.cls
        if is_plain(value) and type(value).__name__ in _PY_TYPES:
            return BUILTINS[type(value).__name__]
    return Unknown("type() is not modelled here", _line(node))


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

