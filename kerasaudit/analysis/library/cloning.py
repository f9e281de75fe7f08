"""``keras.models.clone_model``: a copy of a functional or Sequential model with new layers.

Keras 3.15 (``keras/src/models/cloning.py``) re-creates every layer from its config (so
names, arguments and ``trainable`` flags are kept and weights are new) and replays the
model's graph on new inputs:

- functional: one ``Input(batch_shape=x.shape, name=x.name)`` per model input, named after
  the original input *tensor* (the ``name=`` given to ``keras.Input``, else its automatic
  ``keras_tensor_N``), or the given ``input_tensors``; then each node, deepest first, calls
  the clone of its layer (a layer shared by several nodes is cloned once); the result is a
  ``Functional`` with the original's name and default ``trainable``;
- Sequential: the clones of its layers after an ``Input`` named like the original's
  InputLayer when it was built, in ``Sequential(..., name=model.name, trainable=model.trainable)``.

The copy takes no automatic layer or model names of its own, except what Keras's layers and
models take when they are built (the Sequential rebuild's ``functional`` name, the Softmax of
a MultiHeadAttention), which the machinery reused here takes too. What the analysis cannot
replay exactly is an unknown with its reason, never an approximate copy.
"""

from __future__ import annotations

import ast
from typing import Any

from ...catalog.spec import ArgumentError, Params
from ..graph import LayerObj, flatten_tensors
from ..layercall import call_layer_object, create_layer, make_input
from ..model_calls import make_functional, make_sequential
from ..models import FunctionalModel, SequentialModel
from ..names import canonical
from ..values import Function, LibraryObject, Ref, Tensor, Unknown, contains
from . import handles

_CLONE = Params("model", input_tensors=None, clone_function=None, call_function=None, recursive=False)
# Keyword arguments a layer takes for the model around it, not kept in its config.
_NOT_IN_CONFIG = ("input_shape", "batch_input_shape", "input_dim", "batch_size")


class NotClonable(Exception):
    """What makes the copy unknown to the analysis (the reason)."""


