"""Normalization layers."""

from __future__ import annotations

from . import Ctx, entry, invalid_for


def _known_axis(c: Ctx) -> int:
    known = [i for i in range(1, c.rank) if c.shape[i] is not None] or [c.rank - 1]
    i = c.choice(known)
    return i - c.rank if c.bool() else i


@entry("BatchNormalization", keep=True)
def batch_norm(c: Ctx) -> dict:
    return {"axis": _known_axis(c), "momentum": c.choice([0.99, 0.9]), "epsilon": c.choice([0.001, 1e-5]),
            "center": c.bool(), "scale": c.bool()}


@invalid_for("BatchNormalization")
def batch_norm_invalid(c: Ctx) -> dict:
    return {"axis": c.choice([c.rank, c.rank + 1, -c.rank - 1])}
