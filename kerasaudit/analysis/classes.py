"""User-defined classes: plain classes, and subclasses of Keras layers and models."""

from __future__ import annotations

import ast
from typing import Any

from .names import canonical
from .scope import Scope
from .values import ClassValue, Instance, Ref, Unknown


def define_class(interp: Any, node: ast.ClassDef, scope: Scope) -> ClassValue:
    bases = [interp.eval(b, scope) for b in node.bases]
    keras_base = None
    for base in bases:
        if isinstance(base, Ref):
            name = canonical(base.path)
            if name.startswith("keras"):
                keras_base = name
        elif isinstance(base, ClassValue) and base.keras_base:
            keras_base = base.keras_base
    body = Scope(parent=scope, kind="class", name=node.name)
    cls = ClassValue(node.name, bases, body.vars, node, keras_base)
    interp.exec_block(node.body, body)
    return cls


def instantiate(interp: Any, cls: ClassValue, args: list, kwargs: dict, node: ast.AST) -> Any:
    if cls.keras_base:
        return Unknown(f"`{cls.name}` subclasses {cls.keras_base}; subclassed layers and models are not "
                       f"analysed yet", getattr(node, "lineno", None))
    instance = Instance(cls)
    init = cls.lookup("__init__")
    from .values import Function
    if isinstance(init, Function):
        interp.call_function(init, [instance, *args], kwargs, node)
    return instance


def make_super(interp: Any, args: list, node: ast.AST) -> Any:
    return Unknown("super() is not modelled yet", getattr(node, "lineno", None))


def call_subclassed_model(interp: Any, model: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return Unknown("calling a subclassed model is not modelled yet", getattr(node, "lineno", None))


def build_subclassed(interp: Any, model: Any, shape: Any, node: ast.AST) -> None:
    return None


def build_subclassed_from_data(interp: Any, model: Any, x: Any, node: ast.AST, how: str) -> None:
    return None
