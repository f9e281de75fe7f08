"""A model's weights in ``model.get_weights()`` order, from the layers' weights.

Keras lists, layer by layer in the model's order, a layer's own trainable variables, then
its own non-trainable ones, then those of the layers it holds; a weight shared by two
layers is listed once, at its first appearance (``Layer.weights`` in Keras 3).
"""

from __future__ import annotations

from typing import Any

from .analysis.dims import dim_to_json
from .analysis.graph import dedupe
from .results import ModelWeight


def layer_weights(layer: Any) -> list[Any] | None:
    """``layer.weights`` in Keras's order, or None when unknown."""
    from .analysis.models import ModelObj

    counted = getattr(layer, "contributes", lambda sub: True)  # subclassed: unbuilt sub-layers hold none
    if isinstance(layer, ModelObj):
        out: list[Any] = list(getattr(layer, "own", []))
        for sub in layer.summary_layers():
            if not counted(sub):
                continue
            sub_weights = layer_weights(sub)
            if sub_weights is None:
                return None
            out.extend(sub_weights)
        return dedupe(out)
    if layer.weights is None:
        return None
    own = list(layer.weights)
    created_trainable = [w for w in own if w.trainable or w.frozen_later]
    out = created_trainable + [w for w in own if w not in created_trainable]
    for sub in layer.sublayers():
        if not counted(sub):
            continue
        sub_weights = layer_weights(sub)
        if sub_weights is None:
            return None
        out.extend(sub_weights)
    return dedupe(out)


def model_weights(model: Any) -> tuple[list[ModelWeight] | None, str | None]:
    """Every weight in get_weights() order with the layer that owns it, or (None, why)."""
    out: list[ModelWeight] = []
    seen: set[int] = set()
    counted = getattr(model, "contributes", lambda sub: True)
    for layer in model.summary_layers():
        if not counted(layer):
            continue
        weights = layer_weights(layer)
        if weights is None:
            return None, f"{layer.display_name}: " + (layer.weights_reason() or "its weights are unknown")
        trained = layer.trained_variables()  # each variable's own flag, as the model counts it
        trained_ids = None if trained is None else {id(w) for w in trained}
        owners = _nested_owners(layer)
        for w in weights:
            if id(w) in seen:
                continue
            seen.add(id(w))
            effective = None if trained_ids is None else id(w) in trained_ids
            out.append(ModelWeight(owners.get(id(w), layer.display_name), w.name, [dim_to_json(d) for d in w.shape],
                                   effective, w.count()))
    return out, None


def _nested_owners(layer: Any) -> dict[int, str]:
    """For a model used as a layer: each weight's layer inside it (Keras's variable path names
    that layer, not the model: ``layer_normalization/gamma``)."""
    from .analysis.models import ModelObj

    if not isinstance(layer, ModelObj):
        return {}
    out: dict[int, str] = {}
    for sub in layer.summary_layers():
        if isinstance(sub, ModelObj):
            for key, name in _nested_owners(sub).items():
                out.setdefault(key, name)
        else:
            for w in layer_weights(sub) or []:
                out.setdefault(id(w), sub.display_name)
    return out
