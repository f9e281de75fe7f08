"""TensorFlow functions (``tf.concat``, ``tf.reduce_mean``, ``tf.image.resize``...) applied to
symbolic Keras tensors.

Keras 3 refuses them: a ``KerasTensor`` raises "A KerasTensor cannot be used as input to a
TensorFlow function". Only tf.keras 2 (TensorFlow <= 2.15, or ``tf_keras``) ran such code,
recording each call as a ``TFOpLambda`` layer named after the function's canonical TF name
(``tf.reduce_mean`` -> ``tf.math.reduce_mean``; a second one ``tf.math.reduce_mean_1``).
That is the only summary any Keras ever printed for this code, so that is the row shown:
class ``TFOpLambda``, the tf.keras 2 name, no parameters, and the shape TensorFlow computes
(names and shapes below were checked against TensorFlow 2.15). The Keras 3 refusal is kept
as a fact (``Facts.keras3_refusals``) for rules to report.
"""

from __future__ import annotations

import ast
from typing import Any, Callable

from ...catalog.spec import ArgumentError, ShapeError, Unknowable
from .. import opshapes as S
from ..einsum import einsum_shape
from ..layercall import unknown_operation
from ..operations import apply_operation, has_symbolic, in_traced_call
from ..tensor_ops import operand_shape
from ..values import Tensor, Unknown
from . import handles_prefix
from .keras_ops_signatures import Signature

Rule = Callable[[dict], Any]
_TABLE: dict[str, tuple[str, Signature, Rule]] = {}

KERAS3_REFUSAL = "A KerasTensor cannot be used as input to a TensorFlow function"


def _op(spellings: str, row_name: str, signature: str, rule: Rule) -> None:
    sig = Signature(signature)
    for spelling in spellings.split():
        _TABLE[spelling] = (row_name, sig, rule)


def _shape(value: Any) -> tuple:
    return operand_shape(value)


def _first(b: dict) -> Any:
    return next(iter(b.values()))


def _same(b: dict) -> tuple:
    return _shape(_first(b))


def _binary(b: dict) -> tuple:
    x, y = list(b.values())[:2]
    return S.broadcast(_shape(x), _shape(y))


def _reduce(b: dict) -> tuple:
    return S.reduce(_shape(b["input_tensor"]), b["axis"], b["keepdims"])


def _list(value: Any) -> list[tuple]:
    if not isinstance(value, (list, tuple)):
        raise Unknowable("the list of tensors is not known")
    return [_shape(v) for v in value]


def _tf_dims(value: Any) -> Any:
    """A shape argument: tensors inside it (``tf.shape(x)[0]``) are sizes known only at run time."""
    if isinstance(value, (list, tuple)):
        return [None if isinstance(v, Tensor) else v for v in value]
    return value


def _matmul(b: dict) -> tuple:
    a, c = _shape(b["a"]), _shape(b["b"])
    if b["transpose_a"] or b["adjoint_a"]:
        a = a[:-2] + (a[-1], a[-2])
    if b["transpose_b"] or b["adjoint_b"]:
        c = c[:-2] + (c[-1], c[-2])
    return S.matmul(a, c)


def _split(b: dict) -> list:
    shape = _shape(b["value"])
    n = b["num_or_size_splits"]
    if S.is_int(n):
        return S.split(shape, n, b["axis"])
    if not isinstance(n, (list, tuple)):
        raise Unknowable("the split sizes are not known")
    sizes = [S.int_arg(v, "num_or_size_splits") for v in n]
    ax = S.canonical_axis(b["axis"], len(shape))
    if -1 in sizes:
        total = shape[ax]
        known = sum(s for s in sizes if s != -1)
        sizes = [(total - known if total is not None else None) if s == -1 else s for s in sizes]
    elif S.is_int(shape[ax]) and sum(sizes) != shape[ax]:
        raise ShapeError(f"Determined shape must either match input shape along split_dim exactly if fully "
                         f"specified, or be less than the size of the input along split_dim: {sizes} vs "
                         f"{S.fmt(shape)}")
    return [tuple(s if i == ax else d for i, d in enumerate(shape)) for s in sizes]


def _gather(b: dict) -> tuple:
    idx = b["indices"]
    if isinstance(idx, Tensor):
        ishape = S.known_shape(idx.shape, "indices")
    elif S.is_int(idx):
        ishape = ()
    elif isinstance(idx, (list, tuple)) and all(S.is_int(i) for i in idx):
        ishape = (len(idx),)
    else:
        raise Unknowable("the shape of the indices is not known")
    if b["batch_dims"]:
        raise Unknowable("tf.gather with batch_dims is not modelled")
    return S.take(_shape(b["params"]), ishape, 0 if b["axis"] is None else b["axis"])


def _resize(b: dict) -> tuple:
    if b["preserve_aspect_ratio"]:
        raise Unknowable("tf.image.resize with preserve_aspect_ratio=True is not modelled")
    shape = _shape(b["images"])
    if len(shape) not in (3, 4):
        raise ShapeError(f"'images' must have either 3 or 4 dimensions, got {S.fmt(shape)}")
    size = b["size"]
    if not (isinstance(size, (list, tuple)) and len(size) == 2):
        raise Unknowable("the target size is not a known (height, width)")
    h, w = (S.int_arg(v, "size") for v in size)
    return shape[:-3] + (h, w, shape[-1])


