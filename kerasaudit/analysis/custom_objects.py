"""Subclassed Keras layers and models: ``class MyLayer(keras.layers.Layer)``, ``class Net(keras.Model)``.

They behave as Keras 3 makes them behave (``keras/src/layers/layer.py``):

- attributes that are layers (directly or inside lists, tuples and dicts, also appended later)
  are *tracked* in assignment order; ``model.layers`` lists them in that order;
- the first call builds the object: a ``build(input_shape)`` of its own runs with the input's
  shape; without one, Keras traces ``call`` to build the sub-layers;
- the output shape comes from ``compute_output_shape`` when the class defines one, else from
  tracing ``call`` on symbolic inputs. The trace happens on placeholder tensors, so the
  operations inside never become nodes of the outer graph (as in Keras);
- weights are those ``add_weight`` creates plus the sub-layers' weights, each counted once.
"""

from __future__ import annotations

import ast
from typing import Any

from ..catalog.spec import Call, LayerSpec, Weight
from .graph import LayerObj, Site
from .models import ModelObj
from .shapes import OutputShapes, UnknownShape
from .values import (MISSING, AbstractObject, BoundMethod, Builtin, ClassValue, Function, Tensor, Unknown,
                     OpaqueObject, first_of)


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def user_member(cls: ClassValue, name: str) -> Any:
    """``name`` as the user's classes define it (MISSING when only Keras's base class has it)."""
    return cls.lookup(name)