@handles("keras.models.clone_model", "keras.models.cloning.clone_model")
def clone_model(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    line = getattr(node, "lineno", None)
    kwargs = {k: v for k, v in kwargs.items() if k != "cache"}  # Keras's own recursion argument
    try:
        bound, _ = _CLONE.bind(args, kwargs)
    except ArgumentError as exc:
        return Unknown(f"clone_model() would fail: {exc}", line)
    model = bound["model"]
    try:
        _check_options(model, bound)
        if type(model) is SequentialModel:
            return _clone_sequential(interp, model, bound["input_tensors"], node)
        if type(model) is FunctionalModel:
            return _clone_functional(interp, model, bound["input_tensors"], node)
    except NotClonable as exc:
        return Unknown(f"the copy made by clone_model() is not known: {exc}", line)
    if isinstance(model, Unknown):
        return Unknown(f"clone_model() of a model that is not known: {model.reason}", line)
    if getattr(model, "kind", "") == "subclassed":
        return Unknown("clone_model() of a subclassed model re-creates it from its get_config(), "
                       "which the analysis does not follow", line)
    return Unknown(f"clone_model() of a {type(model).__name__} is not modelled", line)


def _check_options(model: Any, bound: dict) -> None:
    if bound["clone_function"] is not None:
        raise NotClonable("the analysis does not follow a clone_function (it decides what each layer becomes)")
    if bound["call_function"] is not None:
        raise NotClonable("the analysis does not follow a call_function")
    if isinstance(model, (FunctionalModel, SequentialModel)):
        reason = model.incomplete or (f"Keras would refuse to build the model: {model.error}" if model.error else None)
        if reason:
            raise NotClonable(reason)


def _clone_layer(interp: Any, layer: LayerObj, node: ast.AST) -> LayerObj:
    """``layer.__class__.from_config(layer.get_config())``: the same constructor arguments,
    the same name and trainable flag, no weights yet."""
    if isinstance(layer, (FunctionalModel, SequentialModel)) or hasattr(layer, "summary_layers"):
        raise NotClonable(f"cloning the model {layer.display_name} inside it (from its config) is not modelled")
    if getattr(layer, "custom_call", None) is not None:
        raise NotClonable(f"{layer.display_name} is a custom layer: its get_config() is not followed")
    if layer.spec is None or layer.cfg is None or layer.attrs.get("unknown_operation"):
        raise NotClonable(layer.unknown_class_reason or f"{layer.display_name} is not a layer the analysis knows")
    if layer.kind != "layer" or layer.class_name != layer.spec.class_name:
        raise NotClonable(f"re-creating {layer.class_name} '{layer.display_name}' from its config is not modelled")
    values = layer.cfg.values
    if any(k.startswith("_") for k in values) or any(contains(v, LayerObj) for v in values.values()) or layer.inner_layers:
        raise NotClonable(f"{layer.class_name} '{layer.display_name}' holds other layers, which its config "
                          "re-creates in ways the analysis does not follow")
    for key, value in values.items():
        problem = _config_problem(value)
        if problem:
            raise NotClonable(f"{layer.class_name} '{layer.display_name}': `{key}` {problem}")
    own = layer.spec.params.order
    kwargs = {k: v for k, v in values.items() if k in own or k not in _NOT_IN_CONFIG}
    kwargs["name"] = layer.name
    kwargs["trainable"] = layer.trainable
    clone = create_layer(interp, layer.spec, layer.class_name, [], kwargs, node)
    if clone.cfg is None:
        raise NotClonable(clone.unknown_class_reason or f"re-creating {layer.display_name} failed")
    return clone


def _config_problem(value: Any) -> str | None:
    """Why ``from_config`` would not give back this argument: Keras deserializes a function
    by its registered name (a plain ``def`` is not found, a Python lambda is refused in safe
    mode), so only Keras's own objects and registered functions are known to come back."""
    if isinstance(value, (list, tuple)):
        return next((p for p in map(_config_problem, value) if p), None)
    if isinstance(value, dict):
        return next((p for p in map(_config_problem, value.values()) if p), None)
    if isinstance(value, Function):
        if _registered(value):
            return None
        return ("is a Python function Keras re-creates from the config only when it is registered "
                "with @keras.saving.register_keras_serializable() (and never a lambda in safe mode)")
    if isinstance(value, Ref) and not canonical(value.path).startswith("keras."):
        return f"is `{value.path}`, which the analysis does not know Keras can deserialize"
    if isinstance(value, LibraryObject) and not value.name.startswith("keras."):
        return f"is made by `{value.name}`, which the analysis does not know Keras can deserialize"
    if value is None or isinstance(value, (str, int, float, bool, Ref, LibraryObject, Unknown)):
        return None
    return f"is a {type(value).__name__} the analysis does not know how Keras serializes"


def _registered(func: Function) -> bool:
    node = func.node
    for deco in getattr(node, "decorator_list", []):
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(target, (ast.Attribute, ast.Name)) and \
                (getattr(target, "attr", None) or getattr(target, "id", None)) == "register_keras_serializable":
            return True
    return False


def _input_like(interp: Any, shape: Any, name: Any, dtype: Any, node: ast.AST) -> Tensor:
    cfg: dict = {"batch_shape": shape, "name": name}
    if isinstance(dtype, str):
        cfg["dtype"] = dtype
    return make_input(interp, cfg, node)


def _input_tensor_name(tensor: Tensor) -> Any:
    """The name of a model input *tensor*: the ``name=`` its ``keras.Input`` was given, else
    ``keras_tensor_N``, whose N counts every symbolic tensor made before it in the process."""
    layer = tensor.node.layer if tensor.node is not None else None
    if layer is None or not tensor.node.is_input or layer.class_name != "InputLayer":  # type: ignore[union-attr]
        raise NotClonable("a model input does not come from keras.Input")
    if layer.explicit_name:
        return layer.name
    return Unknown("Keras names a cloned model's input after the original input tensor's automatic name "
                   "(keras_tensor_N, N counting every symbolic tensor created before it), which the analysis "
                   "does not count; give the Input a name= to make it known", tensor.node.site.line)  # type: ignore


def _same_structure(given: Any, own: Any) -> bool:
    if isinstance(own, Tensor):
        return isinstance(given, Tensor)
    if isinstance(own, (list, tuple)):
        return isinstance(given, (list, tuple)) and len(given) == len(own) and \
            all(_same_structure(g, o) for g, o in zip(given, own))
    if isinstance(own, dict):
        return isinstance(given, dict) and set(given) == set(own) and all(_same_structure(given[k], own[k]) for k in own)
    return False


def _rebuild(value: Any, mapping: dict[int, Any]) -> Any:
    if isinstance(value, Tensor):
        return mapping.get(id(value), value)
    if isinstance(value, list):
        return [_rebuild(v, mapping) for v in value]
    if isinstance(value, tuple):
        return tuple(_rebuild(v, mapping) for v in value)
    if isinstance(value, dict):
        return {k: _rebuild(v, mapping) for k, v in value.items()}
    return value


def _clone_functional(interp: Any, model: FunctionalModel, given: Any, node: ast.AST) -> Any:
    own_inputs = flatten_tensors(model.inputs)
    if given is None:
        mapping = {id(t): _input_like(interp, t.shape, _input_tensor_name(t), t.dtype, node) for t in own_inputs}
        new_inputs = _rebuild(model.inputs, mapping)
    else:
        if isinstance(given, Unknown):
            raise NotClonable(f"input_tensors is not known: {given.reason}")
        if not _same_structure(given, model.inputs):
            raise NotClonable("Keras would raise: `input_tensors` must have the same structure as model.input")
        mapping = {id(t): g for t, g in zip(own_inputs, flatten_tensors(given))}
        new_inputs = given
    clones: dict[int, LayerObj] = {}
    for depth in sorted(model.nodes_by_depth, reverse=True):
        for old in model.nodes_by_depth[depth]:
            if old.is_input:
                continue
            if any(id(t) not in mapping for t in old.input_tensors):
                continue  # Keras skips a node it cannot compute from the new inputs
            layer = clones.get(id(old.layer))
            if layer is None:
                layer = clones[id(old.layer)] = _clone_layer(interp, old.layer, node)
            call_kwargs = {k: _rebuild(v, mapping) for k, v in old.call_args.items() if v is not None}
            out = call_layer_object(interp, layer, [], call_kwargs, node)
            for before, after in zip(old.output_list(), flatten_tensors(out)):
                mapping[id(before)] = after
    missing = [t for t in flatten_tensors(model.outputs) if id(t) not in mapping]
    if missing:
        raise NotClonable("an output of the model is not computed from its inputs when its graph is replayed")
    return make_functional(interp, new_inputs, _rebuild(model.outputs, mapping), model.name, True, node)


def _clone_sequential(interp: Any, model: SequentialModel, given: Any, node: ast.AST) -> Any:
    if model.gaps:
        raise NotClonable(model.gaps[0].reason)
    if given is not None:
        raise NotClonable("clone_model() of a Sequential model on input_tensors is not modelled")
    items: list = [_clone_layer(interp, layer, node) for layer in model.layers]
    if model.input_layer is not None:
        ref = model.input_layer
        tensor = ref.nodes[0].outputs
        items.insert(0, _input_like(interp, tensor.shape, ref.name, tensor.dtype, node))
    return make_sequential(interp, items, model.name, model.trainable, node)
