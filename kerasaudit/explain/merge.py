"""Merging layers: Concatenate adds up one axis, the element-wise merges keep the shape."""

from __future__ import annotations

from . import Context, Step, d, equals, explains


def _concatenate(ctx: Context) -> list[Step]:
    inputs = ctx.inputs
    if ctx.cfg is None or not isinstance(inputs, list) or not isinstance(ctx.output, tuple):
        return []
    axis = ctx.cfg.get("axis", -1)
    if not isinstance(axis, int) or not all(isinstance(s, tuple) for s in inputs):
        return []
    parts = " + ".join(d(s[axis]) for s in inputs)
    return [Step(f"axis {axis}", equals(parts, ctx.output[axis]),
                 "the inputs' sizes on the concatenation axis add up; every other axis must match")]


def _elementwise(ctx: Context) -> list[Step]:
    return [Step("shape", "the inputs' common shape", f"{ctx.layer.class_name} combines the inputs element by "
                                                      "element (they must have the same shape)")]


explains("Concatenate", shape=_concatenate)
explains("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", shape=_elementwise)
