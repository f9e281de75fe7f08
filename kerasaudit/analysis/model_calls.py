"""Making models and using them: ``Model(...)``, ``Sequential([...])``, ``.add``, ``.build``,
and a model called as a layer on new inputs."""

from __future__ import annotations

import ast
from typing import Any

from ..catalog.spec import Call, Params, ShapeError, Unknowable
from .dims import Sym
from .graph import LayerObj, Node, Site, flatten_tensors
from .layercall import apply_layer, make_input, make_outputs, unknown_operation
from .models import FunctionalModel, Gap, ModelObj, SequentialModel
from .shapes import UnknownShape
from .values import Tensor, Unknown


def _builder(interp: Any) -> str | None:
    return interp.function_stack[-1].name if interp.function_stack else None


def _model_name(interp: Any, name: Any, prefix: str) -> tuple[Any, bool]:
    if isinstance(name, (str, Unknown)):
        return name, True
    return interp.ctx.names.auto(prefix), False


def _listify(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def make_functional(interp: Any, inputs: Any, outputs: Any, name: Any, trainable: Any, node: ast.AST) -> Any:
    model_name, explicit = _model_name(interp, name, "functional")
    inputs, outputs = _listify(inputs), _listify(outputs)
    model = FunctionalModel(model_name, Site.of(node), inputs, outputs, explicit)
    model.builder = _builder(interp)
    model.trainable = trainable
    for value in (inputs, outputs):
        reason = _structure_problem(interp, value)
        # an unknown input/output says best why (the graph walk only sees that it is not a tensor)
        if reason and (not model.incomplete or isinstance(value, Unknown)):
            model.incomplete = reason
    interp.ctx.facts.models.append(model)
    return model


def _structure_problem(interp: Any, value: Any) -> str | None:
    if isinstance(value, Unknown):
        return value.reason
    reason = interp.tainted(value) if isinstance(value, (list, dict)) else None
    if reason:
        return reason
    if isinstance(value, (list, tuple)):
        for v in value:
            r = _structure_problem(interp, v)
            if r:
                return r
    if isinstance(value, dict):
        for v in value.values():
            r = _structure_problem(interp, v)
            if r:
                return r
    if not isinstance(value, (Tensor, list, tuple, dict)):
        return f"a model input or output is not a tensor ({type(value).__name__})"
    return None


def make_sequential(interp: Any, layers: Any, name: Any, trainable: Any, node: ast.AST) -> SequentialModel:
    model_name, explicit = _model_name(interp, name, "sequential")
    model = SequentialModel(model_name, Site.of(node), explicit)
    model.builder = _builder(interp)
    model.trainable = trainable
    interp.ctx.facts.models.append(model)
    if layers is None:
        return model
    if isinstance(layers, Unknown):
        model.incomplete = f"its layers are not known: {layers.reason}"
        return model
    reason = interp.tainted(layers) if isinstance(layers, (list, dict)) else None
    if reason:
        model.incomplete = f"its layer list depends on code the analysis cannot decide ({reason})"
        return model
    items = layers if isinstance(layers, (list, tuple)) else [layers]
    for item in items:
        sequential_add(interp, model, item, node, rebuild=False)
    # Sequential.__init__ adds them all, then rebuilds once.
    if model.output is not None and model.layers:
        _rebuilt(interp)
    elif model.output is None:
        _build_from_first_layer(interp, model, node)
    return model


def _rebuilt(interp: Any) -> None:
    """Keras builds a Sequential as a Functional with no name, which takes the next automatic
    ``functional`` name: a later ``keras.Model`` is ``functional_2`` after two such builds."""
    interp.ctx.names.auto("functional")


def _build_from_first_layer(interp: Any, model: SequentialModel, node: ast.AST) -> None:
    """Keras's Sequential._maybe_rebuild: a first layer with an `input_shape` (a model with a
    known input: transfer learning's Sequential([base, Flatten(), Dense(1)])) builds the
    model as soon as there is a second layer."""
    if model.input_layer is None and len(model.layers) > 1 and not any(gap.index == 0 for gap in model.gaps):
        shape = _model_input_shape(model.layers[0])
        if shape is not None:
            build_sequential(interp, model, shape, node, "the first layer's input shape")


def sequential_add(interp: Any, model: SequentialModel, item: Any, node: ast.AST, rebuild: bool = True) -> None:
    """``Sequential.add``: an Input sets the input; a layer is appended and, once the input
    shape is known, applied to the previous output (``rebuild=False``: the constructor's
    adds, which leave the rebuild to the end)."""
    if isinstance(item, Tensor) and item.node is not None and item.node.is_input:
        item = item.node.layer
    if isinstance(item, Unknown) or not isinstance(item, LayerObj):
        reason = item.reason if isinstance(item, Unknown) else f"{type(item).__name__} is not a layer"
        reason = f"a layer added at line {getattr(node, 'lineno', '?')} is not known: {reason}"
        model.incomplete = model.incomplete or reason
        model.gaps.append(Gap(len(model.layers), reason, getattr(node, "lineno", model.site.line)))
        if model.output is not None:  # what follows takes the unknown layer's output
            model.output = unknown_operation(interp, [model.output], {}, node, reason)
        return
    if item.class_name == "InputLayer" and item.nodes and item.nodes[0].is_input:
        if model.layers or model.input_layer is not None:
            model.error = "a Sequential model cannot take a second Input"
            return
        model.input_layer = item
        model.output = item.nodes[0].outputs
        model.built_by = "Input"
        return
    if not model.layers and not model.gaps and model.input_layer is None and item.input_shape_arg is not None:
        _input_from_argument(interp, model, item.input_shape_arg, node)
    model.layers.append(item)
    if model.output is not None:
        if rebuild:
            replay_rebuild(interp, model)
        model.output = _apply_in(interp, model, item, model.output, node)
        if rebuild:
            _rebuilt(interp)
    elif rebuild:
        _build_from_first_layer(interp, model, node)


def _model_input_shape(layer: Any) -> tuple | None:
    """The ``input_shape`` Keras finds on a first layer: a model's single input's shape (an
    open size is None there, as Keras has it)."""
    shape = None
    if isinstance(layer, FunctionalModel):
        inputs = flatten_tensors(layer.inputs)
        if len(inputs) == 1:
            shape = inputs[0].shape
    elif isinstance(layer, SequentialModel) and layer.input_layer is not None and layer.output is not None:
        shape = layer.input_layer.nodes[0].outputs.shape
    if not isinstance(shape, tuple) or not all(d is None or isinstance(d, (int, Sym)) for d in shape):
        return None
    return tuple(None if isinstance(d, Sym) else d for d in shape)


def _apply_in(interp: Any, model: SequentialModel, layer: LayerObj, x: Any, node: ast.AST) -> Any:
    """Apply a layer of a Sequential model, remembering the operations the call created (the
    mask operations of analysis/masks.py): Keras creates them anew whenever it rebuilds."""
    calls = interp.ctx.facts.calls
    before = len(calls)
    out = _apply(interp, layer, x, Site.of(node), node)
    made = model.attrs.setdefault("build_operations", [])
    made.extend((layer, n.layer.class_name) for n in calls[before:] if getattr(n.layer, "kind", "") == "operation")
    return out


def replay_rebuild(interp: Any, model: SequentialModel) -> None:
    """Keras rebuilds a Sequential model by calling its layers again (``_maybe_rebuild``): the
    layers keep their weights and nodes do not matter, but the operations those calls create
    (``not_equal`` for a masking Embedding...) take automatic names again, in layer order."""
    kept = [(layer, cls) for layer, cls in model.attrs.get("build_operations", []) if layer in model.layers]
    model.attrs["build_operations"] = kept
    for _, cls in kept:
        interp.ctx.names.auto(cls)


def _input_from_argument(interp: Any, model: SequentialModel, arg: Any, node: ast.AST) -> None:
    if isinstance(arg, Unknown):
        model.incomplete = f"the first layer's input shape is unknown: {arg.reason}"
        return
    kind = arg[0]
    if kind == "batch":
        tensor = make_input(interp, {"batch_shape": arg[1]}, node)
    else:
        cfg = {"shape": arg[1]}
        if arg[2] is not None:
            cfg["batch_size"] = arg[2]
        tensor = make_input(interp, cfg, node)
    model.input_layer = tensor.node.layer  # type: ignore[union-attr]
    model.output = tensor
    model.built_by = "input_shape"


def _apply(interp: Any, layer: LayerObj, x: Any, site: Site, node: ast.AST) -> Any:
    if isinstance(layer, ModelObj):
        return call_model(interp, layer, [x], {}, node)
    from .layercall import call_layer_object
    return call_layer_object(interp, layer, [x], {}, node)


def build_sequential(interp: Any, model: SequentialModel, batch_shape: Any, node: ast.AST, how: str) -> None:
    """``model.build(shape)`` (or a call on a tensor, or data passed to fit): chain the layers."""
    if model.output is not None or model.input_layer is not None:
        return
    if isinstance(batch_shape, Unknown):
        model.incomplete = model.incomplete or f"the input shape given to build is unknown: {batch_shape.reason}"
        return
    if isinstance(batch_shape, list):
        batch_shape = tuple(batch_shape)
    tensor = make_input(interp, {"batch_shape": batch_shape}, node)
    model.input_layer = tensor.node.layer  # type: ignore[union-attr]
    model.built_by = how
    x: Any = tensor
    gaps = {gap.index: gap.reason for gap in reversed(model.gaps)}  # the first reason at each place
    for index, layer in enumerate(model.layers):
        if index in gaps:
            x = unknown_operation(interp, [x], {}, node, gaps[index])
        x = _apply_in(interp, model, layer, x, node)
    if len(model.layers) in gaps:
        x = unknown_operation(interp, [x], {}, node, gaps[len(model.layers)])
    model.output = x
    if model.layers:
        _rebuilt(interp)


def build_model_for(model: ModelObj, shape: Any) -> None:
    """``model.build(shape)`` from a wrapper's build (``TimeDistributed`` builds the layer it wraps
    with the per-timestep shape): a Sequential model without an input gets one, exactly as if it
    were called on a tensor of that shape. Built models are left as they are."""
    if not isinstance(model, SequentialModel) or model.output is not None or model.input_layer is not None:
        return
    from .layercall import current_build
    site = current_build()
    if site is None:
        raise Unknowable(f"building the Sequential model {model.display_name} here is not modelled")
    if not isinstance(shape, tuple):
        raise Unknowable(getattr(shape, "reason", f"the input shape of {model.display_name} is not known"))
    interp, node = site
    build_sequential(interp, model, shape, node, "build")


_MODEL_CALL = Params("inputs", training=None, mask=None)


def call_model(interp: Any, model: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    """A model used as a layer: one node of the model in the outer graph."""
    from .classes import call_subclassed_model
    if model.kind == "subclassed":
        return call_subclassed_model(interp, model, args, kwargs, node)
    try:
        bound, _ = _MODEL_CALL.bind(args, kwargs)
    except Exception as exc:  # noqa: BLE001 - any binding problem makes the call unknown
        return Unknown(f"calling the model would fail: {exc}", getattr(node, "lineno", None))
    inputs = bound["inputs"]
    from .data_flow import eager_model_call, is_eager_call
    if is_eager_call(inputs):
        return eager_model_call(interp, model, inputs, node)  # model(array): built on it, arrays back
    if isinstance(model, SequentialModel) and model.output is None and isinstance(inputs, Tensor):
        build_sequential(interp, model, inputs.shape if isinstance(inputs.shape, tuple) else Unknown(
            getattr(inputs.shape, "reason", "unknown input shape")), node, "call")
    from .masks import call_with_masks
    given = flatten_tensors(bound.get("mask"))  # a mask passed explicitly is an input of the node too
    return call_with_masks(interp, model, args, kwargs, bound, node,
                           lambda extra: apply_layer(interp, model, {"inputs": _listify(inputs)}, node,
                                                     compute=lambda call: run_model(model, call.values["inputs"]),
                                                     extra_inputs=given + (extra or []) or None))


def run_model(model: ModelObj, input_shapes: Any) -> Any:
    """Output shape(s) of ``model`` applied to inputs of these shapes."""
    if model.incomplete:
        raise Unknowable(model.incomplete)
    if isinstance(model, SequentialModel):
        if model.output is None or model.input_layer is None:
            raise Unknowable("the Sequential model has no known input shape")
        own_input = model.input_layer.nodes[0].outputs
        return _run(model, [own_input], [_single(input_shapes)], model.output)
    if isinstance(model, FunctionalModel):
        own_inputs = flatten_tensors(model.inputs)
        if isinstance(input_shapes, dict):
            new = _dict_inputs(model, own_inputs, input_shapes)
        else:
            new = input_shapes if isinstance(input_shapes, list) else [input_shapes]
        new = _flatten_shapes(new)
        if len(new) != len(own_inputs):
            raise ShapeError(f"model '{model.display_name}' expects {len(own_inputs)} input(s), got {len(new)}")
        return _run(model, own_inputs, new, model.outputs)
    raise Unknowable(f"model kind {model.kind} cannot be called here")


def _dict_inputs(model: FunctionalModel, own_inputs: list[Tensor], shapes: dict) -> list:
    """A dict given to a functional model, in the order of its flattened inputs, as Keras's
    ``_standardize_inputs`` takes it: by sorted key for a model built on a dict, else by the
    names of its Input layers."""
    if isinstance(model.inputs, dict):
        return [shapes[k] for k in sorted(shapes, key=str)]
    names = [getattr(getattr(t.node, "layer", None), "name", None) for t in own_inputs]
    if any(not isinstance(n, str) for n in names):
        raise Unknowable("a dict is given to a model whose input names are not known")
    missing = [n for n in names if n not in shapes]
    if missing:
        raise ShapeError(f"model '{model.display_name}' has no input for the keys {missing}")
    return [shapes[n] for n in names]


def _single(shapes: Any) -> Any:
    if isinstance(shapes, list) and len(shapes) == 1:
        return shapes[0]
    return shapes


def _flatten_shapes(shapes: list) -> list:
    out: list = []
    for s in shapes:
        if isinstance(s, list):
            out.extend(_flatten_shapes(s))
        else:
            out.append(s)
    return out


def _run(model: ModelObj, own_inputs: list[Tensor], new_shapes: list, outputs: Any) -> Any:
    """Re-run the model's graph with new input shapes (only when they differ)."""
    if all(t.shape == s for t, s in zip(own_inputs, new_shapes)):
        return _shapes_of(outputs)
    for s in new_shapes:
        if isinstance(s, UnknownShape):
            raise Unknowable(s.reason)
    mapping: dict[int, Any] = {id(t): s for t, s in zip(own_inputs, new_shapes)}
    nodes = _nodes_in_order(model)
    for n in nodes:
        if n.is_input:
            continue
        values = {k: _replace(v, mapping) for k, v in n.call_args.items()}
        call = Call(n.layer.class_name, values)
        if isinstance(n.layer, ModelObj):
            result = run_model(n.layer, values.get("inputs"))
        elif _traces_call(n.layer):
            # a custom layer's call() sees tensors in every argument, not only its first
            from .custom_calls import run_call
            tensors = {k: _replace_with_tensors(v, mapping) for k, v in n.call_args.items()}
            result = run_call(n.layer.interp, n.layer, tensors, [], None)  # type: ignore[attr-defined]
        else:
            result = n.layer.compute_output(call)
        for t, s in zip(n.output_list(), result if isinstance(result, list) else [result]):
            mapping[id(t)] = s
    return _replace(outputs, mapping)


def _nodes_in_order(model: ModelObj) -> list[Node]:
    if isinstance(model, FunctionalModel):
        out: list[Node] = []
        for depth in sorted(model.nodes_by_depth, reverse=True):
            out.extend(model.nodes_by_depth[depth])
        return out
    assert isinstance(model, SequentialModel)
    out = []
    x = model.input_layer.nodes[0].outputs if model.input_layer else None
    for layer in model.layers:
        node = next((n for n in layer.nodes if x in n.input_tensors), None)
        if node is None:
            raise Unknowable("the Sequential model's graph cannot be followed")
        out.append(node)
        x = node.outputs
    return out


def _replace(value: Any, mapping: dict[int, Any]) -> Any:
    if isinstance(value, Tensor):
        if id(value) not in mapping:
            raise Unknowable("a tensor of the inner model is not computed from its inputs")
        return mapping[id(value)]
    if isinstance(value, (list, tuple)):
        return [_replace(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, mapping) for k, v in value.items()}
    return value


def _traces_call(layer: Any) -> bool:
    from .custom_objects import KerasObject
    return isinstance(layer, KerasObject) and getattr(layer, "functional", None) is None


def _replace_with_tensors(value: Any, mapping: dict[int, Any]) -> Any:
    """``_replace``, keeping tensors tensors (of the new shapes) and containers as they were."""
    if isinstance(value, Tensor):
        if id(value) not in mapping:
            raise Unknowable("a tensor of the inner model is not computed from its inputs")
        shape = mapping[id(value)]
        if isinstance(shape, UnknownShape):
            raise Unknowable(shape.reason)
        return Tensor(shape, None, 0, value.dtype)
    if isinstance(value, (list, tuple)):
        return type(value)(_replace_with_tensors(v, mapping) for v in value)
    if isinstance(value, dict):
        return {k: _replace_with_tensors(v, mapping) for k, v in value.items()}
    return value


def _shapes_of(value: Any) -> Any:
    if isinstance(value, Tensor):
        return value.shape
    if isinstance(value, (list, tuple)):
        return [_shapes_of(v) for v in value]
    if isinstance(value, dict):
        return [_shapes_of(value[k]) for k in sorted(value, key=str)]
    return UnknownShape("not a tensor")


__all__ = ["make_functional", "make_sequential", "sequential_add", "build_sequential", "call_model", "run_model",
           "make_outputs"]
