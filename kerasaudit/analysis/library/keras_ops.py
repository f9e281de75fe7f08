"""``keras.ops.*`` on symbolic tensors: one Keras 3 operation row per call.

A ``keras.ops`` function given a symbolic tensor instantiates one ``Operation`` subclass
(``ops.mean`` -> ``Mean``) and the functional model lists it as a row, auto-named from the
shared per-prefix counters. Given only concrete values it runs eagerly instead and adds
nothing to the graph; its result is then a constant array (or unknown).

Shapes come from :mod:`..opshapes`, following each operation's ``compute_output_spec``.
The class is the CamelCase of the function name except for the few listed in
``_CLASS_NAMES`` (checked against real Keras).
"""

from __future__ import annotations

import ast
from typing import Any, Callable

from ...catalog.spec import ArgumentError, ShapeError, Unknowable, conv_output_length
from .. import opshapes as S
from ..arrays import Array
from ..dims import Sym
from ..einsum import einsum_shape
from ..graph import flatten_tensors
from ..indexing import getitem_shape
from ..layercall import unknown_operation
from ..operations import apply_operation, has_symbolic
from ..shapes import UnknownShape
from ..tensor_ops import operand_shape
from ..values import Tensor, Unknown
from . import handles, handles_prefix
from .keras_ops_signatures import signature

Bound = dict
ShapeRule = Callable[[Bound], Any]

_CLASS_NAMES = {
    "abs": "Absolute", "allclose": "AllClose", "cdist": "CDist", "conj": "Conjugate", "ctc_decode": "CTCDecode",
    "fft": "FFT", "fft2": "FFT2", "ifft2": "IFFT2", "irfft": "IRFFT", "rfft": "RFFT", "isin": "IsIn",
    "hard_swish": "HardSilu", "swish": "Silu", "layer_normalization": "LayerNorm",
    "rms_normalization": "RMSNorm", "svd": "SVD", "image.ssim": "SSIM", "true_divide": "TrueDivide",
    "batch_normalization": "BatchNorm", "ctc_loss": "CTCLoss", "stft": "STFT", "istft": "ISTFT", "psnr": "PSNR",
    "searchsorted": "SearchSorted", "image.hsv_to_rgb": "HSVToRGB", "image.rgb_to_hsv": "RGBToHSV",
    "image.rgb_to_grayscale": "RGBToGrayscale",
}


def class_name_of(key: str) -> str:
    if key in _CLASS_NAMES:
        return _CLASS_NAMES[key]
    leaf = key.rsplit(".", 1)[-1]
    return "".join(part[:1].upper() + part[1:] for part in leaf.split("_"))


def shape_of(value: Any) -> tuple:
    return operand_shape(value)


# ----------------------------------------------------------------- shape rules by family
_RULES: dict[str, ShapeRule] = {}


def _family(names: str, rule: ShapeRule) -> None:
    for name in names.split():
        _RULES[name] = rule


def _first(b: Bound) -> Any:
    return next(iter(b.values()))


_family("""abs absolute angle arccos arccosh arcsin arcsinh arctan arctanh cbrt ceil conj conjugate copy cos cosh
        deg2rad erf erfc erfinv exp exp2 expm1 fabs floor i0 imag isfinite isinf isnan isneginf isposinf isreal log
        log10 log1p log2 logical_not negative rad2deg real reciprocal round rsqrt sign signbit sin sinc sinh sqrt
        square tan tanh trunc zeros_like ones_like empty_like full_like stop_gradient convert_to_tensor array
        bitwise_invert bitwise_not nan_to_num relu relu6 sigmoid softplus softsign silu swish hard_sigmoid hard_silu
        hard_swish log_sigmoid leaky_relu elu selu gelu celu hard_tanh hard_shrink soft_shrink tanh_shrink
        squareplus sparse_plus sparse_sigmoid threshold clip cast saturate_cast tril triu fliplr flipud
        batch_normalization isin image.perspective_transform
        image.gaussian_blur image.elastic_transform image.affine_transform image.rgb_to_hsv image.hsv_to_rgb""",
        lambda b: shape_of(_first(b)))
