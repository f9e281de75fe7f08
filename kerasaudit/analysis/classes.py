"""User-defined classes: plain classes, and subclasses of Keras layers and models.

A subclass of ``keras.Model`` becomes a :class:`~.custom_objects.SubclassedModel`, a subclass
of ``keras.layers.Layer`` (or of a catalog layer such as ``Dense``) a
:class:`~.custom_objects.CustomLayer`; other Keras bases (callbacks, metrics, losses,
``Sequence``...) behave as plain classes. ``super()`` reaches the user's base classes first,
then what Keras's own base class does.
"""

from __future__ import annotations

import ast
from typing import Any

from ..catalog import lookup
from .custom_objects import CustomLayer, KerasObject, SubclassedModel
from .graph import Site
from .names import canonical, layer_class_name
from .scope import Scope
from .values import MISSING, AbstractObject, BoundMethod, Builtin, ClassValue, Function, Instance, Ref, Unknown

_MODEL_BASES = ("keras.Model",)
_LAYER_BASES = ("keras.layers.Layer", "keras.Layer", "keras.Operation")


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


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
    for value in body.vars.values():
        if isinstance(value, Function):
            value.owner = cls  # what zero-argument super() starts from
            value.qualname = f"{cls.name}.{value.name}"
    return cls


def classify(cls: ClassValue) -> tuple[str, Any]:
    """('plain' | 'model' | 'sequential' | 'layer', catalog spec or problem)."""
    base = cls.keras_base
    if base is None:
        return "plain", None
    if base in _MODEL_BASES:
        return "model", None
    if base == "keras.Sequential":
        return "sequential", None
    if base in _LAYER_BASES:
        return "layer", None
    class_name = layer_class_name(base)
    if class_name:
        spec = lookup(class_name)
        if spec is not None:
            return "layer", spec
        return "layer", f"`{cls.name}` subclasses {base}, which is not in kerasaudit's catalog"
    return "plain", None


def instantiate(interp: Any, cls: ClassValue, args: list, kwargs: dict, node: ast.AST) -> Any:
    kind, extra = classify(cls)
    if kind == "sequential":
        return Unknown(f"`{cls.name}` subclasses keras.Sequential; such subclasses are not analysed",
                       _line(node))
    init = cls.lookup("__init__")
    if kind == "plain":
        instance = Instance(cls)
        if isinstance(init, Function):
            interp.call_function(init, [instance, *args], kwargs, node)
        return instance
    site = Site.of(node)
    if kind == "model":
        obj: KerasObject = SubclassedModel(interp, cls, site)
    else:
        spec = extra if not isinstance(extra, str) else None
        obj = CustomLayer(interp, cls, spec, site, extra if isinstance(extra, str) else None)
    if isinstance(init, Function):
        problem = interp.bind_arguments(init, [obj, *args], kwargs, Scope(kind="function"))
        if problem is not None:
            return Unknown(f"`{cls.name}(...)` would fail: {problem}", _line(node))
        interp.call_function(init, [obj, *args], kwargs, node)
    else:
        from .custom_base import base_init
        base_init(interp, obj, list(args), dict(kwargs), node)
    if not obj.base_initialized:
        from .custom_base import base_init
        base_init(interp, obj, [], {}, node)
    if isinstance(obj, CustomLayer):
        interp.ctx.facts.layers.append(obj)
    return obj


class Super(AbstractObject):
    """``super()`` / ``super(Cls, self)``: the user's classes after ``start`` in the MRO, then
    Keras's base class."""

    def __init__(self, start: ClassValue, obj: Any) -> None:
        self.start = start
        self.obj = obj

    def attribute(self, interp: Any, name: str, node: ast.AST) -> Any:
        obj = self.obj
        cls = obj.cls if isinstance(obj, (KerasObject, Instance)) else obj if isinstance(obj, ClassValue) else None
        if cls is None:
            return Unknown("super() of a value the analysis does not model", _line(node))
        mro = cls.mro()
        start = mro.index(self.start) + 1 if self.start in mro else len(mro)
        for c in mro[start:]:
            if name in c.namespace:
                found = c.namespace[name]
                if isinstance(found, Function):
                    if found.kind == "staticmethod":
                        return found
                    if found.kind == "classmethod":
                        return BoundMethod(cls, found)
                    if found.kind == "property":
                        return interp.call_function(found, [obj], {}, node)
                    return BoundMethod(obj, found)
                return found
        if isinstance(obj, KerasObject):
            from .custom_base import base_method
            method = base_method(obj, name)
            if method is not None:
                return method
            return obj.keras_attribute(interp, name, node)
        if name in ("__init__", "__init_subclass__", "on_epoch_end", "on_epoch_begin", "on_train_begin",
                    "on_train_end", "on_batch_end", "on_batch_begin"):
            return Builtin(f"super().{name}", lambda i, a, k, n: None)
        return Unknown(f"super().{name} is not modelled", _line(node))


def make_super(interp: Any, args: list, node: ast.AST) -> Any:
    if len(args) >= 2:
        start, obj = args[0], args[1]
    elif not args and interp.function_stack:
        func = interp.function_stack[-1]
        start = func.owner
        a = func.node.args
        params = a.posonlyargs + a.args
        obj = interp.scope_stack[-1].vars.get(params[0].arg, MISSING) if params else MISSING
    else:
        return Unknown("super() outside a method", _line(node))
    if not isinstance(start, ClassValue) or obj is MISSING or isinstance(obj, Unknown):
        return Unknown("super() of a class the analysis does not know", _line(node))
    return Super(start, obj)


def call_subclassed_model(interp: Any, model: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return model.custom_call(interp, args, kwargs, node)


def build_subclassed(interp: Any, model: Any, shape: Any, node: ast.AST) -> None:
    from ..catalog.spec import Call
    from .custom_base import as_shape
    from .custom_calls import build_object
    build_object(interp, model, Call(model.class_name, {"inputs": as_shape(shape)}), node)


def build_subclassed_from_data(interp: Any, model: Any, x: Any, node: ast.AST, how: str) -> None:
    from .custom_calls import build_from_data
    if isinstance(model, KerasObject):
        build_from_data(interp, model, x, node, how)
