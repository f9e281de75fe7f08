"""Padding, cropping and up-sampling: each spatial size grows, shrinks or multiplies."""

from __future__ import annotations

from typing import Any

from . import Context, Step, as_tuple, axis_names, channels_first, d, equals, explains, spatial_axes

_RANK = {"1D": 1, "2D": 2, "3D": 3}


def rank_of(class_name: str) -> int:
    return _RANK.get(class_name[-2:], 2)


def pairs(value: Any, rank: int) -> list[tuple[int, int]] | None:
    """ZeroPadding/Cropping amounts per axis: an int, one int per axis, or (before, after)
    per axis, as Keras accepts them."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [(value, value)] * rank
    if rank == 1 and as_tuple(value, 2) is not None:
        a, b = value
        return [(a, b)]
    if isinstance(value, (list, tuple)) and len(value) == rank:
        out = []
        for v in value:
            if isinstance(v, int) and not isinstance(v, bool):
                out.append((v, v))
            elif as_tuple(v, 2) is not None:
                out.append((v[0], v[1]))
            else:
                return None
        return out
    return None


def padded(before: Any, lo: int, hi: int) -> str:
    return f"{d(before)} + 2\u00b7{lo}" if lo == hi else f"{d(before)} + {lo} + {hi}"


def _resize(ctx: Context, argument: str, combine: Any, why: str) -> list[Step]:
    rank = rank_of(ctx.layer.class_name)
    if not isinstance(ctx.inputs, tuple) or not isinstance(ctx.output, tuple) or ctx.cfg is None:
        return []
    amounts = combine(ctx.cfg.get(argument), rank)
    if amounts is None:
        return []
    axes = spatial_axes(len(ctx.inputs), channels_first(ctx.cfg))
    formula = FORMULAS[ctx.layer.class_name[:-2]]
    return [Step(name, equals(formula(ctx.inputs[axis], amount), ctx.output[axis]), why if i == 0 else "")
            for i, (name, axis, amount) in enumerate(zip(axis_names(rank), axes, amounts))]


FORMULAS = {
    "ZeroPadding": lambda size, pad: padded(size, *pad),
    "Cropping": lambda size, crop: f"{d(size)} \u2212 {crop[0]} \u2212 {crop[1]}",
    "UpSampling": lambda size, factor: f"{d(size)}\u00b7{factor}",
}

for _r in ("1D", "2D", "3D"):
    explains(f"ZeroPadding{_r}", shape=lambda ctx: _resize(
        ctx, "padding", pairs, f"padding={ctx.cfg.get('padding')!r}: zeros added before and after"))
    explains(f"Cropping{_r}", shape=lambda ctx: _resize(
        ctx, "cropping", pairs, f"cropping={ctx.cfg.get('cropping')!r}: rows removed before and after"))
explains("UpSampling1D", shape=lambda ctx: _resize(
    ctx, "size", lambda v, r: as_tuple(v, r), f"size={ctx.cfg.get('size')!r}: each step repeated"))
for _r in ("2D", "3D"):
    explains(f"UpSampling{_r}", shape=lambda ctx: _resize(
        ctx, "size", lambda v, r: as_tuple(v, r), f"size={ctx.cfg.get('size')!r}: each row and column repeated"))
