"""Attention: MultiHeadAttention's four projections (query, key, value, output) and the
shape of its result; dot-product Attention keeps the query's shape."""

from __future__ import annotations

from typing import Any

from . import Context, Step, d, explains


def _mha_shape(ctx: Context) -> list[Step]:
    if ctx.cfg is None or not isinstance(ctx.output, tuple) or not isinstance(ctx.inputs, list):
        return []
    out = ctx.cfg.get("output_shape")
    why = "output_shape=None: the query's last dimension" if not out else f"output_shape={out!r}"
    return [Step("positions", "those of the query", "each query position attends to every key position"),
            Step("features", d(ctx.output[-1]), why)]


def _mha_weight(ctx: Context, w: Any) -> str:
    weights = list(ctx.layer.weights or [])
    kernels = [x for x in weights if x.name == "kernel"]
    gate = ctx.cfg is not None and ctx.cfg.get("use_gate") is True
    roles = ["query", "key"] + (["gate"] if gate else []) + ["value", "output"]
    heads = ctx.cfg.get("num_heads") if ctx.cfg is not None else "?"
    index = next((i for i, x in enumerate(weights) if x is w), -1)
    # A bias follows its kernel: its role is the kernel's before it.
    owner = next((x for x in reversed(weights[:index + 1]) if x.name == "kernel"), None)
    role = roles[kernels.index(owner)] if owner in kernels and len(kernels) == len(roles) else "a"
    if w.name == "kernel" and role == "output":
        return f"output projection: {heads} heads × value_dim {d(w.shape[1])} → {d(w.shape[-1])} features"
    if w.name == "kernel":
        size = "key_dim" if role in ("query", "key") else "value_dim"
        return f"{role} projection: {d(w.shape[0])} {role} features × {heads} heads × {size} {d(w.shape[2])}"
    if w.name == "bias":
        return f"{role} projection bias (use_bias=True)"
    return ""


def _dot_shape(ctx: Context) -> list[Step]:
    return [Step("shape", "the query's", "each query position gets a weighted sum of the values")]


explains("MultiHeadAttention", shape=_mha_shape, weight=_mha_weight)
explains("Attention", "AdditiveAttention", shape=_dot_shape)
