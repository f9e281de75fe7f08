"""Regularization layers: noise and dropout variants, activity regularization."""

from __future__ import annotations

from . import Ctx, entry, image_shape, invalid_for


@entry("ActivityRegularization", keep=True)
def activity_regularization(c: Ctx) -> dict:
    return {"l1": c.choice([0.0, 0.01]), "l2": c.choice([0.0, 0.001])}


@entry("AlphaDropout", keep=True)
def alpha_dropout(c: Ctx) -> dict:
    return {"rate": c.rate(), "seed": c.maybe(c.int(0, 9))}


@entry("GaussianDropout", keep=True)
def gaussian_dropout(c: Ctx) -> dict:
    return {"rate": c.rate(), "seed": c.maybe(c.int(0, 9))}


@invalid_for("GaussianDropout")
def gaussian_dropout_invalid(c: Ctx) -> dict:
    return {"rate": c.choice([1.5, -0.5])}


@entry("GaussianNoise", keep=True)
def gaussian_noise(c: Ctx) -> dict:
    return {"stddev": c.choice([0.1, 1.0]), "seed": c.maybe(c.int(0, 9))}


for _rank in (1, 2, 3):
    def _spatial(c: Ctx, rank: int = _rank) -> dict:
        args = {"rate": c.rate()}
        if rank > 1:
            args["data_format"] = c.data_format()
        return args

    def _shape(c: Ctx, rank: int = _rank) -> tuple:
        return image_shape(c, rank, hi=8 if rank < 3 else 4)

    entry(f"SpatialDropout{_rank}D", ranks=(_rank + 2,), keep=True, input_shape=_shape)(_spatial)
