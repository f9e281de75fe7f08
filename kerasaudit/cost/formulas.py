"""Multiply-adds (MACs) per layer class, one formula each, from the layer's weights and the
shapes of its call — and the helpers they read those with (sample dimensions, weight shapes).

A formula raises :class:`Unknowable` when a size it needs is not a known number.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Iterable

from ..catalog.spec import Call, Unknowable


def sample_dims(shape: Any, what: str = "input") -> tuple[int, ...]:
    """The dimensions after the batch axis, which must all be known integers."""
    if not isinstance(shape, tuple):
        reason = getattr(shape, "reason", None)
        raise Unknowable(reason or f"the {what} shape is not known")
    out = []
    for d in shape[1:]:
        if isinstance(d, bool) or not isinstance(d, int):
            reason = getattr(d, "reason", None)
            raise Unknowable(reason or f"the {what} size {d} is not a known number")
        out.append(d)
    return tuple(out)


def prod(values: Iterable[int]) -> int:
    return math.prod(values)


def weight_shape(layer: Any, name: str, index: int) -> tuple[int, ...]:
    weights = layer.weights or []
    w = next((w for w in weights if w.name == name), None)
    if w is None and index < len(weights):
        w = weights[index]
    if w is None:
        raise Unknowable(f"{layer.class_name} has no weight `{name}`")
    shape = tuple(w.shape)
    if not all(isinstance(d, int) and not isinstance(d, bool) for d in shape):
        raise Unknowable(w.unknown_reason() or f"weight `{name}` has an unknown shape")
    return shape


def _single(value: Any) -> Any:
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def _spatial(layer: Any, dims: tuple[int, ...]) -> tuple[int, ...]:
    """The spatial dimensions of a (sample) conv shape, whatever the data format."""
    return dims[1:] if layer.cfg is not None and layer.cfg.channels_first() else dims[:-1]


Formula = Callable[[Any, Call, Any], int]


def _dense(layer: Any, call: Call, out: Any) -> int:
    dims = sample_dims(_single(call.get("inputs")))
    return prod(dims[:-1]) * prod(weight_shape(layer, "kernel", 0))


def _conv(layer: Any, call: Call, out: Any) -> int:
    """Each output position of each filter: kernel volume × input channels (per group)."""
    return prod(_spatial(layer, sample_dims(out, "output"))) * prod(weight_shape(layer, "kernel", 0))


def _conv_transpose(layer: Any, call: Call, out: Any) -> int:
    """Each input position scatters through the whole kernel."""
    dims = sample_dims(_single(call.get("inputs")))
    return prod(_spatial(layer, dims)) * prod(weight_shape(layer, "kernel", 0))


def _separable(layer: Any, call: Call, out: Any) -> int:
    positions = prod(_spatial(layer, sample_dims(out, "output")))
    return positions * (prod(weight_shape(layer, "depthwise_kernel", 0))
                        + prod(weight_shape(layer, "pointwise_kernel", 1)))


def _recurrent(layer: Any, call: Call, out: Any) -> int:
    """Every time step multiplies the input by ``kernel`` and the state by ``recurrent_kernel``."""
    dims = sample_dims(_single(call.get("inputs")))
    steps = dims[0]
    return steps * (prod(weight_shape(layer, "kernel", 0)) + prod(weight_shape(layer, "recurrent_kernel", 1)))


def _dot_attention(layer: Any, call: Call, out: Any) -> int:
    """``Attention``: scores = Q·Kᵀ (Tq·Tv·d), then scores·V (Tq·Tv·dv)."""
    inputs = call.get("inputs")
    if not isinstance(inputs, list) or len(inputs) < 2:
        raise Unknowable("Attention expects [query, value(, key)]")
    q = sample_dims(inputs[0], "query")
    v = sample_dims(inputs[1], "value")
    return q[0] * v[0] * q[-1] + q[0] * v[0] * v[-1]


def _multi_head_attention(layer: Any, call: Call, out: Any) -> int:
    """The projections (each kernel ``(features, heads, size)`` applied at every position of
    its input: query, key, the optional gate, value), the two attention products per head,
    and the output projection ``(heads, value_dim, *output)`` at every query position."""
    cfg = layer.cfg
    if cfg.get("attention_axes") is not None:
        raise Unknowable("MultiHeadAttention with attention_axes: no FLOPs model")
    heads = cfg.int("num_heads")
    key_dim = cfg.int("key_dim")
    value_dim = key_dim if cfg.get("value_dim") is None else cfg.int("value_dim")
    query = sample_dims(call.get("query"), "query")
    value = sample_dims(call.get("value"), "value")
    key = value if call.get("key") is None else sample_dims(call.get("key"), "key")
    tq, tk, tv = prod(query[:-1]), prod(key[:-1]), prod(value[:-1])
    kernels = [tuple(w.shape) for w in layer.weights or [] if w.name == "kernel"]
    gate = cfg.get("use_gate") is True
    if len(kernels) != (5 if gate else 4):
        raise Unknowable("MultiHeadAttention's projection kernels are not as expected")
    for shape in kernels:
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in shape):
            raise Unknowable("a projection kernel has an unknown size")
    q_kernel, k_kernel, *rest = kernels
    positions = [tq, tk] + ([tq] if gate else []) + [tv, tq]
    projections = sum(p * prod(k) for p, k in zip(positions, [q_kernel, k_kernel, *rest]))
    return projections + heads * tq * tk * (key_dim + value_dim)


FORMULAS: dict[str, Formula] = {
    "Dense": _dense,
    **{f"Conv{n}D": _conv for n in (1, 2, 3)},
    **{f"Convolution{n}D": _conv for n in (1, 2, 3)},
    **{f"Conv{n}DTranspose": _conv_transpose for n in (1, 2, 3)},
    **{f"DepthwiseConv{n}D": _conv for n in (1, 2)},
    **{f"SeparableConv{n}D": _separable for n in (1, 2)},
    **{name: _recurrent for name in ("SimpleRNN", "LSTM", "GRU", "CuDNNLSTM", "CuDNNGRU")},
    "Attention": _dot_attention,
    "MultiHeadAttention": _multi_head_attention,
}

