"""Methods of plain values (``str``, ``list``, ``tuple``, ``dict``, ``set``), as the interpreter models them.

Readers run for real on known contents; mutators change our own container values in place and
taint a container whose contents the analysis can no longer follow.
"""

from __future__ import annotations

import ast
from typing import Any

from .builtins_data import Impl
from .dims import Sym
from .plain import MAX_SIZE, huge_format, is_plain
from .values import Builtin, Function, Unknown


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


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

