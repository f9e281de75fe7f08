"""Attention layers and EinsumDense: several inputs, some passed as separate arguments."""

from __future__ import annotations

from . import CALL, Ctx, entry, invalid_for


def qkv(c: Ctx, same_dim: bool) -> list:
    """(query, value[, key]): batch-first sequences."""
    dim = c.int(1, 8)
    tq, tv = c.choice([None, *range(1, 7)]), c.choice([None, *range(1, 7)])
    query = (None, tq, dim)
    value = (None, tv, dim if same_dim else c.int(1, 8))
    out = [query, value]
    if c.bool():
        out.append((None, tv, dim if same_dim else c.int(1, 8)))
    return out


def _sequences(c: Ctx) -> bool:
    return all(len(s) == 3 for s in c.shapes) and len(c.shapes) in (2, 3) and (
        len(c.shapes) == 2 or c.shapes[1][:2] == c.shapes[2][:2])


@entry("Attention", inputs="merge", input_shape=lambda c: qkv(c, True))
def attention(c: Ctx) -> dict | None:
    if not _sequences(c) or len({s[-1] for s in c.shapes}) != 1:
        return None
    return {"use_scale": c.bool(), "score_mode": c.choice(["dot", "concat"]), "dropout": c.choice([0.0, 0.1]),
            CALL: {"return_attention_scores": c.rarely(3), "use_causal_mask": c.rarely(4)}}


@entry("AdditiveAttention", inputs="merge", input_shape=lambda c: qkv(c, True))
def additive_attention(c: Ctx) -> dict | None:
    if not _sequences(c) or len({s[-1] for s in c.shapes}) != 1:
        return None
    return {"use_scale": c.bool(), CALL: {"return_attention_scores": c.rarely(3)}}


@entry("MultiHeadAttention", inputs="args", input_shape=lambda c: qkv(c, False), tags={"sublayers"})
def multi_head_attention(c: Ctx) -> dict | None:
    if not _sequences(c):
        return None
    args = {"num_heads": c.int(1, 4), "key_dim": c.int(1, 8), "value_dim": c.maybe(c.int(1, 6)),
            "dropout": c.choice([0.0, 0.1]), "use_bias": c.bool(),
            "output_shape": c.choice([None, c.int(1, 6), (c.int(1, 4),)]),
            CALL: {"return_attention_scores": c.rarely(3)}}
    if c.rarely(4):
        args["attention_axes"] = c.choice([1, (1,)])
    return args


@invalid_for("MultiHeadAttention")
def multi_head_attention_invalid(c: Ctx) -> dict:
    return {"num_heads": c.int(-1, 0), "key_dim": 2}


@entry("GroupQueryAttention", inputs="args", input_shape=lambda c: qkv(c, False), tags={"sublayers"})
def group_query_attention(c: Ctx) -> dict | None:
    if not _sequences(c):
        return None
    kv = c.int(1, 3)
    return {"head_dim": c.int(1, 6), "num_query_heads": kv * c.int(1, 3), "num_key_value_heads": kv,
            "use_bias": c.bool(), CALL: {"return_attention_scores": c.rarely(3)}}


@invalid_for("GroupQueryAttention")
def group_query_attention_invalid(c: Ctx) -> dict:
    return {"head_dim": 2, "num_query_heads": 3, "num_key_value_heads": 2}


@entry("EinsumDense", ranks=(2, 3), keep=False)
def einsum_dense(c: Ctx) -> dict | None:
    units = c.int(1, 8)
    if c.rank == 2:
        return {"equation": "ab,bc->ac", "output_shape": units, "bias_axes": c.choice([None, "c"])}
    if c.bool():
        return {"equation": "abc,cd->abd", "output_shape": (None, units), "bias_axes": c.choice([None, "d"])}
    extra = c.int(1, 4)
    return {"equation": "abc,cde->abde", "output_shape": (c.shape[1], units, extra),
            "bias_axes": c.choice([None, "e", "de"])}