_family("softmax log_softmax sparsemax normalize sort argsort layer_normalization rms_normalization",
        lambda b: S.check_axis(shape_of(_first(b)), b.get("axis")))
_family("argpartition", lambda b: S.check_axis(shape_of(b["x"]), b["axis"]))
_family("flip roll", lambda b: S.check_axis(shape_of(b["x"]), b.get("axis")))
_family("""add subtract multiply divide true_divide floor_divide mod power maximum minimum equal not_equal greater
        greater_equal less less_equal logical_and logical_or logical_xor arctan2 hypot logaddexp logaddexp2 fmod
        heaviside divide_no_nan bitwise_and bitwise_or bitwise_xor bitwise_left_shift bitwise_right_shift
        left_shift right_shift nextafter gcd lcm ldexp fmax fmin isclose polar""",
        lambda b: S.broadcast(*(shape_of(v) for v in list(b.values())[:2])))
_family("""mean sum max min prod std var all any amax amin logsumexp median argmax argmin nanmax nanmean nanmedian
        nanmin nanprod nanstd nansum nanvar nanargmax nanargmin ptp""",
        lambda b: S.reduce(shape_of(b["x"]), b["axis"], b["keepdims"]))
_family("count_nonzero average", lambda b: S.reduce(shape_of(b["x"]), b["axis"], False))
_family("norm", lambda b: S.reduce(shape_of(b["x"]), b["axis"], b["keepdims"]))
_family("cumsum cumprod nancumsum nancumprod",
        lambda b: S.flatten_all(shape_of(b["x"])) if b["axis"] is None
        else S.check_axis(shape_of(b["x"]), b["axis"]))
_family("ravel", lambda b: S.flatten_all(shape_of(b["x"])))


def _moments(b: Bound) -> list:
    out = S.reduce(shape_of(b["x"]), b["axes"], b["keepdims"])
    return [out, out]


def _where(b: Bound) -> tuple:
    if b["x1"] is None or b["x2"] is None:
        raise Unknowable("`where` with only a condition returns the indices of true elements (data-dependent)")
    return S.broadcast(shape_of(b["condition"]), shape_of(b["x1"]), shape_of(b["x2"]))


def _diff(b: Bound) -> tuple:
    shape = shape_of(b["a"])
    axis = S.canonical_axis(b["axis"], len(shape))
    n = S.int_arg(b["n"], "n")
    d = shape[axis]
    new = max(d - n, 0) if S.is_int(d) else (d if d is None or n == 0 else d - n)
    return tuple(new if i == axis else v for i, v in enumerate(shape))


