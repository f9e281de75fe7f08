"""Keras 2 backend functions (``K.mean``, ``K.concatenate``, ``K.batch_dot``...) on symbolic tensors.

Keras 3 has none of them on ``keras.backend``, and the legacy copies under
``tf.keras.backend`` call TensorFlow, which a Keras 3 tensor refuses. Only tf.keras 2 ran
such code: each backend function executed its TensorFlow ops, and every op on a Keras
tensor became a ``TFOpLambda`` layer (``K.mean`` -> ``tf.math.reduce_mean``; ``K.sqrt`` ->
``tf.math.maximum`` then ``tf.math.sqrt``). Rows here reproduce those layers, names and
shapes as TensorFlow 2.15's tf.keras prints them (see :mod:`.tf_ops` for the reasoning);
a function whose op sequence is not modelled stays one unknown operation.
"""

from __future__ import annotations

import ast
from typing import Any, Callable

from ...catalog.spec import ArgumentError, Unknowable
from .. import opshapes as S
from ..layercall import unknown_operation
from ..operations import apply_operation, has_symbolic
from ..tensor_ops import operand_shape
from ..values import Unknown
from . import handles
from .keras_ops_signatures import Signature
from .tf_ops import note_keras3_refusal

# A step: the tf.keras 2 row name and its shape from the previous step's shape and the bound args.
Step = tuple[str, Callable[[tuple, dict], Any]]
_TABLE: dict[str, tuple[Signature, list[Step]]] = {}


def _k(names: str, signature: str, *steps: Step) -> None:
    sig = Signature(signature)
    for name in names.split():
        _TABLE[name] = (sig, list(steps))


def _same(shape: tuple, b: dict) -> tuple:
    return shape


def _binary(shape: tuple, b: dict) -> tuple:
    return S.broadcast(shape, operand_shape(b["y"]))


def _reduce(shape: tuple, b: dict) -> tuple:
    return S.reduce(shape, b["axis"], b["keepdims"])


for _n, _tf in (("mean", "reduce_mean"), ("sum", "reduce_sum"), ("max", "reduce_max"), ("min", "reduce_min"),
                ("prod", "reduce_prod"), ("std", "reduce_std"), ("var", "reduce_variance")):
    _k(_n, "(x, axis=None, keepdims=False)", (f"tf.math.{_tf}", _reduce))
for _n in ("any", "all"):
    _k(_n, "(x, axis=None, keepdims=False)", ("tf.cast", _same), (f"tf.math.reduce_{_n}", _reduce))
for _n in ("square", "exp", "log", "abs", "sign", "round", "sigmoid", "tanh", "softplus", "softsign"):
    _k(_n, "(x)", (f"tf.math.{_n}" if _n != "softsign" else "tf.nn.softsign", _same))
_k("sqrt", "(x)", ("tf.math.maximum", _same), ("tf.math.sqrt", _same))
_k("hard_sigmoid", "(x)", ("tf.math.multiply", _same), ("tf.math.add", _same), ("tf.clip_by_value", _same))
_k("softmax", "(x, axis=-1)", ("tf.nn.softmax", lambda s, b: S.check_axis(s, b["axis"])))
_k("elu", "(x, alpha=1.0)", ("tf.nn.elu", _same))
_k("l2_normalize", "(x, axis=None)", ("tf.math.l2_normalize", _same))
_k("cast", "(x, dtype)", ("tf.cast", _same))
_k("clip", "(x, min_value, max_value)", ("tf.clip_by_value", _same))
_k("zeros_like", "(x, dtype=None, name=None)", ("tf.zeros_like", _same))
_k("ones_like", "(x, dtype=None, name=None)", ("tf.ones_like", _same))
for _n in ("maximum", "minimum", "equal", "not_equal", "greater", "greater_equal", "less", "less_equal"):
    _k(_n, "(x, y)", (f"tf.math.{_n}", _binary))
_k("pow", "(x, a)", ("tf.math.pow", lambda s, b: S.broadcast(s, operand_shape(b["a"]))))
_k("argmax", "(x, axis=-1)", ("tf.math.argmax", lambda s, b: S.reduce(s, b["axis"], False)))
_k("argmin", "(x, axis=-1)", ("tf.math.argmin", lambda s, b: S.reduce(s, b["axis"], False)))
_k("cumsum", "(x, axis=0)", ("tf.math.cumsum", lambda s, b: S.check_axis(s, b["axis"])))
_k("concatenate", "(tensors, axis=-1)", ("tf.concat", lambda s, b: S.concatenate(
    [operand_shape(t) for t in _seq(b["tensors"])], b["axis"])))
_k("stack", "(x, axis=0)", ("tf.stack", lambda s, b: S.stack([operand_shape(t) for t in _seq(b["x"])], b["axis"])))
_k("expand_dims", "(x, axis=-1)", ("tf.expand_dims", lambda s, b: S.expand_dims(s, b["axis"])))
_k("squeeze", "(x, axis)", ("tf.compat.v1.squeeze", lambda s, b: S.squeeze(s, b["axis"])))
_k("reshape", "(x, shape)", ("tf.reshape", lambda s, b: S.reshape(s, b["shape"])))
_k("flatten", "(x)", ("tf.reshape", lambda s, b: S.reshape(s, (-1,))))
_k("batch_flatten", "(x)", ("tf.keras.backend.batch_flatten", lambda s, b: (s[0], S.flat_size(s[1:]))))
_k("permute_dimensions", "(x, pattern)", ("tf.compat.v1.transpose", lambda s, b: S.transpose(s, b["pattern"])))
_k("transpose", "(x)", ("tf.compat.v1.transpose", lambda s, b: S.transpose(s)))
_k("tile", "(x, n)", ("tf.tile", lambda s, b: S.tile(s, b["n"])))
_k("repeat", "(x, n)", ("tf.expand_dims", lambda s, b: S.expand_dims(s, 1)),
   ("tf.tile", lambda s, b: S.tile(s, (1, b["n"], 1))))
