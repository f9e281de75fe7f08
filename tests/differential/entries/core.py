"""Core layers: Dense, Activation, Dropout, Identity, Masking, Lambda."""

from __future__ import annotations

from . import Code, Ctx, entry, invalid_for


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


@entry("Identity", keep=True)
def identity(c: Ctx) -> dict:
    return {}


@entry("Masking", keep=True)
def masking(c: Ctx) -> dict:
    return {"mask_value": c.choice([0.0, -1.0, 0.5, 2])}


# A Lambda's function: each a function of the input tensor ``t`` that the analysis can follow
# (Python operators, indexing, keras.ops), with the input ranks it takes (all from the first).
_LAMBDAS = [
    ("lambda t: t * 2.0", 2),
    ("lambda t: -t + 1.0", 2),
    ("lambda t: {ops}.mean(t, axis=-1)", 2),
    ("lambda t: {ops}.sum(t, axis=1, keepdims=True)", 2),
    ("lambda t: {ops}.square(t) - t", 2),
    ("lambda t: {ops}.concatenate([t, t], axis=-1)", 2),
    ("lambda t: {ops}.expand_dims(t, -1)", 2),
    ("lambda t: {ops}.max(t, axis=1)", 3),
    ("lambda t: t[:, 0]", 3),
    ("lambda t: t[..., :1]", 2),
    ("lambda t: {ops}.transpose(t, (0, 2, 1))", (3,)),
    ("lambda t: {ops}.reshape(t, (-1,))", 2),
]


@entry("Lambda", keep=True)
def lambda_layer(c: Ctx) -> dict:
    """A followable function; or a scaled copy through ``arguments=``; or any function with an
    explicit ``output_shape=`` (which Keras takes without checking it against the function)."""
    if c.keep:
        return {"function": Code(c.choice(["lambda t: t * 2.0", "lambda t: {ops}.tanh(t)"]))}
    kind = c.choice(["follow", "arguments", "output_shape", "output_shape_fn"])
    if kind == "arguments":
        return {"function": Code("lambda t, k: t * k"), "arguments": {"k": c.choice([0.5, 2.0, 3])}}
    if kind == "output_shape":
        dims = tuple(c.int(1, 8) for _ in range(c.int(1, 3)))
        return {"function": Code("lambda t: t"), "output_shape": dims}
    if kind == "output_shape_fn":
        return {"function": Code("lambda t: {ops}.mean(t, axis=-1, keepdims=True)"),
                "output_shape": Code("lambda s: s[:-1] + (1,)")}
    return {"function": Code(c.choice([f for f, rank in _LAMBDAS
                                       if (c.rank in rank if isinstance(rank, tuple) else c.rank >= rank)]))}


@invalid_for("Lambda")
def lambda_invalid(c: Ctx) -> dict:
    """An output_shape Keras refuses (a list is not a shape tuple), or a function whose
    operation Keras rejects for this input (which fails the Lambda's trace)."""
    if c.bool():
        return {"function": Code("lambda t: t"), "output_shape": [c.int(1, 4)]}
    perm = tuple(range(c.rank + 1)) if c.bool() else (0,) * c.rank
    return {"function": Code(f"lambda t: {{ops}}.transpose(t, {perm!r})")}
