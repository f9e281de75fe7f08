"""Attributes and methods of layer and model objects (``layer.output``, ``model.add``...)."""

from __future__ import annotations

import ast
from typing import Any, Callable

from .facts import MethodCall
from .graph import LayerObj, Site
from .models import FunctionalModel, ModelObj, SequentialModel
from .values import Builtin, Tensor, Unknown

Method = Callable[[Any, LayerObj, list, dict, ast.AST], Any]
METHODS: dict[str, Method] = {}


def method(*names: str) -> Callable[[Method], Method]:
    def register(fn: Method) -> Method:
        for n in names:
            METHODS[n] = fn
        return fn

    return register


def _line(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def layer_attribute(interp: Any, layer: LayerObj, name: str, node: ast.AST) -> Any:
    if name in METHODS:
        impl = METHODS[name]
        return Builtin(f"{layer.class_name}.{name}", lambda i, a, k, n: impl(i, a[0], a[1:], k, n), layer)
    if name in layer.attrs:
        return layer.attrs[name]
    if name == "name":
        return layer.name
    if name == "trainable":
        return layer.trainable
    if name in ("output", "input"):
        return _single_node(layer, name, node)
    if name in ("output_shape", "input_shape"):
        value = _single_node(layer, name.split("_")[0], node)
        if isinstance(value, Tensor):
            return value.shape if isinstance(value.shape, tuple) else Unknown("shape unknown", _line(node))
        if isinstance(value, list):
            return [v.shape for v in value if isinstance(v, Tensor)]
        return value
    if isinstance(layer, ModelObj):
        return _model_attribute(interp, layer, name, node)
    if layer.cfg is not None and name in layer.cfg.values:
        value = layer.cfg.values[name]
        return value
    return Unknown(f"attribute `{name}` of {layer.class_name} is not modelled", _line(node))


def _single_node(layer: LayerObj, what: str, node: ast.AST) -> Any:
    if isinstance(layer, FunctionalModel):
        return layer.outputs if what == "output" else layer.inputs
    if isinstance(layer, SequentialModel):
        if what == "output":
            return layer.output if layer.output is not None else Unknown("the model has no known input shape",
                                                                          _line(node))
        if layer.input_layer is not None:
            return layer.input_layer.nodes[0].outputs
        return Unknown("the model has no known input", _line(node))
    if len(layer.nodes) != 1:
        return Unknown(f"layer `{layer.display_name}` has {len(layer.nodes)} nodes: its {what} is ambiguous",
                       _line(node))
    n = layer.nodes[0]
    return n.outputs if what == "output" else (n.outputs if n.is_input else n.inputs)


def _model_attribute(interp: Any, model: ModelObj, name: str, node: ast.AST) -> Any:
    if name == "layers":
        if model.incomplete:
            return Unknown(f"the model's layers are not all known: {model.incomplete}", _line(node))
        # Keras lists layers only: operations (x + y, keras.ops...) are rows of the summary, not layers.
        return [layer for layer in model.summary_layers()
                if not layer.attrs.get("unknown_operation") and getattr(layer, "kind", "") != "operation"]
    if name in ("inputs", "outputs"):
        if isinstance(model, FunctionalModel):
            value = model.inputs if name == "inputs" else model.outputs
            return list(value) if isinstance(value, (list, tuple)) else [value]
        single = _single_node(model, name[:-1], node)
        return single if isinstance(single, Unknown) else [single]
    return Unknown(f"attribute `{name}` of model is not modelled", _line(node))


def set_layer_attribute(interp: Any, layer: LayerObj, name: str, value: Any, node: ast.AST) -> None:
    if name == "trainable":
        _set_trainable(layer, value)
    elif name == "name" and isinstance(value, str):
        layer.name = value
    else:
        layer.attrs[name] = value


def _set_trainable(layer: LayerObj, value: Any) -> None:
    """Keras 3 sets ``trainable`` on the layer and every layer inside it."""
    layer.trainable = value
    layer.trainable_set_later = True
    layer.trainable_set_when_built = layer.built
    for sub in layer.sublayers():
        _set_trainable(sub, value)


def _record(interp: Any, model: LayerObj, name: str, args: list, kwargs: dict, node: ast.AST) -> None:
    interp.ctx.facts.method_calls.append(MethodCall(model, name, list(args), dict(kwargs), Site.of(node)))


@method("summary", "compile", "save", "save_weights", "load_weights", "plot_model", "reset_states",
        "set_weights", "fit_generator", "predict_generator", "evaluate_generator", "predict_classes",
        "predict_proba", "to_json", "get_config")
def recorded(interp: Any, layer: LayerObj, args: list, kwargs: dict, node: ast.AST) -> Any:
    name = _method_name(node)
    _record(interp, layer, name, args, kwargs, node)
    if name in ("summary", "compile", "save", "save_weights", "load_weights", "set_weights", "reset_states"):
        return None
    return Unknown(f"the result of `{name}()` is only known at run time", _line(node))


@method("fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch")
def data_methods(interp: Any, layer: LayerObj, args: list, kwargs: dict, node: ast.AST) -> Any:
    name = _method_name(node)
    _record(interp, layer, name, args, kwargs, node)
    from .data_flow import on_data_method
    return on_data_method(interp, layer, name, args, kwargs, node)


def _method_name(node: ast.AST) -> str:
    func = getattr(node, "func", None)
    return func.attr if isinstance(func, ast.Attribute) else "?"


@method("add")
def sequential_add_method(interp: Any, layer: LayerObj, args: list, kwargs: dict, node: ast.AST) -> Any:
    if not isinstance(layer, SequentialModel):
        return Unknown("add() on a model that is not Sequential", _line(node))
    from .model_calls import sequential_add
    item = args[0] if args else kwargs.get("layer")
    rebuild = args[1] if len(args) > 1 else kwargs.get("rebuild", True)
    sequential_add(interp, layer, item, node, rebuild=rebuild is not False)
    return None


@method("pop")
def sequential_pop(interp: Any, layer: LayerObj, args: list, kwargs: dict, node: ast.AST) -> Any:
    if not isinstance(layer, SequentialModel) or not (layer.layers or layer.gaps):
        return Unknown("pop() on this model is not modelled", _line(node))
    removed: Any
    if layer.gaps and layer.gaps[-1].index == len(layer.layers):
        # The last item is one the analysis could not take as a layer: that is what Keras pops.
        layer.gaps.pop()
        removed = Unknown("pop() removes a layer the analysis does not know", _line(node))
    else:
        removed = layer.layers.pop()
    if layer.output is not None:
        _sequential_output_after_pop(interp, layer, node)
        rebuild = args[0] if args else kwargs.get("rebuild", True)
        if rebuild is not False and layer.layers:
            from .model_calls import _rebuilt, replay_rebuild
            replay_rebuild(interp, layer)
            _rebuilt(interp)
    return removed


def _sequential_output_after_pop(interp: Any, layer: SequentialModel, node: ast.AST) -> None:
    if layer.output is None:
        return
    if layer.gaps and layer.gaps[-1].index == len(layer.layers):
        # The last item now is one the analysis could not take as a layer: its output is unknown.
        from .layercall import unknown_operation
        layer.output = unknown_operation(interp, [], {}, node, layer.gaps[-1].reason)
        return
    layer.output = layer.layers[-1].nodes[-1].outputs if layer.layers and layer.layers[-1].nodes else (
        layer.input_layer.nodes[0].outputs if layer.input_layer else None)


@method("build")
def build_method(interp: Any, layer: LayerObj, args: list, kwargs: dict, node: ast.AST) -> Any:
    shape = args[0] if args else kwargs.get("input_shape")
    if isinstance(layer, SequentialModel):
        from .model_calls import build_sequential
        build_sequential(interp, layer, shape, node, "build")
        return None
    if isinstance(layer, ModelObj) and layer.kind == "subclassed":
        from .classes import build_subclassed
        build_subclassed(interp, layer, shape, node)
        return None
    _record(interp, layer, "build", args, kwargs, node)
    return None


@method("count_params")
def count_params(interp: Any, layer: LayerObj, args: list, kwargs: dict, node: ast.AST) -> Any:
    total, _, _, reason = layer.param_counts()
    return total if total is not None else Unknown(reason or "parameter count unknown", _line(node))


@method("get_layer")
def get_layer(interp: Any, layer: LayerObj, args: list, kwargs: dict, node: ast.AST) -> Any:
    if not isinstance(layer, ModelObj):
        return Unknown("get_layer() on a layer", _line(node))
    if layer.incomplete:
        return Unknown(layer.incomplete, _line(node))
    name = args[0] if args else kwargs.get("name")
    index = args[1] if len(args) > 1 else kwargs.get("index")
    layers = [x for x in layer.summary_layers()
              if not x.attrs.get("unknown_operation") and getattr(x, "kind", "") != "operation"]
    if isinstance(name, str):
        for x in layers:
            if x.name == name:
                return x
        if any(not isinstance(x.name, str) for x in layers):
            return Unknown(f"no layer named {name!r} is known", _line(node))
        return Unknown(f"no layer named {name!r}: Keras would raise", _line(node))
    if isinstance(index, int):
        try:
            return layers[index]
        except IndexError:
            return Unknown("layer index out of range", _line(node))
    return Unknown("get_layer() with an unknown name", _line(node))


@method("get_weights")
def get_weights(interp: Any, layer: LayerObj, args: list, kwargs: dict, node: ast.AST) -> Any:
    return Unknown("weight values are only known at run time", _line(node))
