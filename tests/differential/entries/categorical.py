"""Categorical preprocessing that runs without TensorFlow: CategoryEncoding (integer ids in)
and Discretization (with its ``bin_boundaries`` given, so no ``adapt()``)."""

from __future__ import annotations

from . import Ctx, entry, invalid_for


def ids(c: Ctx) -> tuple:
    """Token ids: one per sample (None, 1), a few (None, n), or an unknown number."""
    return (None, c.choice([1, 1, None, *range(2, 9)]))


@entry("CategoryEncoding", dtype="int32", ranks=(2,), input_shape=ids)
def category_encoding(c: Ctx) -> dict:
    return {"num_tokens": c.int(1, 20), "output_mode": c.choice(["one_hot", "multi_hot", "count", "binary"])}


@invalid_for("CategoryEncoding")
def category_encoding_invalid(c: Ctx) -> dict:
    return c.choice([{"num_tokens": c.int(-1, 0)}, {"num_tokens": 4, "output_mode": "tf_idf"}, {}])


def _boundaries(c: Ctx) -> list:
    return sorted({c.choice([-1.0, 0.0, 0.25, 0.5, 1.0, 2.5, 10.0]) for _ in range(c.int(1, 4))})


@entry("Discretization", ranks=(2, 3))
def discretization(c: Ctx) -> dict:
    return {"bin_boundaries": _boundaries(c), "output_mode": c.choice(["int", "one_hot", "multi_hot", "count"])}


@invalid_for("Discretization")
def discretization_invalid(c: Ctx) -> dict:
    return c.choice([{"bin_boundaries": _boundaries(c), "num_bins": 3}, {},
                     {"bin_boundaries": [0.0, 1.0], "output_mode": "tf_idf"}])