def _slice(b: dict) -> tuple:
    shape = _shape(b["input_"])
    begin, size = b["begin"], b["size"]
    if not (isinstance(begin, (list, tuple)) and isinstance(size, (list, tuple))):
        raise Unknowable("the slice bounds are not known")
    out = []
    for d, start, n in zip(shape, begin, size):
        n = S.int_arg(n, "size")
        start = S.int_arg(start, "begin")
        out.append(n if n != -1 else (d - start if d is not None and start else d))
    return tuple(out)


def _one_hot(b: dict) -> tuple:
    axis = -1 if b["axis"] is None else b["axis"]
    return S.one_hot(_shape(b["indices"]), b["depth"], axis)


def _argmax(b: dict) -> tuple:
    return S.reduce(_shape(b["input"]), 0 if b["axis"] is None else b["axis"], False)


def _where(b: dict) -> tuple:
    if b["x"] is None or b["y"] is None:
        raise Unknowable("tf.where with only a condition returns the indices of true elements (data-dependent)")
    return S.broadcast(_shape(b["condition"]), _shape(b["x"]), _shape(b["y"]))


_UNARY_MATH = ("abs sqrt square exp log log1p negative sign round floor ceil reciprocal rsqrt sin cos tan sigmoid "
               "tanh softplus erf logical_not")
for _n in _UNARY_MATH.split():
    _op(f"tensorflow.{_n} tensorflow.math.{_n}", f"tf.math.{_n}", "(x, name=None)", _same)
_op("tensorflow.nn.sigmoid", "tf.math.sigmoid", "(x, name=None)", _same)
_op("tensorflow.nn.tanh", "tf.math.tanh", "(x, name=None)", _same)
_op("tensorflow.nn.softplus", "tf.math.softplus", "(features, name=None)", _same)
for _n in ("relu", "relu6", "elu", "selu", "softsign"):
    _op(f"tensorflow.nn.{_n}", f"tf.nn.{_n}", "(features, name=None)", _same)
_op("tensorflow.nn.gelu", "tf.nn.gelu", "(features, approximate=False, name=None)", _same)
_op("tensorflow.nn.silu tensorflow.nn.swish", "tf.nn.silu", "(features, beta=1.0)", _same)
_op("tensorflow.nn.leaky_relu", "tf.nn.leaky_relu", "(features, alpha=0.2, name=None)", _same)
_op("tensorflow.nn.softmax tensorflow.math.softmax", "tf.nn.softmax", "(logits, axis=None, name=None)", _same)
_op("tensorflow.nn.log_softmax tensorflow.math.log_softmax", "tf.nn.log_softmax", "(logits, axis=None, name=None)",
    _same)
_op("tensorflow.math.l2_normalize tensorflow.nn.l2_normalize", "tf.math.l2_normalize",
    "(x, axis=None, epsilon=1e-12, name=None, dim=None)", _same)
_op("tensorflow.cast tensorflow.dtypes.cast", "tf.cast", "(x, dtype, name=None)", _same)
_op("tensorflow.clip_by_value", "tf.clip_by_value", "(t, clip_value_min, clip_value_max, name=None)", _same)
for _n in ("zeros_like", "ones_like"):
    _op(f"tensorflow.{_n}", f"tf.{_n}", "(input, dtype=None, name=None)", _same)
_op("tensorflow.stop_gradient", "tf.stop_gradient", "(input, name=None)", _same)
_op("tensorflow.identity", "tf.identity", "(input, name=None)", _same)
_op("tensorflow.reverse", "tf.reverse", "(tensor, axis, name=None)", _same)
_op("tensorflow.math.cumsum tensorflow.cumsum", "tf.math.cumsum",
    "(x, axis=0, exclusive=False, reverse=False, name=None)", _same)
for _n in ("add", "subtract", "multiply", "maximum", "minimum", "pow", "equal", "not_equal", "greater",
           "greater_equal", "less", "less_equal", "logical_and", "logical_or", "squared_difference", "floormod"):
    _op(f"tensorflow.{_n} tensorflow.math.{_n}", f"tf.math.{_n}", "(x, y, name=None)", _binary)
_op("tensorflow.divide tensorflow.math.divide tensorflow.truediv tensorflow.math.truediv", "tf.math.truediv",
    "(x, y, name=None)", _binary)
_op("tensorflow.nn.bias_add", "tf.nn.bias_add", "(value, bias, data_format=None, name=None)",
    lambda b: _shape(b["value"]))
for _n in ("mean", "sum", "max", "min", "prod", "std", "variance", "any", "all", "logsumexp"):
    _op(f"tensorflow.reduce_{_n} tensorflow.math.reduce_{_n}", f"tf.math.reduce_{_n}",
        "(input_tensor, axis=None, keepdims=False, name=None)", _reduce)
