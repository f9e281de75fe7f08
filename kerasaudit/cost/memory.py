"""Memory per sample: the bytes of every activation a forward pass produces and of the
parameters, by dtype (a layer's own dtype, a mixed-precision policy, or float32).
"""

from __future__ import annotations

from typing import Any

from ..analysis.values import Unknown
from ..catalog.spec import Unknowable
from .formulas import prod, sample_dims
from ..analysis.models import unique_layers
from .macs import model_nodes


DTYPE_BYTES = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8, "half": 2, "float": 4, "double": 8,
               "int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "int32": 4, "uint32": 4, "int64": 8,
               "uint64": 8, "bool": 1, "float8_e4m3fn": 1, "float8_e5m2": 1}
# A mixed policy computes in the first dtype and stores variables in the second.
POLICIES = {"mixed_float16": ("float16", "float32"), "mixed_bfloat16": ("bfloat16", "float32")}


def dtypes(layer: Any, global_policy: Any = None) -> tuple[str, str]:
    """(compute dtype, variable dtype) of a layer; raises Unknowable when not known."""
    value = layer.cfg.get("dtype") if layer.cfg is not None else None
    if value is None:
        value = global_policy if global_policy is not None else "float32"
    if isinstance(value, Unknown):
        raise Unknowable(f"the dtype of {layer.display_name} is unknown: {value.reason}")
    if not isinstance(value, str):
        raise Unknowable(f"the dtype of {layer.display_name} is not a known string")
    value = value.rsplit(".", 1)[-1].lower()
    if value in POLICIES:
        return POLICIES[value]
    if value not in DTYPE_BYTES:
        raise Unknowable(f"dtype {value!r} is not known to kerasaudit")
    return value, value


def activation_bytes(model: Any, global_policy: Any = None) -> tuple[int | None, str | None]:
    """Bytes of every tensor one forward pass produces (inputs included), or (None, why)."""
    from ..analysis.graph import flatten_tensors

    if getattr(model, "incomplete", None):
        return None, model.incomplete
    seen: set[int] = set()
    total = 0
    try:
        for layer in unique_layers(model):
            compute, _ = dtypes(layer, global_policy)
            for node in model_nodes(model, layer):
                tensors = flatten_tensors(node.outputs)
                tensors += [t for t in node.input_tensors if t.node is None or t.node.is_input]
                for t in tensors:
                    if id(t) in seen:
                        continue
                    seen.add(id(t))
                    total += prod(sample_dims(t.shape, "tensor")) * DTYPE_BYTES[_dtype_of(t, compute)]
    except Unknowable as exc:
        return None, exc.reason
    return total, None


def _dtype_of(tensor: Any, compute: str) -> str:
    """A tensor's own dtype where the analysis knows it (masks are bool), else the layer's."""
    return tensor.dtype if tensor.dtype in DTYPE_BYTES else compute


def layer_activation_bytes(model: Any, layer: Any, global_policy: Any = None) -> int | None:
    """Bytes of the layer's outputs in this model, one sample; None when unknown."""
    from ..analysis.graph import flatten_tensors

    try:
        compute, _ = dtypes(layer, global_policy)
        return sum(prod(sample_dims(t.shape, "tensor")) * DTYPE_BYTES[_dtype_of(t, compute)]
                   for n in model_nodes(model, layer) for t in flatten_tensors(n.outputs))
    except Unknowable:
        return None


def param_bytes(model: Any, global_policy: Any = None) -> tuple[dict[str, int] | None, str | None]:
    """Parameter memory by variable dtype, e.g. ``{"float32": 4799528}``, or (None, why)."""
    from ..analysis.graph import dedupe

    reason = model.weights_reason()
    if reason:
        return None, reason
    out: dict[str, int] = {}
    seen: set[int] = set()
    try:
        for layer in _all_layers(model):
            _, variable = dtypes(layer, global_policy)
            for w in dedupe(list(layer.weights or [])):
                if id(w) in seen:
                    continue
                seen.add(id(w))
                count = w.count()
                if count is None:
                    raise Unknowable(w.unknown_reason() or "a weight has an unknown shape")
                out[variable] = out.get(variable, 0) + count * DTYPE_BYTES[variable]
    except Unknowable as exc:
        return None, exc.reason
    return out, None


def _all_layers(layer: Any) -> list:
    out = [layer]
    for sub in layer.sublayers():
        out.extend(_all_layers(sub))
    return out