class KerasObject(AbstractObject):
    """What subclassed layers and models share. Mixed into a LayerObj subclass."""

    cls: ClassValue
    interp: Any
    tracked: list[LayerObj]
    own: list[Weight]
    build_done: bool
    base_initialized: bool
    trace_complete: bool
    nodes: list
    attrs: dict

    def _setup(self, interp: Any, cls: ClassValue) -> None:
        self.cls = cls
        self.interp = interp
        self.tracked = []
        self.own = []
        self.weights = self.own
        self.build_done = False
        self.base_initialized = False
        self.trace_complete = True
        self.unbuilt_reason_text: str | None = None
        self.traced = False  # call() has been followed at least once (so sub-layers are built as in Keras)
        self.base_weights_built = False
        self.base_spec: LayerSpec | None = None
        self.attrs["__class__"] = cls
        # attributes holding what an unmodelled call returned: maybe layers, with weights
        self.opaque_members: dict[str, str] = {}

    # ------------------------------------------------------------------ tracking
    def track(self, value: Any) -> None:
        """Keras's attribute tracker: layers, and layers inside containers (watched for appends)."""
        if isinstance(value, LayerObj):
            if value is not self and all(value is not t for t in self.tracked):
                self.tracked.append(value)
        elif isinstance(value, (list, tuple)):
            for v in value:
                self.track(v)
            if isinstance(value, list):
                self._observe(value)
        elif isinstance(value, dict):
            for v in value.values():
                self.track(v)
            self._observe(value)

    def _observe(self, container: Any) -> None:
        observers = self.interp.__dict__.setdefault("container_observers", {})
        observers[id(container)] = (container, self.track)

    # ------------------------------------------------------------------ attributes
    def attribute(self, interp: Any, name: str, node: ast.AST) -> Any:
        if name in self.attrs and name != "__class__":
            return self.attrs[name]
        found = user_member(self.cls, name)
        if name == "build":
            return Builtin(f"{self.cls.name}.build", _explicit_build, self)
        if found is not MISSING:
            if isinstance(found, Function):
                if found.kind == "staticmethod":
                    return found
                if found.kind == "classmethod":
                    return BoundMethod(self.cls, found)
                if found.kind == "property":
                    return interp.call_function(found, [self], {}, node)
                return BoundMethod(self, found)
            return found
        return self.keras_attribute(interp, name, node)

    def keras_attribute(self, interp: Any, name: str, node: ast.AST) -> Any:
        """Attributes Keras's own Layer/Model class provides."""
        from .custom_base import base_method
        method = base_method(self, name)
        if method is not None:
            return method
        if name == "built":
            return self.build_done
        if name in ("dtype", "compute_dtype", "variable_dtype"):
            return "float32"
        if name in ("weights", "trainable_weights", "non_trainable_weights", "variables", "trainable_variables",
                    "non_trainable_variables", "losses", "metrics", "input_spec"):
            return Unknown(f"`{name}` of a layer is only known at run time", _line(node))
        from .layer_attributes import layer_attribute
        return layer_attribute(interp, self, name, node)  # type: ignore[arg-type]

    def set_attribute(self, interp: Any, name: str, value: Any, node: ast.AST) -> None:
        if name == "trainable":
            from .layer_attributes import set_layer_attribute
            set_layer_attribute(interp, self, name, value, node)  # type: ignore[arg-type]
            return
        if name == "name" and isinstance(value, str):
            self.name = value  # type: ignore[attr-defined]
            return
        if name == "built":
            self.build_done = bool(value) if isinstance(value, bool) else self.build_done
            return
        self.attrs[name] = value
        self.track(value)
        opaque = first_of(value, OpaqueObject)
        if opaque is not None:
            self.opaque_members[name] = opaque.reason
        else:
            self.opaque_members.pop(name, None)

    # ------------------------------------------------------------------ weights
    def add_weight(self, weight: Weight) -> None:
        self.own.append(weight)

    def sublayers(self) -> list[LayerObj]:
        return list(self.tracked)

    def defines_build(self) -> bool:
        """Whether building creates weights (a build() of its own or a catalog base class's)."""
        return isinstance(user_member(self.cls, "build"), Function) or getattr(self, "base_spec", None) is not None

    def weights_reason(self) -> str | None:
        # Keras counts the weights that exist: those made in __init__ and the sub-layers' (a model
        # holding already-built models has their weights before it is ever called).
        if not self.build_done and self.defines_build():
            return self.unbuilt_reason()
        for name, reason in self.opaque_members.items():
            return (f"attribute `{name}` holds what {reason.removesuffix(' is not modelled')} returned, "
                    "not modelled: if it is a layer or a model, its weights count too")
        for w in self.own:
            reason = w.unknown_reason()
            if reason:
                return reason
        for sub in self.tracked:
            if not self.contributes(sub):
                continue  # Keras never built it either (call() did not use it): it has no weights
            if not sub.built and not self.traced:
                how = " only when it is called (on a keras.Input or on data), not by build()" if \
                    self.build_done else ": nothing in the file calls it on a tensor or on data"
                return (f"{sub.display_name} is never built: Keras builds the layers of `{self.cls.name}`{how} "
                        "(Keras prints 0 (unbuilt))")
            reason = sub.weights_reason()
            if reason:
                return f"{sub.display_name}: {reason}"
        return None

    def contributes(self, sub: LayerObj) -> bool:
        """Whether ``sub`` holds weights in Keras: one call() never used stays unbuilt and holds none."""
        return sub.built or not (self.traced and self.trace_complete) or not _builds_weights(sub)

    def unbuilt_reason(self) -> str:
        return self.unbuilt_reason_text or (
            f"`{self.cls.name}` is never built: nothing in the file calls it on a tensor or on data "
            "(Keras prints 0 (unbuilt))")

    # ------------------------------------------------------------------ calling
    def custom_call(self, interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        from .custom_calls import call_object
        return call_object(interp, self, args, kwargs, node)

    def call(self, interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
        return self.custom_call(interp, args, kwargs, node)


class CustomLayer(KerasObject, LayerObj):
    """An instance of a user subclass of ``keras.layers.Layer`` (or of a catalog layer)."""

    def __init__(self, interp: Any, cls: ClassValue, base_spec: LayerSpec | None, site: Site,
                 base_problem: str | None = None) -> None:
        LayerObj.__init__(self, None, cls.name, None, Unknown("super().__init__() has not run"), site)
        self._setup(interp, cls)
        self.base_spec = base_spec
        self.base_problem = base_problem  # why the base class is not modelled, if it is not

    @property  # type: ignore[override]
    def built(self) -> bool:
        return self.build_done

    def build(self, call: Call) -> None:
        from .custom_calls import build_object
        build_object(self.interp, self, call, None)

    def compute_output(self, call: Call) -> OutputShapes:
        from .custom_calls import output_from_shapes
        return output_from_shapes(self.interp, self, call)


class SubclassedModel(KerasObject, ModelObj):
    """An instance of a user subclass of ``keras.Model``."""

    def __init__(self, interp: Any, cls: ClassValue, site: Site) -> None:
        ModelObj.__init__(self, "subclassed", Unknown("super().__init__() has not run"), site)
        self.class_name = cls.name
        self._setup(interp, cls)
        self.functional: Any = None  # a subclass that calls super().__init__(inputs, outputs)
        self.output_value: Any = None  # what the model returned when last called

    @property  # type: ignore[override]
    def built(self) -> bool:
        return self.build_done

    def build(self, call: Call) -> None:
        from .custom_calls import build_object
        build_object(self.interp, self, call, None)

    def compute_output(self, call: Call) -> OutputShapes:
        from .custom_calls import output_from_shapes
        return output_from_shapes(self.interp, self, call)

    def display_kind(self) -> str:
        return self.kind

    def summary_layers(self) -> list[LayerObj]:
        if self.functional is not None:
            return self.functional.summary_layers()
        return list(self.tracked)

    def sublayers(self) -> list[LayerObj]:
        return self.summary_layers()

    def weights_reason(self) -> str | None:
        if self.functional is not None:
            return self.functional.weights_reason()
        if self.incomplete:
            return self.incomplete
        failed = self.failed_node()
        if failed is not None:  # call() fails in Keras: the model is never built, it has no totals
            return (f"Keras would raise building this model: {failed.layer.display_name} (line {failed.site.line}): "
                    f"{failed.error}")
        return KerasObject.weights_reason(self)

    def row_output_shape(self, layer: LayerObj) -> OutputShapes:
        """Keras lists a sub-layer's shape from its first build (no nodes exist inside a
        subclassed model); a nested model shows its own output."""
        if self.functional is not None:
            return layer.summary_output_shape()
        own_output = getattr(layer, "summary_layers", None) and _model_output(layer)
        if own_output is not None:
            return own_output
        if not layer.nodes:
            return UnknownShape("the layer is never called")
        return layer.nodes[0].output_shapes()


def _explicit_build(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    """``obj.build(shape)`` called by the file: the class's own build (or the base class's)."""
    from .custom_base import as_shape
    from .custom_calls import build_object
    obj = args[0]
    shape = args[1] if len(args) > 1 else kwargs.get("input_shape", next(iter(kwargs.values()), None))
    build_object(interp, obj, Call(obj.class_name, {"inputs": as_shape(shape)}), node)
    return None


def _builds_weights(layer: LayerObj) -> bool:
    return not isinstance(layer, KerasObject) or layer.defines_build() or bool(layer.tracked)


def _model_output(model: Any) -> OutputShapes | None:
    from .models import FunctionalModel, SequentialModel
    if isinstance(model, FunctionalModel):
        from .model_calls import _shapes_of
        shapes = _shapes_of(model.outputs)
        return shapes[0] if isinstance(shapes, list) and len(shapes) == 1 else shapes
    if isinstance(model, SequentialModel) and model.output is not None:
        return model.output.shape if isinstance(model.output, Tensor) else None
    return None


def is_custom(value: Any) -> bool:
    return isinstance(value, KerasObject)


__all__ = ["CustomLayer", "SubclassedModel", "KerasObject", "is_custom", "user_member"]
