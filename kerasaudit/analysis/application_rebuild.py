"""Rebuilding one recorded variant of a ``keras.applications`` model with kerasaudit's own
layer catalog: its layers (and the applications' private layer classes), automatic names in
Keras's construction order, ``correct_pad`` paddings re-derived from the actual input, and
the functional model they make.
"""

from __future__ import annotations

import ast
import json
from typing import Any

from ..catalog import lookup
from ..catalog.spec import Call, Config, LayerSpec, Params, Weight
from .application_utils import correct_pad, source_inputs
from .application_variants import NotRecorded, _input_shape, _known, _model_name
from .naming import NameRegistry
from .shapes import UnknownShape
from .values import Tensor, Unknown


class LayerScale(LayerSpec):
    """``keras.src.applications.convnext.LayerScale``: one weight of ``projection_dim`` values."""

    params = Params("init_values", "projection_dim")

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        return [Weight("gamma", (cfg.int("projection_dim"),))]


class CustomScaleLayer(LayerSpec):
    """``keras.src.applications.inception_resnet_v2.CustomScaleLayer``: ``inputs[0] + inputs[1] * scale``."""

    params = Params("scale")

    def output_shape(self, cfg: Config, call: Call) -> Any:
        shapes = call.input_list
        from .opshapes.broadcasting import broadcast
        return broadcast(shapes[0], shapes[1])


_PRIVATE = {"LayerScale": LayerScale(), "CustomScaleLayer": CustomScaleLayer()}


def _spec(class_name: str) -> LayerSpec | None:
    return _PRIVATE.get(class_name) or lookup(class_name)


def _rebuild(interp: Any, table: dict, app: dict, name: str, variant: dict, bound: dict, node: ast.AST) -> Any:
    from .layercall import call_layer_object, make_input
    from .model_calls import make_functional
    ctx = interp.ctx
    pool = table["pool"]
    input_tensor = _known(bound.get("input_tensor"), "input_tensor")
    if input_tensor is not None and not isinstance(input_tensor, Tensor):
        raise NotRecorded("input_tensor is not a tensor the analysis knows")
    external = isinstance(input_tensor, Tensor) and input_tensor.node is not None
    shape = None if external else _input_shape(app, name, variant, bound, interp)
    records = [pool[i] for i in variant["layers"]]
    input_auto = next((r.get("a") for r in records if r["c"] == "InputLayer"), None)
    # Keras hands out automatic names in construction order, which is not the graph's order.
    names: dict[int, str] = {}
    recorded: dict[int, str] = {}  # the names the graph's references use (a fresh Keras session)
    fresh = NameRegistry()
    for i, prefix in enumerate(variant["autos"]):
        recorded[i] = fresh.auto(prefix)
        if i == input_auto and external:
            continue
        names[i] = ctx.names.auto(prefix)
    templates = _templates(app, bound)
    produced: dict[str, Any] = {}
    model_inputs: Any = None
    for rec in records:
        layer_name = rec["n"] if "n" in rec else names.get(rec.get("a", -1))
        key = rec["n"] if "n" in rec else recorded.get(rec.get("a", -1))
        if rec["c"] == "InputLayer":
            if external:
                produced[key] = input_tensor
                model_inputs = source_inputs(input_tensor)
            else:
                tensor = make_input(interp, {"shape": shape, "name": layer_name}, node)
                tensor.node.layer.explicit_name = "n" in rec  # type: ignore[union-attr]
                produced[key] = tensor
                model_inputs = tensor
            continue
        call_args = _resolve(rec.get("args", []), produced)
        call_kwargs = _resolve(rec.get("kwargs", {}), produced)
        if rec.get("op"):
            produced[key] = _operation(interp, rec, layer_name, call_args, node)
            continue
        if rec["c"] == "Sequential":
            layer: Any = _sequential(interp, rec, names, templates, node)
        else:
            layer = _layer(interp, rec, layer_name, templates, app["pad_rules"], call_args, node)
        layer.attrs["application"] = name
        produced[key] = call_layer_object(interp, layer, call_args, call_kwargs, node)
    outputs = _resolve(variant["outputs"], produced)
    outputs = outputs[0] if len(outputs) == 1 else outputs
    rows = shape[0] if shape else None
    model_name = _model_name(name, bound, rows) or variant["name"]
    model = make_functional(interp, model_inputs, outputs, model_name, True, node)
    model.attrs["application"] = name
    return model


def _templates(app: dict, bound: dict) -> dict:
    out: dict = {}
    for layer, path, arg in app["templates"]:
        value = _known(bound.get(arg), arg)
        out.setdefault(layer, []).append((path, value))
    return out


def _resolve(value: Any, produced: dict) -> Any:
    if isinstance(value, list) and len(value) == 4 and value[0] == "@":
        out = produced.get(value[1])
        if out is None:
            raise NotRecorded(f"the table's graph refers to an unknown layer {value[1]!r}")
        if isinstance(out, list):
            return out[value[3]]
        return out
    if isinstance(value, list):
        return [_resolve(v, produced) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, produced) for k, v in value.items()}
    return value


def _operation(interp: Any, rec: dict, name: str, args: list, node: ast.AST) -> Any:
    from .operations import apply_operation
    from .tensor_ops import elementwise_shape
    if rec["c"] not in ("Add", "Multiply", "Subtract"):
        raise NotRecorded(f"operation {rec['c']} in the table is not modelled")
    return apply_operation(interp, rec["c"], list(args), node, lambda: elementwise_shape(*args),
                           "keras.applications", name=name)


def _config(rec: dict, spec: LayerSpec, templates: dict, name: str) -> dict:
    cfg = json.loads(json.dumps(rec.get("cfg", {})))
    for path, value in templates.get(name, []):
        target = cfg
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    accepted = set(spec.params.order) | set(spec.base_kwargs) | set(spec.extra_kwargs)
    return {k: _tuples(v) for k, v in cfg.items() if k in accepted and not (isinstance(v, dict) and "$object" in v)}


def _tuples(value: Any) -> Any:
    """JSON lists back to the tuples Keras configs hold (kernel sizes, paddings...)."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def _layer(interp: Any, rec: dict, name: str, templates: dict, pad_rules: dict, call_args: list,
           node: ast.AST) -> Any:
    from .layercall import create_layer
    spec = _spec(rec["c"])
    if spec is None:
        return create_layer(interp, None, rec["c"], [], {"name": name}, node,
                            f"layer class {rec['c']} is not in kerasaudit's catalog")
    cfg = _config(rec, spec, templates, name)
    if name in pad_rules and call_args and isinstance(call_args[0], Tensor):
        in_shape = call_args[0].shape
        if isinstance(in_shape, UnknownShape):
            cfg["padding"] = Unknown(in_shape.reason)
        else:
            cfg["padding"] = correct_pad(tuple(in_shape[1:3]), pad_rules[name])
    layer = create_layer(interp, spec, rec["c"], [], dict(cfg, name=name), node)
    layer.explicit_name = "n" in rec
    return layer


def _sequential(interp: Any, rec: dict, names: dict, templates: dict, node: ast.AST) -> Any:
    from .model_calls import make_sequential
    inner = []
    for sub in rec["layers"]:
        sub_name = sub["n"] if "n" in sub else names.get(sub.get("a", -1))
        inner.append(_layer(interp, sub, sub_name, templates, {}, [], node))
    return make_sequential(interp, inner, rec["n"] if "n" in rec else names.get(rec.get("a", -1)), True, node)

