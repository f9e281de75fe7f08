"""Python builtins that look at objects rather than compute on data: ``isinstance``,
``getattr``/``hasattr``/``setattr``, ``super``, ``callable``.

``isinstance`` answers from what the analysis knows of a value (a plain value, an instance of
an analysed class, a layer, a tensor) and is Unknown where it cannot decide.
"""

from __future__ import annotations

import ast
from typing import Any

from .dims import Sym
from .plain import is_plain
from .graph import LayerObj
from .values import Builtin, ClassValue, Function, Instance, Ref, Tensor, Unknown


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


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


def _callable(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    if len(args) == 1:
        v = args[0]
        if isinstance(v, (Function, Builtin, ClassValue, Ref, LayerObj)):
            return True
        if is_plain(v):
            return False
    return Unknown("callable() is not decidable here", _line(node))

