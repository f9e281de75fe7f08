"""Keras's own entry points: Input, Model, Sequential, the merge functions, backend basics."""

from __future__ import annotations

import ast
from typing import Any

from ...catalog import lookup
from ...catalog.spec import ArgumentError, Params
from ..graph import Site
from ..layercall import call_layer_object, create_layer, make_input
from ..model_calls import make_functional, make_sequential
from ..naming import NameRegistry
from ..values import LibraryObject, Tensor, Unknown
from . import handles

_INPUT = Params(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None, name=None,
                tensor=None, optional=False)


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


@handles("keras.Input")
def keras_input(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    try:
        bound, extra = _INPUT.bind(args, kwargs, extra_ok=("input_shape", "batch_input_shape"))
    except ArgumentError as exc:
        return Unknown(f"Input() would fail: {exc}", _line(node))
    if extra:
        return Unknown(f"Input() would fail: unexpected arguments {', '.join(extra)}", _line(node))
    tensor = bound.pop("tensor", None)
    if isinstance(tensor, Tensor):
        return tensor
    cfg = {k: v for k, v in bound.items() if v is not None and k != "optional"}
    return make_input(interp, cfg, node)


@handles("keras.layers.InputLayer")
def input_layer(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    spec = lookup("InputLayer")
    try:
        bound, extra = spec.params.bind(args, kwargs, extra_ok=spec.extra_kwargs)  # type: ignore[union-attr]
    except ArgumentError as exc:
        return create_layer(interp, None, "InputLayer", [], {}, node, f"InputLayer() would fail: {exc}")
    cfg = {k: v for k, v in bound.items() if v is not None and k not in ("optional", "input_tensor")}
    tensor = make_input(interp, cfg, node)
    return tensor.node.layer  # type: ignore[union-attr]


_MODEL = Params("inputs", "outputs", name=None, trainable=True)


@handles("keras.Model")
def keras_model(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    kwargs = dict(kwargs)
    # Keras 1 spelled them input=/output=; they flow through as Keras 1 computed them.
    for old, new in (("input", "inputs"), ("output", "outputs")):
        if old in kwargs and new not in kwargs:
            kwargs[new] = kwargs.pop(old)
    if not args and "inputs" not in kwargs:
        return Unknown("Model() without inputs (a subclassing base call)", _line(node))
    try:
        bound, extra = _MODEL.bind(args, kwargs)
    except ArgumentError as exc:
        return Unknown(f"Model() would fail: {exc}", _line(node))
    return make_functional(interp, bound["inputs"], bound["outputs"], bound["name"], bound["trainable"], node)


_SEQUENTIAL = Params(layers=None, trainable=True, name=None)


@handles("keras.Sequential")
def keras_sequential(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    try:
        bound, extra = _SEQUENTIAL.bind(args, kwargs)
    except ArgumentError as exc:
        return Unknown(f"Sequential() would fail: {exc}", _line(node))
    return make_sequential(interp, bound["layers"], bound["name"], bound["trainable"], node)


_MERGE_FUNCTIONS = {"concatenate": "Concatenate", "add": "Add", "subtract": "Subtract", "multiply": "Multiply",
                    "average": "Average", "maximum": "Maximum", "minimum": "Minimum", "dot": "Dot"}


@handles(*(f"keras.layers.{f}" for f in _MERGE_FUNCTIONS))
def merge_function(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """``concatenate([a, b], axis=-1, **kwargs)`` is ``Concatenate(axis=-1, **kwargs)([a, b])``."""
    class_name = _MERGE_FUNCTIONS[name.rsplit(".", 1)[1]]
    if not args:
        if "inputs" not in kwargs:
            return Unknown(f"{name}() without inputs", _line(node))
        args = [kwargs.pop("inputs")]
    inputs, rest = args[0], list(args[1:])
    kwargs = dict(kwargs)
    if class_name == "Dot" and not rest:
        kwargs.setdefault("axes", -1)  # ``dot(inputs, axes=-1, **kwargs)``; the Dot layer has no default
    layer = create_layer(interp, lookup(class_name), class_name, rest, kwargs, node)
    inputs = list(inputs) if isinstance(inputs, tuple) else inputs
    return call_layer_object(interp, layer, [inputs], {}, node)  # a layer call, masks included


@handles("keras.backend.image_data_format", "keras.config.image_data_format")
def image_data_format(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    return interp.ctx.__dict__.get("image_data_format", "channels_last")


@handles("keras.backend.set_image_data_format", "keras.config.set_image_data_format")
def set_image_data_format(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    value = args[0] if args else kwargs.get("data_format")
    interp.ctx.__dict__["image_data_format"] = value if isinstance(value, str) else Unknown(
        "image data format set to an unknown value", _line(node))
    return None


@handles("keras.backend.image_dim_ordering")
def image_dim_ordering(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    fmt = interp.ctx.__dict__.get("image_data_format", "channels_last")
    return "th" if fmt == "channels_first" else "tf"


@handles("keras.backend.clear_session", "keras.utils.clear_session")
def clear_session(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """Keras forgets its automatic-name counters: the next Dense is ``dense`` again."""
    interp.ctx.names = NameRegistry()
    return None


@handles("keras.backend.int_shape", "keras.ops.shape", "keras.backend.shape")
def int_shape(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    x = args[0] if args else kwargs.get("x")
    if isinstance(x, Tensor):
        from ..tensor_attributes import tensor_attribute
        return tensor_attribute(interp, x, "shape", node)
    return Unknown(f"{name}() of a value that is not a known tensor", _line(node))


@handles("keras.backend.is_keras_tensor", "keras.utils.is_keras_tensor")
def is_keras_tensor(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    x = args[0] if args else kwargs.get("x")
    if isinstance(x, Tensor):
        return True
    if isinstance(x, Unknown):
        return x
    return False


@handles("keras.backend.floatx", "keras.config.floatx")
def floatx(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    return "float32"


@handles("keras.backend.backend", "keras.config.backend")
def backend_name(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    return Unknown("the Keras backend is chosen at run time", _line(node))


def opaque(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    return LibraryObject(name, tuple(args), dict(kwargs), Site.of(node).line)