_k("one_hot", "(indices, num_classes)", ("tf.one_hot", lambda s, b: S.one_hot(s, b["num_classes"])))
_k("gather", "(reference, indices)", ("tf.compat.v1.gather", lambda s, b: S.take(s, _index_shape(b["indices"]), 0)))
_k("bias_add", "(x, bias, data_format=None)", ("tf.nn.bias_add", _same))
_k("resize_images", "(x, height_factor, width_factor, data_format, interpolation='nearest')",
   ("tf.image.resize", lambda s, b: _resize_images(s, b)))


def _seq(value: Any) -> list:
    if not isinstance(value, (list, tuple)):
        raise Unknowable("the list of tensors is not known")
    return list(value)


def _index_shape(value: Any) -> tuple:
    if isinstance(value, (list, tuple)) and all(S.is_int(v) for v in value):
        return (len(value),)
    if S.is_int(value):
        return ()
    return operand_shape(value)


def _resize_images(shape: tuple, b: dict) -> tuple:
    hf, wf = S.int_arg(b["height_factor"], "height_factor"), S.int_arg(b["width_factor"], "width_factor")
    if b["data_format"] == "channels_first":
        return shape[:2] + tuple(None if d is None else d * f for d, f in zip(shape[2:], (hf, wf)))
    if b["data_format"] != "channels_last":
        raise Unknowable("the data format is not known")
    return (shape[0],) + tuple(None if d is None else d * f for d, f in zip(shape[1:3], (hf, wf))) + shape[3:]


def _relu_steps(b: dict) -> list[Step] | None:
    if b["alpha"] == 0.0 and b["max_value"] is None and b["threshold"] == 0.0:
        return [("tf.nn.relu", _same)]
    return None


def _batch_dot(interp: Any, bound: dict, node: ast.AST) -> Any:
    """``K.batch_dot`` of two rank-3 tensors: tf.keras 2 transposes the operand whose
    contracted axis is not where matmul wants it, then multiplies (one or two rows)."""
    x, y, axes = bound["x"], bound["y"], bound["axes"]
    try:
        xs, ys = operand_shape(x), operand_shape(y)
    except (Unknowable, ValueError):
        return None
    if len(xs) != 3 or len(ys) != 3:
        return None
    if S.is_int(axes):
        axes = (axes, axes)
    if axes is None:
        axes = (2, 1)
    if not (isinstance(axes, (list, tuple)) and len(axes) == 2 and all(S.is_int(a) for a in axes)):
        return None
    a0, a1 = (a % 3 for a in axes)
    if a0 == 0 or a1 == 0:
        return None

    def swap(t: Any) -> Any:
        return apply_operation(interp, "TFOpLambda", [t], node,
                               lambda: S.transpose(S.known_shape(t.shape), (0, 2, 1)), "K.batch_dot",
                               "tf.compat.v1.transpose")

    left = swap(x) if a0 == 1 else x
    right = swap(y) if a1 == 2 else y
    return apply_operation(interp, "TFOpLambda", [left, right], node,
                           lambda: S.matmul(S.known_shape(left.shape), S.known_shape(right.shape)), "K.batch_dot",
                           "tf.linalg.matmul")


@handles(*(f"keras.backend.{name}" for name in ("relu", "batch_dot", *_TABLE)))
def backend_function(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    fn = name.rsplit(".", 1)[1]
    line = getattr(node, "lineno", None)
    if not has_symbolic([args, kwargs]):
        return Unknown(f"`K.{fn}(...)` on concrete values is computed at run time", line)
    if fn == "relu":
        sig = Signature("(x, alpha=0.0, max_value=None, threshold=0.0)")
    elif fn == "batch_dot":
        sig = Signature("(x, y, axes=None)")
    else:
        sig, steps = _TABLE[fn]
    try:
        bound = sig.bind(list(args), dict(kwargs))
    except ArgumentError as exc:
        return unknown_operation(interp, args, kwargs, node, f"K.{fn}() would fail: {exc}")
    if fn == "batch_dot":
        result = _batch_dot(interp, bound, node)
        if result is None:
            return unknown_operation(interp, args, kwargs, node, "this `K.batch_dot` (ranks/axes) is not modelled")
        note_keras3_refusal(interp, "K.batch_dot", node)
        return result
    chosen = _relu_steps(bound) if fn == "relu" else steps
    if not chosen:
        return unknown_operation(interp, args, kwargs, node, f"the TensorFlow ops of `K.{fn}` here are not modelled")
    note_keras3_refusal(interp, f"K.{fn}", node)
    return _run_steps(interp, chosen, bound, node, fn)


def _run_steps(interp: Any, steps: list[Step], bound: dict, node: ast.AST, fn: str) -> Any:
    """Each step is one TFOpLambda row fed by the previous one (the first by the call's tensors)."""
    first = next(iter(bound.values()))
    inputs: Any = list(bound.values())
    result: Any = None
    for i, (row_name, rule) in enumerate(steps):
        if i == 0:
            def compute(_rule: Any = rule) -> Any:
                return _rule(_start_shape(first), bound)
        else:
            inputs = [result]

            def compute(_rule: Any = rule, _prev: Any = result) -> Any:
                return _rule(S.known_shape(_prev.shape), bound)
        result = apply_operation(interp, "TFOpLambda", inputs, node, compute, f"K.{fn}",
                                 row_name)
    return result


def _start_shape(value: Any) -> tuple:
    if isinstance(value, (list, tuple)):
        return ()
    return operand_shape(value)
