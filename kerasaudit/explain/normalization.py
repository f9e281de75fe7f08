"""Normalisation layers: one scale and offset per normalised feature, and for batch
normalisation the moving statistics that are not trained."""

from __future__ import annotations

from typing import Any

from . import Context, Step, d, explains

_BN = {"gamma": "the scale, one per channel (scale=True)", "beta": "the offset, one per channel (center=True)",
       "moving_mean": "the running mean, one per channel: updated by averaging during training, not by the "
                      "optimizer, so Keras counts it as non-trainable",
       "moving_variance": "the running variance, one per channel: updated by averaging, not by the optimizer "
                          "(non-trainable)"}


def _bn_weight(ctx: Context, w: Any) -> str:
    axis = ctx.cfg.get("axis", -1) if ctx.cfg is not None else -1
    base = _BN.get(w.name, "")
    return f"{base}; {d(w.shape[0])} = the size of axis {axis}" if base else ""


def _same(ctx: Context) -> list[Step]:
    return [Step("shape", "unchanged", "normalisation keeps the input's shape")]


def _ln_weight(ctx: Context, w: Any) -> str:
    return {"gamma": "the scale, one per normalised feature", "beta": "the offset, one per normalised feature"} \
        .get(w.name, "")


explains("BatchNormalization", shape=_same, weight=_bn_weight)
explains("LayerNormalization", "RMSNormalization", "GroupNormalization", shape=_same, weight=_ln_weight)
