"""Layers inside layers: the layer a wrapper wraps, the cells of an RNN.

A wrapper's spec receives the wrapped layer as an argument value (a layer object of the
analysis). These helpers let a spec build that layer and ask for its output shape the
way Keras does (``self.layer.build(...)``, ``self.layer.compute_output_shape(...)``),
and copy it the way Keras re-creates a layer from its config (Bidirectional).
"""

from __future__ import annotations

from typing import Any

from ..analysis.shapes import UnknownShape
from ..analysis.values import Unknown
from .spec import Call, Config, OutputShapes, Unknowable


def _graph() -> Any:
    # analysis.graph imports catalog.spec; importing it lazily keeps the catalog importable alone.
    from ..analysis import graph
    return graph


def is_layer(value: Any) -> bool:
    return isinstance(value, _graph().LayerObj)


def is_model(value: Any) -> bool:
    return is_layer(value) and hasattr(value, "summary_layers")


def layer_arg(cfg: Config, name: str) -> Any:
    """The layer object passed as argument ``name``; Unknowable when it is not one the
    analysis knows (a custom layer class, an unknown value)."""
    value = cfg.get(name)
    if isinstance(value, Unknown):
        raise Unknowable(f"{cfg.layer} argument `{name}` is unknown: {value.reason}")
    if not is_layer(value):
        raise Unknowable(f"{cfg.layer}: the layer passed as `{name}` is not one kerasaudit knows "
                         f"({type(value).__name__})")
    if value.spec is None and not is_model(value):
        raise Unknowable(f"{cfg.layer} wraps {value.class_name}: "
                         f"{value.unknown_class_reason or 'an unknown layer'}")
    return value


def layer_list_arg(cfg: Config, name: str) -> list:
    value = cfg.get(name)
    if isinstance(value, Unknown):
        raise Unknowable(f"{cfg.layer} argument `{name}` is unknown: {value.reason}")
    if not isinstance(value, (list, tuple)):
        raise Unknowable(f"{cfg.layer} argument `{name}` is not a known list of layers")
    out = []
    for i, item in enumerate(value):
        out.append(layer_arg(Config(cfg.layer, {f"{name}[{i}]": item}), f"{name}[{i}]"))
    return out


def build(layer: Any, shape: OutputShapes) -> None:
    """``layer.build(shape)`` unless it is built already (Keras's ``Wrapper.build``)."""
    if is_model(layer):
        if getattr(layer, "incomplete", None):
            raise Unknowable(layer.incomplete)
        from ..analysis.model_calls import build_model_for
        build_model_for(layer, shape)
        return
    if not layer.built:
        layer.build(Call(layer.class_name, {"inputs": shape}))


def output_shape(layer: Any, shape: OutputShapes) -> OutputShapes:
    """``layer.compute_output_shape(shape)``."""
    if is_model(layer):
        from ..analysis.model_calls import run_model
        return run_model(layer, shape)
    result = layer.compute_output(Call(layer.class_name, {"inputs": shape}))
    if isinstance(result, UnknownShape):
        raise Unknowable(result.reason)
    return result


def copy_layer(layer: Any, name: Any, **overrides: Any) -> Any:
    """A fresh layer from ``layer``'s config (``deserialize(serialize(layer))``): same
    class and arguments, new weights; layers inside it are copied too."""
    if is_model(layer):
        raise Unknowable(f"copying the model {layer.display_name} is not modelled")
    values = {k: _copy_value(v) for k, v in layer.cfg.values.items() if not k.startswith("_")}
    values.update(overrides)
    cfg = Config(layer.class_name, values)
    new = _graph().LayerObj(layer.spec, layer.class_name, cfg, name, layer.site, explicit_name=True)
    new.trainable = layer.trainable
    new.inner_layers = list(layer.spec.sublayers(cfg))
    return new


def _copy_value(value: Any) -> Any:
    if is_layer(value) and not is_model(value) and value.spec is not None:
        return copy_layer(value, value.name)
    if isinstance(value, list):
        return [_copy_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_copy_value(v) for v in value)
    return value


def weight_named(layer: Any, *names: str) -> Any:
    """The first of ``layer``'s own weights with one of these names (Keras's ``layer.kernel``)."""
    for name in names:
        for w in layer.weights or []:
            if w.name == name:
                return w
    return None
