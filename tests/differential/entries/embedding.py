"""Embeddings: integer token ids in, vectors out."""

from __future__ import annotations

from . import Ctx, entry, invalid_for


def mask_zero(c: Ctx) -> bool:
    return c.rarely(3)


def tokens(c: Ctx) -> tuple:
    return (None, c.choice([None, *range(1, 13)]))


@entry("Embedding", dtype="int32", width="output_dim", input_shape=tokens)
def embedding(c: Ctx) -> dict:
    return {"input_dim": c.int(1, 60), "output_dim": c.int(1, 16), "mask_zero": mask_zero(c)}


@invalid_for("Embedding")
def embedding_invalid(c: Ctx) -> dict:
    return {"input_dim": c.int(-1, 0), "output_dim": c.int(1, 4)}


@entry("ReversibleEmbedding", dtype="int32", width="output_dim", input_shape=tokens)
def reversible_embedding(c: Ctx) -> dict:
    return {"input_dim": c.int(1, 60), "output_dim": c.int(1, 16), "tie_weights": c.bool(), "mask_zero": mask_zero(c)}
