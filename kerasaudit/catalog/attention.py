"""Attention: MultiHeadAttention, GroupQueryAttention, Attention, AdditiveAttention.

The multi-head layers hold EinsumDense projections (query, key, [gate], value,
attention_output, in Keras's tracking order); their weights are listed here directly
with the shapes those EinsumDense layers get. Output shapes follow each layer's
``compute_output_spec``, including what it reports for ``return_attention_scores``.
"""

from __future__ import annotations

from ..analysis.dims import Sym, UnknownDim
from ..analysis.shapes import OutputShapes
from ..analysis.values import Unknown
from .spec import (ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, Weight, fmt_shape,
                   known_axis, single_shape)

_MHA_CALL = Params("query", "value", key=None, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
                   return_attention_scores=False, training=None, use_causal_mask=False)
_INITS = dict(kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
              bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None)


def _positive_int(cfg: Config, name: str, optional: bool = False) -> None:
    value = cfg.get(name)
    if isinstance(value, Unknown) or (optional and value is None):
        return
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ArgumentError(f"Received an invalid value for argument `{name}`, expected a positive integer. "
                            f"Received: {name}={value}")


def _flag(call: Call, name: str) -> bool:
    value = call.get(name)
    if isinstance(value, Unknown):
        raise Unknowable(f"{call.layer} argument `{name}` is unknown: {value.reason}")
    return bool(value)


def _as_keras(dim: object) -> object:
    return None if isinstance(dim, Sym) else dim


def _projection(in_dim: int, heads: int, size: int, use_bias: bool) -> list[Weight]:
    """The kernel and bias of one EinsumDense projection (``query``, ``key``, ``gate``, ``value``)."""
    out = [Weight("kernel", (in_dim, heads, size))]
    if use_bias:
        out.append(Weight("bias", (heads, size)))
    return out


def _check_key_value(query: tuple, value: tuple, key: tuple) -> None:
    # Keras compares the shapes as tuples, None (our symbolic sizes) equal to None only.
    for d in (*value[1:-1], *key[1:-1]):
        if isinstance(d, UnknownDim):
            raise Unknowable(d.reason)
    if len(value) != len(key) or any(_as_keras(v) != _as_keras(k) for v, k in zip(value[1:-1], key[1:-1])):
        raise ShapeError("All dimensions of `value` and `key`, except the last one, must be equal. Received: "
                         f"value_shape={fmt_shape(value)} and key_shape={fmt_shape(key)}")


class MultiHeadAttention(LayerSpec):
    name = "MultiHeadAttention"
    family = "attention"
    weights_in_sublayers = "build"  # EinsumDense projections made in build()
    params = Params("num_heads", "key_dim", value_dim=None, dropout=0.0, use_bias=True, output_shape=None,
                    attention_axes=None, sliding_window=None, flash_attention=None, **_INITS, use_gate=False,
                    seed=None)
    call_params = _MHA_CALL

    def built_layers(self, cfg: Config) -> list[str]:
        return ["Softmax", "Dropout"]

    def validate(self, cfg: Config) -> None:
        _positive_int(cfg, "num_heads")
        _positive_int(cfg, "key_dim")
        _positive_int(cfg, "value_dim", optional=True)
        _positive_int(cfg, "sliding_window", optional=True)

    def shapes(self, call: Call) -> tuple[tuple, tuple, tuple]:
        query = single_shape(self.name, call.get("query"))
        value = single_shape(self.name, call.get("value"))
        key = value if call.get("key") is None else single_shape(self.name, call.get("key"))
        _check_key_value(query, value, key)
        return query, value, key

    def projected_output(self, cfg: Config, query: tuple) -> tuple:
        """``output_shape``: an int, a tuple, or (None) the query's last dimension."""
        out = cfg.known("output_shape")
        if not out:
            return (query[-1],)
        if isinstance(out, int) and not isinstance(out, bool):
            return (out,)
        if isinstance(out, (list, tuple)):
            return tuple(out)
        raise ArgumentError(f"Invalid `output_shape`: {out}. When specified, the `output_shape` should be of type "
                            "tuple, list, or int.")

    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        query, _, _ = self.shapes(call)
        out = (*query[:-1], *self.projected_output(cfg, query))
        if _flag(call, "return_attention_scores"):
            # Keras's compute_output_spec uses the query length for both sequence axes.
            length = query[1]
            return [out, (query[0], cfg.int("num_heads"), length, length)]
        return out

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        query, value, key = self.shapes(call)
        heads, key_dim = cfg.int("num_heads"), cfg.int("key_dim")
        value_dim = cfg.int("value_dim") if cfg.known("value_dim") else key_dim
        bias = cfg.flag("use_bias")
        q, k, v = (known_axis(self.name, s, -1, f"the last dimension of `{n}`")
                   for s, n in ((query, "query"), (key, "key"), (value, "value")))
        out = _projection(q, heads, key_dim, bias) + _projection(k, heads, key_dim, bias)
        if cfg.flag("use_gate"):
            out += _projection(q, heads, value_dim, bias)
        out += _projection(v, heads, value_dim, bias)
        projected = self.projected_output(cfg, query)
        out.append(Weight("kernel", (heads, value_dim, *projected)))
        if bias:
            out.append(Weight("bias", projected))
        return out


