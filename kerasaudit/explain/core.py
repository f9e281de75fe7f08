"""Input, Dense, Flatten, Embedding and the layers that keep their input's shape."""

from __future__ import annotations

from typing import Any

from . import TIMES, Context, Step, d, equals, explains


def _input(ctx: Context) -> list[Step]:
    cfg = ctx.cfg
    if cfg is None or not isinstance(ctx.output, tuple):
        return []
    if cfg.get("batch_shape") is not None:
        return [Step("shape", f"batch_shape={cfg.get('batch_shape')!r}", "the full shape, batch axis included")]
    batch = cfg.get("batch_size")
    return [Step("shape", f"shape={cfg.get('shape')!r} → {_text(ctx.output)}",
                 "Keras puts the batch axis first: " + ("None, any batch size" if batch is None
                                                        else f"batch_size={batch}"))]


def _text(shape: tuple) -> str:
    return "(" + ", ".join(d(x) if x is not None else "None" for x in shape) + ")"


def _dense(ctx: Context) -> list[Step]:
    if ctx.cfg is None or not isinstance(ctx.inputs, tuple) or not isinstance(ctx.output, tuple):
        return []
    kept = ctx.inputs[1:-1]
    steps = [Step("last axis", f"units = {d(ctx.output[-1])}", f"replaces the {d(ctx.inputs[-1])} input features")]
    if kept:
        steps.append(Step("other axes", ", ".join(d(x) for x in kept) + " kept",
                          "Dense applies the same kernel at every position"))
    return steps


def _dense_weight(ctx: Context, w: Any) -> str:
    if w.name == "kernel":
        return f"{d(w.shape[0])} input features × {d(w.shape[1])} units"
    if w.name == "bias":
        return "one per unit (use_bias=True)"
    return ""


def _flatten(ctx: Context) -> list[Step]:
    if not isinstance(ctx.inputs, tuple) or not isinstance(ctx.output, tuple):
        return []
    dims = ctx.inputs[1:]
    return [Step("features", equals(TIMES.join(d(x) for x in dims), ctx.output[-1]),
                 "every non-batch axis multiplied together")]


def _same(ctx: Context) -> list[Step]:
    return [Step("shape", "unchanged", f"{ctx.layer.class_name} works element by element")]


def _embedding(ctx: Context) -> list[Step]:
    if ctx.cfg is None or not isinstance(ctx.output, tuple):
        return []
    return [Step("new last axis", f"output_dim = {d(ctx.output[-1])}", "each index becomes a vector")]


def _embedding_weight(ctx: Context, w: Any) -> str:
    return f"input_dim {d(w.shape[0])} (the vocabulary) × output_dim {d(w.shape[1])}"


explains("InputLayer", shape=_input)
explains("Dense", shape=_dense, weight=_dense_weight)
explains("Flatten", shape=_flatten)
explains("Embedding", shape=_embedding, weight=_embedding_weight)
explains("Dropout", "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "GaussianNoise", "GaussianDropout",
         "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout", "Identity", "Masking",
         shape=_same)