_op("tensorflow.argmax tensorflow.math.argmax", "tf.math.argmax",
    "(input, axis=None, output_type='int64', name=None)", _argmax)
_op("tensorflow.argmin tensorflow.math.argmin", "tf.math.argmin",
    "(input, axis=None, output_type='int64', name=None)", _argmax)
_op("tensorflow.concat", "tf.concat", "(values, axis, name='concat')", lambda b: S.concatenate(_list(b["values"]),
                                                                                              b["axis"]))
_op("tensorflow.stack", "tf.stack", "(values, axis=0, name='stack')", lambda b: S.stack(_list(b["values"]),
                                                                                      b["axis"]))
_op("tensorflow.unstack", "tf.unstack", "(value, num=None, axis=0, name='unstack')",
    lambda b: S.unstack(_shape(b["value"]), b["num"], b["axis"]))
_op("tensorflow.split", "tf.split", "(value, num_or_size_splits, axis=0, num=None, name='split')", _split)
_op("tensorflow.reshape", "tf.reshape", "(tensor, shape, name=None)",
    lambda b: S.reshape(_shape(b["tensor"]), _tf_dims(b["shape"])))
_op("tensorflow.expand_dims", "tf.expand_dims", "(input, axis, name=None)",
    lambda b: S.expand_dims(_shape(b["input"]), b["axis"]))
_op("tensorflow.squeeze", "tf.compat.v1.squeeze", "(input, axis=None, name=None)",
    lambda b: S.squeeze(_shape(b["input"]), b["axis"]))
_op("tensorflow.transpose", "tf.compat.v1.transpose", "(a, perm=None, conjugate=False, name='transpose')",
    lambda b: S.transpose(_shape(b["a"]), b["perm"]))
_op("tensorflow.matmul tensorflow.linalg.matmul", "tf.linalg.matmul",
    "(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, a_is_sparse=False, "
    "b_is_sparse=False, output_type=None, name=None)", _matmul)
_op("tensorflow.einsum tensorflow.linalg.einsum", "tf.einsum", "(equation, *inputs, **kwargs)",
    lambda b: einsum_shape(b["equation"], [_shape(v) for v in b["inputs"]]))
_op("tensorflow.tile", "tf.tile", "(input, multiples, name=None)", lambda b: S.tile(_shape(b["input"]),
                                                                                   b["multiples"]))
_op("tensorflow.repeat", "tf.repeat", "(input, repeats, axis=None, name=None)",
    lambda b: S.repeat(_shape(b["input"]), b["repeats"], b["axis"]))
_op("tensorflow.pad", "tf.compat.v1.pad", "(tensor, paddings, mode='CONSTANT', constant_values=0, name=None)",
    lambda b: S.pad(_shape(b["tensor"]), b["paddings"]))
_op("tensorflow.broadcast_to", "tf.broadcast_to", "(input, shape, name=None)",
    lambda b: S.broadcast_to(_shape(b["input"]), _tf_dims(b["shape"])))
_op("tensorflow.gather", "tf.compat.v1.gather",
    "(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None)", _gather)
_op("tensorflow.where", "tf.where", "(condition, x=None, y=None, name=None)", _where)
_op("tensorflow.one_hot", "tf.one_hot",
    "(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None)", _one_hot)
_op("tensorflow.slice", "tf.slice", "(input_, begin, size, name=None)", _slice)
_op("tensorflow.shape", "tf.compat.v1.shape", "(input, out_type=None, name=None)",
    lambda b: (len(_shape(b["input"])),))
_op("tensorflow.image.resize", "tf.image.resize",
    "(images, size, method='bilinear', preserve_aspect_ratio=False, antialias=False, name=None)", _resize)


@handles_prefix("tensorflow.")
def tf_function(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    line = getattr(node, "lineno", None)
    entry = _TABLE.get(name)
    symbolic = has_symbolic([args, kwargs])
    if entry is None:
        if symbolic:
            return unknown_operation(interp, args, kwargs, node, f"`{name}` is not modelled")
        return Unknown(f"`{name}(...)` is not modelled", line)
    if not symbolic:
        return Unknown(f"`{name}(...)` on concrete values is computed by TensorFlow at run time", line)
    row_name, sig, rule = entry
    try:
        bound = sig.bind(list(args), dict(kwargs))
    except ArgumentError as exc:
        return unknown_operation(interp, args, kwargs, node, f"{name}() would fail: {exc}")
    note_keras3_refusal(interp, name, node)
    return apply_operation(interp, "TFOpLambda", list(bound.values()), node, lambda: rule(bound),
                           name.replace("tensorflow.", "tf.", 1), row_name)


def note_keras3_refusal(interp: Any, name: str, node: ast.AST) -> None:
    """Keep the fact that Keras 3 raises here, for rules (a legacy-API rule reports it)."""
    from ..graph import Site
    if getattr(interp.ctx, "sandbox", 0) or in_traced_call(interp):
        return  # inside a Lambda or a layer's call(): Keras 3 with the TensorFlow backend runs tf functions there
    interp.ctx.facts.keras3_refusals.append((Site.of(node), name.replace("tensorflow.", "tf.", 1), KERAS3_REFUSAL))