class GroupQueryAttention(LayerSpec):
    name = "GroupQueryAttention"
    keras_class = "GroupedQueryAttention"
    family = "attention"
    weights_in_sublayers = "build"  # EinsumDense projections made in build()
    params = Params("head_dim", "num_query_heads", "num_key_value_heads", dropout=0.0, use_bias=True,
                    sliding_window=None, flash_attention=None, **_INITS, use_gate=False, seed=None)
    call_params = _MHA_CALL

    def built_layers(self, cfg: Config) -> list[str]:
        return ["Softmax", "Dropout"]

    def validate(self, cfg: Config) -> None:
        nq, nkv = cfg.get("num_query_heads"), cfg.get("num_key_value_heads")
        if isinstance(nq, int) and isinstance(nkv, int) and nkv > 0 and nq % nkv:
            raise ArgumentError("`num_query_heads` must be divisible by `num_key_value_heads`.")

    def shapes(self, call: Call) -> tuple[tuple, tuple, tuple]:
        query = single_shape(self.name, call.get("query"))
        value = single_shape(self.name, call.get("value"))
        key = value if call.get("key") is None else single_shape(self.name, call.get("key"))
        if query[-1] != value[-1]:
            raise ShapeError(f"The last dimension of `query_shape` and `value_shape` must be equal, but are "
                             f"{query[-1]}, {value[-1]}. Received: query_shape={fmt_shape(query)}, "
                             f"value_shape={fmt_shape(value)}")
        _check_key_value(query, value, key)
        return query, value, key

    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        query, value, key = self.shapes(call)
        if _flag(call, "return_attention_scores"):
            kv_len = value[1] if call.get("key") is None else key[1]
            return [query, (query[0], cfg.int("num_query_heads"), query[1], kv_len)]
        return query

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        query, value, key = self.shapes(call)
        head_dim, nq, nkv = cfg.int("head_dim"), cfg.int("num_query_heads"), cfg.int("num_key_value_heads")
        bias = cfg.flag("use_bias")
        q, k, v = (known_axis(self.name, s, -1, f"the last dimension of `{n}`")
                   for s, n in ((query, "query"), (key, "key"), (value, "value")))
        out = _projection(q, nq, head_dim, bias) + _projection(k, nkv, head_dim, bias)
        if cfg.flag("use_gate"):
            out += _projection(q, nq, head_dim, bias)
        out += _projection(v, nkv, head_dim, bias)
        out.append(Weight("kernel", (nq, head_dim, q)))
        if bias:
            out.append(Weight("bias", (q,)))
        return out


class Attention(LayerSpec):
    """Dot-product attention over ``[query, value]`` or ``[query, value, key]``."""

    name = "Attention"
    family = "attention"
    params = Params(use_scale=False, score_mode="dot", dropout=0.0, seed=None)
    call_params = Params("inputs", mask=None, training=False, return_attention_scores=False, use_causal_mask=False)

    def validate(self, cfg: Config) -> None:
        mode = cfg.get("score_mode")
        if isinstance(mode, str) and mode not in ("dot", "concat"):
            raise ArgumentError(f"Invalid value for argument score_mode. Expected one of {{'dot', 'concat'}}. "
                                f"Received: score_mode={mode}")

    def inputs(self, call: Call) -> list[tuple]:
        value = call.get("inputs")
        if not isinstance(value, list):
            raise ShapeError(f"{self.name} layer must be called on a list of inputs, namely [query, value] or "
                             "[query, value, key].")
        shapes = call.input_list
        if not 2 <= len(shapes) <= 3:
            raise ShapeError(f"{self.name} layer accepts inputs list of length 2 or 3, namely [query, value] or "
                             f"[query, value, key]. Received length: {len(shapes)}.")
        return shapes

    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        shapes = self.inputs(call)
        query, value = shapes[0], shapes[1]
        key = shapes[2] if len(shapes) > 2 else value
        out = (*query[:-1], value[-1])
        if _flag(call, "return_attention_scores"):
            return [out, (*query[:-1], key[-2])]
        return out

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        self.inputs(call)
        out = []
        if cfg.flag("use_scale"):
            out.append(Weight("scale", ()))
        if cfg.known("score_mode") == "concat":
            out.append(Weight("concat_score_weight", ()))
        return out


class AdditiveAttention(Attention):
    name = "AdditiveAttention"
    params = Params(use_scale=True, dropout=0.0)

    def validate(self, cfg: Config) -> None:
        pass

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shapes = self.inputs(call)
        if not cfg.flag("use_scale"):
            return []
        return [Weight("scale", (known_axis(self.name, shapes[0], -1, "the last dimension of the query"),))]
