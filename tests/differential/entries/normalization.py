"""Normalization layers."""

from __future__ import annotations

from . import Ctx, divisors, entry, invalid_for


def _known_axis(c: Ctx) -> int:
    known = [i for i in range(1, c.rank) if c.shape[i] is not None] or [c.rank - 1]
    i = c.choice(known)
    return i - c.rank if c.bool() else i


def _axes(c: Ctx) -> int | list | tuple:
    """One known axis, or several (as LayerNormalization and friends accept)."""
    if c.rarely(3):
        known = [i for i in range(1, c.rank) if c.shape[i] is not None]
        chosen = [i for i in known if c.bool()] or known[-1:] or [c.rank - 1]
        return c.choice([chosen, tuple(chosen)])
    return _known_axis(c)


@entry("BatchNormalization", keep=True)
def batch_norm(c: Ctx) -> dict:
    return {"axis": _known_axis(c), "momentum": c.choice([0.99, 0.9]), "epsilon": c.choice([0.001, 1e-5]),
            "center": c.bool(), "scale": c.bool()}


@invalid_for("BatchNormalization")
def batch_norm_invalid(c: Ctx) -> dict:
    return {"axis": c.choice([c.rank, c.rank + 1, -c.rank - 1])}


@entry("LayerNormalization", keep=True)
def layer_norm(c: Ctx) -> dict:
    return {"axis": _axes(c), "epsilon": c.choice([0.001, 1e-6]), "center": c.bool(), "scale": c.bool()}


@invalid_for("LayerNormalization")
def layer_norm_invalid(c: Ctx) -> dict:
    return {"axis": c.rank + c.int(0, 2)}


# Keras 3.15 traces RMSNormalization on an axis other than the last with a wrongly broadcast
# scale (a subclassed model gets another shape than the functional API computes).
@entry("RMSNormalization", keep=True, tags={"untraceable"})
def rms_norm(c: Ctx) -> dict:
    return {"axis": _axes(c), "epsilon": c.choice([None, 1e-6])}


@entry("UnitNormalization", keep=True)
def unit_norm(c: Ctx) -> dict:
    return {"axis": _axes(c)}


@entry("GroupNormalization", keep=True)
def group_norm(c: Ctx) -> dict:
    axis = _known_axis(c)
    size = c.shape[axis] or 1
    return {"groups": c.choice(divisors(size)), "axis": axis, "center": c.bool(), "scale": c.bool()}


@invalid_for("GroupNormalization")
def group_norm_invalid(c: Ctx) -> dict:
    axis = _known_axis(c)
    size = c.shape[axis] or 1
    return {"groups": size + 1, "axis": axis}


@entry("Normalization", keep=True)
def normalization(c: Ctx) -> dict:
    axis = c.choice([-1, None, _known_axis(c)])
    args: dict = {"axis": axis, "invert": c.rarely(3)}
    if axis is not None and c.rarely(3):
        size = c.shape[axis]
        if size is not None:
            args["mean"] = [0.5] * size
            args["variance"] = [2.0] * size
    return args
