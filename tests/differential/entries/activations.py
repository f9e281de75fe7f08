"""Activation layers."""

from __future__ import annotations

from . import Ctx, entry, invalid_for


@entry("ReLU", keep=True)
def relu(c: Ctx) -> dict:
    return {"max_value": c.choice([None, 6.0, 1.0]), "negative_slope": c.choice([0.0, 0.1]),
            "threshold": c.choice([0.0, 0.5])}


@invalid_for("ReLU")
def relu_invalid(c: Ctx) -> dict:
    return {"max_value": -1.0}


@entry("LeakyReLU", keep=True)
def leaky_relu(c: Ctx) -> dict:
    return {"negative_slope": c.choice([0.3, 0.01, 0.2])}


@entry("ELU", keep=True)
def elu(c: Ctx) -> dict:
    return {"alpha": c.choice([1.0, 0.5])}


@entry("Softmax", keep=True)
def softmax(c: Ctx) -> dict:
    return {"axis": c.axis()}


@entry("PReLU", keep=True)
def prelu(c: Ctx) -> dict | None:
    if any(d is None for d in c.shape[1:]):
        return {"shared_axes": tuple(i for i in range(1, c.rank) if c.shape[i] is None)}
    axes = [i for i in range(1, c.rank) if c.bool()]
    return {"shared_axes": c.choice([None, axes, tuple(axes)]) if axes else None}
