"""Convolutions: each spatial size from Keras's ``compute_conv_output_shape``, the kernel
from kernel size × input channels × filters."""

from __future__ import annotations

from typing import Any

from . import (MINUS, TIMES, Context, Step, as_tuple, axis_names, channels_first, d, equals, explains, n,
               spatial_axes)
from .reshaping import padded, pairs, rank_of


def input_size(ctx: Context, axis: int, index: int) -> str:
    """The input size on ``axis``; when a ZeroPadding layer made it, how (``440 + 2·3``)."""
    producer = ctx.producer
    value = ctx.inputs[axis]
    if producer is None or not producer.layer.class_name.startswith("ZeroPadding") or producer.layer.cfg is None:
        return d(value)
    before = producer.call.get("inputs") if producer.call is not None else None
    amounts = pairs(producer.layer.cfg.get("padding"), rank_of(producer.layer.class_name))
    if (not isinstance(before, tuple) or amounts is None or len(before) != len(ctx.inputs)
            or channels_first(producer.layer.cfg) != channels_first(ctx.cfg) or index >= len(amounts)):
        return d(value)
    return padded(before[axis], *amounts[index])


def _geometry(ctx: Context, rank: int) -> tuple | None:
    cfg = ctx.cfg
    kernel = as_tuple(cfg.get("kernel_size"), rank)
    strides = as_tuple(cfg.get("strides"), rank)
    dilation = as_tuple(cfg.get("dilation_rate", 1), rank)
    padding = cfg.get("padding")
    if kernel is None or strides is None or dilation is None or not isinstance(padding, str):
        return None
    return kernel, strides, dilation, padding.lower()


def conv_steps(ctx: Context) -> list[Step]:
    rank = rank_of(ctx.layer.class_name)
    if ctx.cfg is None or not isinstance(ctx.inputs, tuple) or not isinstance(ctx.output, tuple):
        return []
    geometry = _geometry(ctx, rank)
    if geometry is None:
        return []
    kernel, strides, dilation, padding = geometry
    first = channels_first(ctx.cfg)
    axes = spatial_axes(len(ctx.inputs), first)
    steps = []
    for i, (name, axis) in enumerate(zip(axis_names(rank), axes)):
        size, k, s, r = input_size(ctx, axis, i), kernel[i], strides[i], dilation[i]
        result = ctx.output[axis]
        if ctx.layer.class_name.endswith("Transpose"):
            steps.append(_transpose_step(name, ctx, size, k, s, r, padding, i, result))
            continue
        if padding == "valid":
            span = f"{k}" if r == 1 else f"{r}{TIMES}({k} {MINUS} 1) {MINUS} 1"
            if s == 1 and r == 1:
                formula, why = f"{size} {MINUS} {k} + 1", "padding='valid': in − kernel + 1"
            else:
                formula = f"({size} {MINUS} {span}) // {s} + 1"
                why = ("padding='valid': (in − kernel) // stride + 1" if r == 1
                       else "padding='valid': (in − dilation·(kernel − 1) − 1) // stride + 1")
        else:
            if s == 1:
                steps.append(Step(name, f"unchanged: {d(result)}", f"padding='{padding}' keeps the size at stride 1"
                                  if i == 0 else ""))
                continue
            else:
                formula, why = f"({size} {MINUS} 1) // {s} + 1", f"padding='{padding}': (in − 1) // stride + 1"
        steps.append(Step(name, equals(formula, result), why if i == 0 else ""))
    channel_axis = 1 if first else len(ctx.output) - 1
    if "Depthwise" in ctx.layer.class_name:
        cin = ctx.inputs[1 if first else -1]
        mult = ctx.cfg.get("depth_multiplier", 1)
        steps.append(Step("channels", f"{d(cin)}{TIMES}{mult} = {d(ctx.output[channel_axis])}",
                          "input channels × depth_multiplier"))
    else:
        steps.append(Step("channels", f"filters = {d(ctx.output[channel_axis])}", ""))
    return steps


def _transpose_step(name: str, ctx: Context, size: str, k: int, s: int, r: int, padding: str, i: int,
                    result: Any) -> Step:
    effective = (k - 1) * r + 1
    output_padding = as_tuple(ctx.cfg.get("output_padding"), rank_of(ctx.layer.class_name)) \
        if ctx.cfg.get("output_padding") is not None else None
    if output_padding is None:
        if padding == "valid":
            extra = max(effective - s, 0)
            return Step(name, equals(f"{size}{TIMES}{s} + {extra}", result),
                        "padding='valid': in·stride + max(kernel − stride, 0)" if i == 0 else "")
        return Step(name, equals(f"{size}{TIMES}{s}", result), "padding='same': in·stride" if i == 0 else "")
    pad = 0 if padding == "valid" else effective // 2
    return Step(name, equals(f"({size} {MINUS} 1){TIMES}{s} + {effective} {MINUS} 2{TIMES}{pad} + {output_padding[i]}",
                             result), "(in − 1)·stride + kernel − 2·pad + output_padding" if i == 0 else "")


def _kernel_text(ctx: Context) -> str:
    rank = rank_of(ctx.layer.class_name)
    kernel = as_tuple(ctx.cfg.get("kernel_size"), rank) if ctx.cfg is not None else None
    if kernel is None:
        return "the kernel"
    shape = f"{'×'.join(str(k) for k in kernel)} kernel" if rank > 1 else f"kernel of {kernel[0]}"
    return f"{shape} (kernel_size={ctx.cfg.get('kernel_size')!r})"


def conv_weight(ctx: Context, w: Any) -> str:
    name, shape = w.name, w.shape
    cls = ctx.layer.class_name
    if name == "bias":
        return "one per output channel" + (" (use_bias=True)" if ctx.cfg is not None else "")
    if cls.endswith("Transpose") and name == "kernel":
        return f"{_kernel_text(ctx)} × {d(shape[-2])} filters × {d(shape[-1])} input channels"
    if name == "pointwise_kernel":
        return f"a 1×1 convolution: {d(shape[-2])} channels (input × depth_multiplier) × {d(shape[-1])} filters"
    if "Depthwise" in cls or name == "depthwise_kernel":
        return f"{_kernel_text(ctx)} × {d(shape[-2])} input channels × depth_multiplier {d(shape[-1])}"
    groups = ctx.cfg.get("groups", 1) if ctx.cfg is not None else 1
    per_group = f" ({d(shape[-2] * groups) if isinstance(shape[-2], int) else '?'} / groups={groups})" \
        if isinstance(groups, int) and groups > 1 else ""
    return f"{_kernel_text(ctx)} × {d(shape[-2])} input channels{per_group} × {d(shape[-1])} filters"


def conv_note(ctx: Context) -> list[str]:
    if not isinstance(ctx.inputs, tuple):
        return []
    axes = spatial_axes(len(ctx.inputs), channels_first(ctx.cfg))
    size = "×".join(d(ctx.inputs[a]) for a in axes)
    return [f"The weights depend only on the kernel size, the input channels and the filters, not on the "
            f"input's spatial size ({size} here): any input size gives the same {n(ctx.layer.param_counts()[0])} "
            f"parameters."]


_NAMES = [f"Conv{r}D" for r in (1, 2, 3)] + [f"Conv{r}DTranspose" for r in (1, 2, 3)] + \
    [f"DepthwiseConv{r}D" for r in (1, 2)] + [f"SeparableConv{r}D" for r in (1, 2)]
explains(*_NAMES, shape=conv_steps, weight=conv_weight, note=conv_note)