def _glu(b: Bound) -> tuple:
    shape = shape_of(b["x"])
    axis = S.canonical_axis(b["axis"], len(shape))
    d = shape[axis]
    if S.is_int(d) and d % 2:
        raise ShapeError(f"axis size must be divisible by 2. Received: x.shape={S.fmt(shape)} with axis={b['axis']}")
    return tuple((None if v is None else v // 2) if i == axis else v for i, v in enumerate(shape))


def _channels(b: Bound, arg: str = "images") -> tuple[tuple, bool]:
    shape = shape_of(b[arg])
    return shape, (b.get("data_format") or "channels_last") == "channels_first"


def _grayscale(b: Bound) -> tuple:
    shape, first = _channels(b)
    if len(shape) not in (3, 4):
        raise ShapeError(f"Invalid images rank: expected rank 3 or 4, got {S.fmt(shape)}")
    axis = -3 if first else -1
    return tuple(1 if i == len(shape) + axis else d for i, d in enumerate(shape))


def _depth_space(b: Bound, up: bool) -> tuple:
    shape, first = _channels(b, "x")
    if len(shape) != 4:
        raise ShapeError(f"depth_to_space/space_to_depth need a rank-4 input, got {S.fmt(shape)}")
    bs = S.int_arg(b["block_size"], "block_size")
    n, a, c, ch = (shape[0], shape[2], shape[3], shape[1]) if first else shape
    if up:
        a, c = (None if a is None else a * bs), (None if c is None else c * bs)
        ch = ch if ch is None else ch // (bs * bs)
    else:
        a, c = (None if a is None else a // bs), (None if c is None else c // bs)
        ch = ch if ch is None else ch * bs * bs
    return (n, ch, a, c) if first else (n, a, c, ch)


def _patches(b: Bound) -> tuple:
    shape, first = _channels(b)
    if len(shape) != 4:
        raise Unknowable("extract_patches of an unbatched image is not modelled")
    size = b["size"]
    ph, pw = (size, size) if S.is_int(size) else (S.int_arg(size[0], "size"), S.int_arg(size[1], "size"))
    strides = b["strides"] if b["strides"] is not None else (ph, pw)
    sh, sw = (strides, strides) if S.is_int(strides) else (S.int_arg(strides[0], "strides"),
                                                           S.int_arg(strides[1], "strides"))
    if b["dilation_rate"] not in (1, (1, 1), [1, 1]):
        raise Unknowable("extract_patches with a dilation rate is not modelled")
    padding = str(b["padding"]).lower()
    n, h, w, c = (shape[0], shape[2], shape[3], shape[1]) if first else shape
    oh, ow = conv_output_length(h, ph, padding, sh), conv_output_length(w, pw, padding, sw)
    depth = None if c is None else ph * pw * c
    return (n, depth, oh, ow) if first else (n, oh, ow, depth)


def _slice_op(b: Bound) -> tuple:
    shape = b["shape"]
    if not isinstance(shape, (list, tuple)):
        raise Unknowable("the slice shape is not known")
    return tuple(S.int_arg(d, "shape") for d in shape)


def _tensor_list(value: Any) -> list[tuple]:
    if isinstance(value, Tensor):
        raise Unknowable("a single tensor where Keras iterates a list of tensors")
    if not isinstance(value, (list, tuple)):
        raise Unknowable("the list of tensors is not known")
    return [shape_of(v) for v in value]


def _hstack(b: Bound) -> tuple:
    shapes = _tensor_list(b["xs"])
    return S.concatenate(shapes, 0 if shapes and len(shapes[0]) == 1 else 1)


def _vstack(b: Bound) -> tuple:
    shapes = [s if len(s) >= 2 else (1,) * (2 - len(s)) + s for s in _tensor_list(b["xs"])]
    return S.concatenate(shapes, 0)


def _take(b: Bound) -> tuple:
    idx = b["indices"]
    if isinstance(idx, Tensor):
        ishape = S.known_shape(idx.shape, "indices")
    elif isinstance(idx, bool) or isinstance(idx, int):
        ishape = ()
    elif isinstance(idx, (list, tuple)) and all(isinstance(i, int) for i in idx):
        ishape = (len(idx),)
    elif isinstance(getattr(idx, "shape", None), tuple):
        ishape = idx.shape
    else:
        raise Unknowable("the shape of the indices is not known")
    return S.take(shape_of(b["x"]), ishape, b["axis"])


def _resize(b: Bound) -> tuple:
    shape = shape_of(b["images"])
    if len(shape) not in (3, 4):
        raise ShapeError(f"Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). "
                         f"Received input with shape: images.shape={S.fmt(shape)}")
    size = b["size"]
    if not (isinstance(size, (list, tuple)) and len(size) == 2):
        raise Unknowable("the target size is not a known (height, width)")
    h, w = (S.int_arg(v, "size") for v in size)
    fmt = b["data_format"] or "channels_last"
    out = list(shape)
    axes = (-3, -2) if fmt == "channels_last" else (-2, -1)
    out[axes[0]], out[axes[1]] = h, w
    return tuple(out)


def _pool(b: Bound) -> tuple:
    shape = shape_of(b["inputs"])
    rank = len(shape) - 2
    if rank < 1:
        raise ShapeError(f"pooling needs a batched input with spatial axes, got {S.fmt(shape)}")
    size = b["pool_size"]
    pool = (size,) * rank if isinstance(size, int) else tuple(S.int_arg(v, "pool_size") for v in size)
    strides = b["strides"] if b["strides"] is not None else pool
    strides = (strides,) * rank if isinstance(strides, int) else tuple(S.int_arg(v, "strides") for v in strides)
    padding = str(b["padding"]).lower()
    first = (b["data_format"] or "channels_last") == "channels_first"
    spatial = shape[2:] if first else shape[1:-1]
    new = tuple(conv_output_length(d, k, padding, s) for d, k, s in zip(spatial, pool, strides))
    return (shape[0], shape[1], *new) if first else (shape[0], *new, shape[-1])


def _complex_pair(b: Bound, min_rank: int, known_axes: tuple[int, ...]) -> tuple:
    """The (real, imaginary) tuple the FFT operations take: two tensors of one shape, of rank
    ``min_rank`` or more, whose transformed axes Keras needs to know."""
    x = b["x"]
    if isinstance(x, Tensor) or not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ShapeError("Input `x` should be a tuple of two tensors - real and imaginary")
    real, imag = (shape_of(v) for v in x)
    if len(real) != len(imag) or any(S.is_int(a) != S.is_int(c) or (S.is_int(a) and a != c)
                                     for a, c in zip(real, imag)):
        raise ShapeError(f"Both the real and imaginary parts should have the same shape. "
                         f"Received: x[0].shape = {S.fmt(real)}, x[1].shape = {S.fmt(imag)}")
    if len(real) < min_rank:
        raise ShapeError(f"Input should have rank >= {min_rank}. Received: input.shape = {S.fmt(real)}")
    if any(not S.is_int(real[axis]) for axis in known_axes):
        raise ShapeError(f"Input should have its transformed dimensions fully-defined. "
                         f"Received: input.shape = {S.fmt(real)}")
    return real


def _fft(b: Bound, min_rank: int, known_axes: tuple[int, ...]) -> list:
    shape = _complex_pair(b, min_rank, known_axes)
    return [shape, shape]


def _rfft(b: Bound) -> list:
    shape = shape_of(b["x"])
    if len(shape) < 1:
        raise ShapeError(f"Input should have rank >= 1. Received: input.shape = {S.fmt(shape)}")
    n = shape[-1] if b["fft_length"] is None else S.int_arg(b["fft_length"], "fft_length")
    out = shape[:-1] + (n // 2 + 1 if n is not None else None,)
    return [out, out]


def _irfft(b: Bound) -> tuple:
    shape = _complex_pair(b, 1, ())
    n = shape[-1]
    last = S.int_arg(b["fft_length"], "fft_length") if b["fft_length"] is not None else 2 * (n - 1)
    return shape[:-1] + (last,)


_RULES.update({
    "reshape": lambda b: S.reshape(shape_of(b["x"]), b["newshape"]),
    "expand_dims": lambda b: S.expand_dims(shape_of(b["x"]), b["axis"]),
    "squeeze": lambda b: S.squeeze(shape_of(b["x"]), b["axis"]),
    "transpose": lambda b: S.transpose(shape_of(b["x"]), b["axes"]),
    "swapaxes": lambda b: S.swapaxes(shape_of(b["x"]), b["axis1"], b["axis2"]),
    "moveaxis": lambda b: S.moveaxis(shape_of(b["x"]), b["source"], b["destination"]),
    "concatenate": lambda b: S.concatenate(_tensor_list(b["xs"]), b["axis"]),
    "stack": lambda b: S.stack(_tensor_list(b["x"]), b["axis"]),
    "hstack": _hstack,
    "vstack": _vstack,
    "split": lambda b: S.split(shape_of(b["x"]), b["indices_or_sections"], b["axis"]),
    "unstack": lambda b: S.unstack(shape_of(b["x"]), b["num"], b["axis"]),
    "tile": lambda b: S.tile(shape_of(b["x"]), b["repeats"]),
    "repeat": lambda b: S.repeat(shape_of(b["x"]), b["repeats"], b["axis"]),
    "broadcast_to": lambda b: S.broadcast_to(shape_of(b["x"]), b["shape"]),
    "pad": lambda b: S.pad(shape_of(b["x"]), b["pad_width"]),
    "take": _take,
    "take_along_axis": lambda b: S.take_along_axis(shape_of(b["x"]), shape_of(b["indices"]), b["axis"]),
    "matmul": lambda b: S.matmul(shape_of(b["x1"]), shape_of(b["x2"])),
    "dot": lambda b: S.dot(shape_of(b["x1"]), shape_of(b["x2"])),
    "tensordot": lambda b: S.tensordot(shape_of(b["x1"]), shape_of(b["x2"]), b["axes"]),
    "outer": lambda b: S.outer(shape_of(b["x1"]), shape_of(b["x2"])),
    "kron": lambda b: S.kron(shape_of(b["x1"]), shape_of(b["x2"])),
    "einsum": lambda b: einsum_shape(b["subscripts"], [shape_of(v) for v in b["operands"]]),
    "one_hot": lambda b: S.one_hot(shape_of(b["x"]), b["num_classes"], b["axis"]),
    "top_k": lambda b: S.top_k(shape_of(b["x"]), b["k"]),
    "moments": _moments,
    "glu": _glu,
    "image.rgb_to_grayscale": _grayscale,
    "depth_to_space": lambda b: _depth_space(b, True),
    "space_to_depth": lambda b: _depth_space(b, False),
    "image.extract_patches": _patches,
    "slice": _slice_op,
    "categorical_crossentropy": lambda b: S.reduce(S.broadcast(shape_of(b["target"]), shape_of(b["output"])),
                                                   b["axis"], False),
    "binary_crossentropy": lambda b: S.broadcast(shape_of(b["target"]), shape_of(b["output"])),
    "diff": _diff,
    "where": _where,
    "get_item": lambda b: getitem_shape(shape_of(b["x"]), b["key"]),
    "slice_update": lambda b: shape_of(b["inputs"]),
    "scatter_update": lambda b: shape_of(b["inputs"]),
    "dot_product_attention": lambda b: shape_of(b["query"]),
    "image.resize": _resize,
    "average_pool": _pool,
    "max_pool": _pool,
    "fft": lambda b: _fft(b, 1, (-1,)),
    "fft2": lambda b: _fft(b, 2, (-2, -1)),
    "ifft2": lambda b: _fft(b, 2, (-2, -1)),
    "rfft": _rfft,
    "irfft": _irfft,
})



def _creation_shape(value: Any) -> tuple:
    if S.is_int(value):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(S.int_arg(v, "shape") for v in value)
    raise Unknowable("the shape is not known")


def _arange(b: Bound) -> tuple:
    start, stop, step = b["start"], b["stop"], b["step"]
    if stop is None:
        start, stop = 0, start
    values = [start, stop, 1 if step is None else step]
    if isinstance(stop, Sym) and values[0] == 0 and values[2] == 1:
        return (stop,)  # ops.arange(ops.shape(x)[1]) in a traced call(): as long as that axis
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values) or values[2] == 0:
        raise Unknowable("the range is not known")
    import math
    return (max(math.ceil((values[1] - values[0]) / values[2]), 0),)


_RULES.update({
    "ones": lambda b: _creation_shape(b["shape"]),
    "zeros": lambda b: _creation_shape(b["shape"]),
    "empty": lambda b: _creation_shape(b["shape"]),
    "full": lambda b: _creation_shape(b["shape"]),
    "eye": lambda b: (S.int_arg(b["N"], "N"), S.int_arg(b["N"] if b["M"] is None else b["M"], "M")),
    "arange": _arange,
})


@handles("keras.ops.dtype", "keras.ops.core.dtype")
def ops_dtype(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    x = args[0] if args else kwargs.get("x")
    if isinstance(x, Tensor):
        return x.dtype or "float32"
    return Unknown("the dtype of a value that is not a known tensor", getattr(node, "lineno", None))


@handles("keras.ops.is_tensor", "keras.ops.core.is_tensor")
def ops_is_tensor(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """A symbolic Keras tensor is not a backend tensor: ``ops.is_tensor(x)`` is False for it."""
    x = args[0] if args else kwargs.get("x")
    if isinstance(x, Tensor) and x.node is not None:
        return False
    return Unknown("is_tensor() of a value the analysis does not know", getattr(node, "lineno", None))


@handles_prefix("keras.ops.")
def keras_op(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    parts = name.split(".")
    key = f"image.{parts[-1]}" if "image" in parts[2:-1] else parts[-1]
    sig = signature(key)
    line = getattr(node, "lineno", None)
    if sig is None:
        return unknown_operation(interp, args, kwargs, node, f"`{name}` is not modelled") \
            if has_symbolic([args, kwargs]) else Unknown(f"`{name}(...)` is not modelled", line)
    try:
        bound = sig.bind(list(args), dict(kwargs))
    except ArgumentError as exc:
        return unknown_operation(interp, args, kwargs, node, f"{name}() would fail: {exc}") \
            if has_symbolic([args, kwargs]) else Unknown(f"{name}() would fail: {exc}", line)
    rule = _RULES.get(key)

    def compute() -> Any:
        if rule is None:
            raise Unknowable(f"the output shape of `{name}` is not modelled")
        return rule(bound)

    if not has_symbolic([args, kwargs]):
        if flatten_tensors([args, kwargs]):
            return _traced(compute, name)
        return _eager(compute, name, line)
    inputs = [v for k, v in bound.items()]
    return apply_operation(interp, class_name_of(key), inputs, node, compute, name)


def _traced(compute: Callable[[], Any], name: str) -> Any:
    """A keras.ops call on the placeholder tensors of a traced ``call()`` (a subclassed model
    or layer): Keras computes the shape and records no operation row."""
    try:
        shape: Any = compute()
    except (Unknowable, ShapeError, ArithmeticError, ValueError, TypeError, IndexError, KeyError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "message", None) or str(exc)
        shape = UnknownShape(f"`{name}`: {reason}")
    if isinstance(shape, list):
        return [Tensor(s, None, i) for i, s in enumerate(shape)]
    return Tensor(shape, None, 0)


def _eager(compute: Callable[[], Any], name: str, line: int | None) -> Any:
    """A keras.ops call on concrete values runs at once: a constant, outside the graph."""
    try:
        shape = compute()
    except (Unknowable, ShapeError, ArithmeticError, ValueError, TypeError, IndexError, KeyError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "message", None) or str(exc)
        return Unknown(f"`{name}` on concrete values: {reason}", line)
    if isinstance(shape, tuple):
        return Array(shape, None, name)
    return Unknown(f"`{name}` on concrete values returns several arrays", line)


# keras.activations.* called on a tensor: each is one operation (relu is activations' own ReLU).
_ACTIVATIONS = {
    "relu": "ReLU", "softmax": "Softmax", "gelu": "Gelu", "sigmoid": "Sigmoid", "swish": "Silu", "silu": "Silu",
    "tanh": "Tanh", "elu": "Elu", "leaky_relu": "LeakyRelu", "relu6": "Relu6", "hard_sigmoid": "HardSigmoid",
    "softplus": "Softplus", "selu": "Selu", "log_softmax": "LogSoftmax", "exponential": "Exp",
    "softsign": "Softsign", "hard_silu": "HardSilu", "hard_swish": "HardSilu",
}


@handles(*(f"keras.activations.{n}" for n in (*_ACTIVATIONS, "linear")))
def activation_function(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    fn = name.rsplit(".", 1)[1]
    x = args[0] if args else kwargs.get("x")
    if not isinstance(x, Tensor) or x.node is None:
        return Unknown(f"`{name}(...)` of a value that is not a symbolic tensor", getattr(node, "lineno", None))
    if fn == "linear":
        return x  # the identity: no operation
    return apply_operation(interp, _ACTIVATIONS[fn], [x], node, lambda: shape_of(x), name)
