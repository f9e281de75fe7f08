"""Pooling: each spatial size from the pool size, the strides (the pool size by default)
and the padding; global pooling keeps only the channels."""

from __future__ import annotations

from . import MINUS, Context, Step, as_tuple, axis_names, channels_first, d, equals, explains, spatial_axes
from .reshaping import rank_of


def _pool(ctx: Context) -> list[Step]:
    cfg = ctx.cfg
    if cfg is None or not isinstance(ctx.inputs, tuple) or not isinstance(ctx.output, tuple):
        return []
    rank = rank_of(ctx.layer.class_name)
    pool = as_tuple(cfg.get("pool_size"), rank)
    strides = pool if cfg.get("strides") is None else as_tuple(cfg.get("strides"), rank)
    padding = cfg.get("padding")
    if pool is None or strides is None or not isinstance(padding, str):
        return []
    default = " (strides default to the pool size)" if cfg.get("strides") is None else ""
    steps = []
    for i, (name, axis) in enumerate(zip(axis_names(rank), spatial_axes(len(ctx.inputs), channels_first(cfg)))):
        size, p, s = d(ctx.inputs[axis]), pool[i], strides[i]
        if padding.lower() == "valid":
            formula, why = f"({size} {MINUS} {p}) // {s} + 1", "padding='valid': (in − pool) // stride + 1"
        else:
            formula, why = f"({size} {MINUS} 1) // {s} + 1", "padding='same': (in − 1) // stride + 1"
        steps.append(Step(name, equals(formula, ctx.output[axis]), why + default if i == 0 else ""))
    steps.append(Step("channels", "unchanged", "pooling works channel by channel"))
    return steps


def _global(ctx: Context) -> list[Step]:
    if not isinstance(ctx.output, tuple):
        return []
    keep = ctx.cfg is not None and ctx.cfg.get("keepdims")
    return [Step("shape", "channels only" if not keep else "spatial axes kept as 1",
                 "one value per channel over all positions")]


for _rank in ("1D", "2D", "3D"):
    explains(f"MaxPooling{_rank}", f"AveragePooling{_rank}", shape=_pool)
    explains(f"GlobalMaxPooling{_rank}", f"GlobalAveragePooling{_rank}", shape=_global)
