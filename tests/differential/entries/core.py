"""Core layers: Dense, Activation, Dropout."""

from __future__ import annotations

from . import Ctx, entry, invalid_for


@entry("Dense", width="units", keep=True)
def dense(c: Ctx) -> dict:
    last = c.shape[-1]
    units = last if c.keep and last is not None else c.int(1, 24)
    return {"units": units, "activation": c.activation(), "use_bias": c.bool()}


@invalid_for("Dense")
def dense_invalid(c: Ctx) -> dict:
    return {"units": c.int(-2, 0)}


@entry("Activation", keep=True)
def activation(c: Ctx) -> dict:
    return {"activation": c.choice(["relu", "linear", "sigmoid", "tanh", "softmax", "gelu", "elu", "selu",
                                    "softplus", "swish", "relu6", "hard_sigmoid", "leaky_relu"])}


@entry("Dropout", keep=True)
def dropout(c: Ctx) -> dict:
    return {"rate": c.rate(), "seed": c.maybe(c.int(0, 9))}


@invalid_for("Dropout")
def dropout_invalid(c: Ctx) -> dict:
    return {"rate": c.choice([1.5, -0.1, 2])}
