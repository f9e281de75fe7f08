"""What a layer spec is.

A spec describes one Keras layer class: its constructor signature (positional order and
defaults as in Keras 3), its output shape given its input shapes, and the weights it
creates when built. Parameter counts, FLOPs and ``get_weights()`` all derive from
those weights; no spec has a second formula for them.

Specs are written as plain, readable Python. Reading an argument the source does not
determine raises :class:`Unknowable`; a shape Keras itself would reject raises
:class:`ShapeError`. The engine turns both into unknowns with their reason (and the
latter into a diagnostic), so a spec never has to guard against them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable

from ..analysis.dims import MAX_DIM, Dim, Sym, UnknownDim, is_known
from ..analysis.shapes import OutputShapes, Shape, UnknownShape
from ..analysis.values import Unknown


class Unknowable(Exception):
    """Something the computation needs is not known statically."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ShapeError(Exception):
    """Keras would raise here: the layer cannot be applied to these inputs.

    ``kind`` lets rules tell errors apart without parsing messages: ``"rank"`` (the input
    has the wrong number of dimensions), ``"non-positive"`` (a kernel, pool or crop larger
    than its input), or empty for anything else."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


class ArgumentError(Exception):
    """The layer's constructor would reject these arguments (a TypeError/ValueError in Keras)."""


# Keyword arguments every Keras 3 layer accepts (``Layer.__init__``).
BASE_LAYER_KWARGS = ("name", "trainable", "dtype", "autocast", "activity_regularizer",
                     "input_shape", "input_dim", "batch_input_shape", "batch_size", "weights")

_REQUIRED = object()


class Params:
    """A constructor (or call) signature: required names in order, then defaults in order.

    ``Params("units", activation=None, use_bias=True)`` binds ``Dense(64, "relu")`` to
    ``{"units": 64, "activation": "relu", "use_bias": True}``.
    """

    def __init__(self, *required: str, **defaults: Any) -> None:
        self.order: list[str] = list(required) + list(defaults)
        self.defaults: dict[str, Any] = dict(defaults)
        self.required = list(required)
        self.varargs = False

    def bind(self, args: list, kwargs: dict, extra_ok: Iterable[str] = ()) -> tuple[dict, dict]:
        """Map call arguments onto names. Returns (bound, unrecognised kwargs).

        Raises ArgumentError on too many positionals or a missing required argument.
        """
        bound: dict[str, Any] = {}
        if len(args) > len(self.order):
            raise ArgumentError(f"takes at most {len(self.order)} positional arguments, got {len(args)}")
        for name, value in zip(self.order, args):
            bound[name] = value
        unknown_kw: dict[str, Any] = {}
        extra = set(extra_ok)
        for name, value in kwargs.items():
            if name in bound:
                raise ArgumentError(f"got multiple values for argument '{name}'")
            if name in self.defaults or name in self.required:
                bound[name] = value
            elif name in extra:
                bound[name] = value
            else:
                unknown_kw[name] = value
        for name in self.required:
            if name not in bound:
                raise ArgumentError(f"missing required argument '{name}'")
        for name, value in self.defaults.items():
            bound.setdefault(name, value)
        return bound, unknown_kw


class Config:
    """A layer's bound constructor arguments, with typed readers that raise
    :class:`Unknowable` instead of returning something unknown."""

    def __init__(self, layer: str, values: dict[str, Any]) -> None:
        self.layer = layer
        self.values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def known(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, Unknown):
            raise Unknowable(f"{self.layer} argument `{name}` is unknown: {value.reason}")
        if isinstance(value, (list, tuple)) and any(isinstance(v, Unknown) for v in value):
            raise Unknowable(f"{self.layer} argument `{name}` is partly unknown")
        return value

    def int(self, name: str) -> int:
        value = self.known(name)
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise Unknowable(f"{self.layer} argument `{name}` is not a known integer ({value!r})")
        return value

    def ints(self, name: str, n: int) -> tuple[int, ...]:
        """An int or a tuple of n ints (Keras's ``standardize_tuple``)."""
        value = self.known(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return (value,) * n
        if isinstance(value, (list, tuple)) and len(value) == n and all(
                isinstance(v, int) and not isinstance(v, bool) for v in value):
            return tuple(value)
        if isinstance(value, (list, tuple)):
            raise ShapeError(f"{self.layer}: `{name}` must be an int or a tuple of {n} ints, got {value!r}")
        raise Unknowable(f"{self.layer} argument `{name}` is not known ({value!r})")

    def flag(self, name: str) -> bool:
        value = self.known(name)
        return bool(value)

    def str(self, name: str) -> str:
        value = self.known(name)
        if not isinstance(value, str):
            raise Unknowable(f"{self.layer} argument `{name}` is not a known string ({value!r})")
        return value

    def lower(self, name: str) -> str:
        return self.str(name).lower()

    def channels_first(self) -> bool:
        """``data_format``: None means the Keras default, channels_last."""
        value = self.known("data_format")
        if value is None:
            return False
        if value not in ("channels_last", "channels_first"):
            raise ShapeError(f"{self.layer}: data_format must be 'channels_last' or 'channels_first', got {value!r}")
        return value == "channels_first"


@dataclass(frozen=True, eq=False)
class Weight:
    """One weight tensor a layer creates (identity matters: shared layers share them)."""

    name: str
    shape: tuple
    trainable: bool = True
    # Created trainable, then frozen (LoRA freezes the kernel it adapts): Keras still lists it
    # among the trainable variables for get_weights() order, but does not count it trainable.
    frozen_later: bool = False

    def count(self) -> int | None:
        total = 1
        for d in self.shape:
            if not is_known(d) or d < 0 or d > MAX_DIM:  # no variable has such a dimension: never a count
                return None
            total *= d
        return total if total <= MAX_DIM else None

    def unknown_reason(self) -> str | None:
        for d in self.shape:
            if is_known(d) and d < 0:
                return f"weight `{self.name}` would have the negative dimension {d}: Keras fails creating it"
            if is_known(d) and d > MAX_DIM:
                return f"weight `{self.name}` would have a dimension larger than any tensor can have"
            if isinstance(d, UnknownDim):
                return d.reason
            if isinstance(d, Sym):
                return f"weight `{self.name}` depends on the input size {d}"
            if not is_known(d):
                return f"weight `{self.name}` has an unknown dimension"
        if self.count() is None:
            return f"weight `{self.name}` would have more elements than any tensor can have"
        return None


class Call:
    """The bound call arguments of one layer application: shapes for tensors,
    plain values for the rest (``training``, ``mask``...)."""

    def __init__(self, layer: str, values: dict[str, Any]) -> None:
        self.layer = layer
        self.values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    @property
    def input(self) -> tuple:
        """The single input shape; raises for a list of inputs or an unknown shape."""
        return single_shape(self.layer, self.values.get("inputs"))

    @property
    def input_list(self) -> list[tuple]:
        """The inputs of a layer that takes a list of tensors."""
        value = self.values.get("inputs")
        if isinstance(value, UnknownShape):
            raise Unknowable(value.reason)
        if not isinstance(value, list):
            raise ShapeError(f"{self.layer} expects a list of inputs, got a single tensor")
        out = []
        for s in value:
            if isinstance(s, UnknownShape):
                raise Unknowable(s.reason)
            if not isinstance(s, tuple):
                raise ShapeError(f"{self.layer} expects a list of tensors")
            out.append(s)
        return out


def single_shape(layer: str, shape: Any) -> tuple:
    if isinstance(shape, UnknownShape):
        raise Unknowable(shape.reason)
    if isinstance(shape, list):
        if len(shape) == 1:
            return single_shape(layer, shape[0])
        raise ShapeError(f"{layer} expects a single input tensor, got a list of {len(shape)}")
    if not isinstance(shape, tuple):
        raise Unknowable(f"{layer}: input is not a tensor")
    return shape


def require_rank(layer: str, shape: tuple, *ranks: int) -> None:
    """Keras's InputSpec ndim check."""
    if len(shape) not in ranks:
        wanted = " or ".join(str(r) for r in ranks)
        raise ShapeError(f"{layer} expects input of rank {wanted}, got rank {len(shape)} {fmt_shape(shape)}", "rank")


def require_min_rank(layer: str, shape: tuple, rank: int) -> None:
    if len(shape) < rank:
        raise ShapeError(f"{layer} expects input of rank >= {rank}, got rank {len(shape)} {fmt_shape(shape)}",
                         "rank")


def known_axis(layer: str, shape: tuple, axis: int, what: str = "the channel axis") -> int:
    """The size of an axis a layer's weights depend on; it must be known."""
    d = shape[axis]
    if is_known(d):
        return d
    if d is None or isinstance(d, Sym):
        raise ShapeError(f"{layer}: {what} of the input must be defined, got {fmt_shape(shape)}")
    raise Unknowable(d.reason if isinstance(d, UnknownDim) else f"{layer}: {what} is unknown")


def fmt_shape(shape: OutputShapes) -> str:
    from ..analysis.shapes import shape_text
    return shape_text(shape)


def normalize_axis(layer: str, axis: int, rank: int) -> int:
    if not -rank <= axis < rank:
        raise ShapeError(f"{layer}: axis {axis} is out of range for input of rank {rank}")
    return axis % rank


class LayerSpec:
    """Base class of every layer spec. Subclasses register themselves by ``name``."""

    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()  # other names of the same Keras class
    family: ClassVar[str] = ""
    params: ClassVar[Params] = Params()
    call_params: ClassVar[Params] = Params("inputs")
    # Keyword arguments Keras accepts besides ``params`` and the base layer kwargs.
    extra_kwargs: ClassVar[tuple[str, ...]] = ()
    # The ``Layer.__init__`` keywords the class passes on (a few Keras classes take no **kwargs).
    base_kwargs: ClassVar[tuple[str, ...]] = BASE_LAYER_KWARGS
    # A spec for an older spelling of a class (Keras 1 ``Convolution2D(nb_filter, nb_row, nb_col)``)
    # names the Keras 3 class it becomes here: summaries report that class, as Keras does.
    keras_class: ClassVar[str] = ""
    # Where Keras creates the variables ``weights()`` lists: "" in the layer itself, so a
    # ``trainable=False`` argument freezes them; "init" or "build" in sublayers the layer makes
    # then (ConvLSTM's cell; MultiHeadAttention's EinsumDense projections), which the argument
    # never reaches, and ``layer.trainable = False`` reaches only once they exist.
    weights_in_sublayers: ClassVar[str] = ""
    # A layer that is really a container of other layers (wrappers) lists them here.
    registry: ClassVar[dict[str, "LayerSpec"]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name:
            instance = cls()
            for n in (cls.name, *cls.aliases):
                LayerSpec.registry[n] = instance

    # -- the three things a spec says
    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        """Shape(s) of the output for these input shapes (batch axis first)."""
        return call.input

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        """Weights created when the layer is built on these inputs (first call)."""
        return []

    @property
    def class_name(self) -> str:
        """The class Keras reports for this layer (aliases such as ``MaxPool2D`` report their class)."""
        return self.keras_class or self.name

    def internal_layers(self, cfg: Config) -> list[str]:
        """Classes of the layers the constructor makes for itself, in order. Each takes an
        automatic name (RandAugment makes a RandomRotation...), so later names shift."""
        return []

    def snake_name(self) -> str:
        """The prefix Keras uses for auto-generated names (``conv2d``, ``batch_normalization``)."""
        from ..analysis.naming import to_snake_case
        return to_snake_case(self.class_name)

    # Hook for Keras 1/2 argument spellings; returns the Keras 3 arguments. Raise
    # ArgumentError where that Keras version would have rejected them.
    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        return args, kwargs

    def validate(self, cfg: Config) -> None:
        """Check constructor arguments as Keras's __init__ does (raise ArgumentError)."""

    def built_layers(self, cfg: Config) -> list[str]:
        """Like ``internal_layers``, for the layers ``build`` makes (MultiHeadAttention's
        Softmax and Dropout): their automatic names are taken at the first call."""
        return []

    def sublayers(self, cfg: Config) -> list:
        """The layer objects this layer holds (wrappers, RNN cells), in Keras's tracking order.

        Called once, when the layer is created. Their weights count as this layer's, after its
        own (Keras's ``Layer.weights``). A spec that makes fresh copies (Bidirectional) stores
        them in ``cfg.values`` under a ``_``-prefixed key so its ``weights`` can build them.
        """
        return []


def weight_count(weights: list[Weight]) -> int | None:
    total = 0
    for w in weights:
        c = w.count()
        if c is None:
            return None
        total += c
    return total


def conv_output_length(length: Dim, kernel: int, padding: str, stride: int, dilation: int = 1) -> Dim:
    """Keras's ``compute_conv_output_shape`` for one spatial axis (same formulas, so a
    symbolic size prints as Keras would compute it)."""
    if length is None:
        return None
    if padding == "valid":
        return (length - dilation * (kernel - 1) - 1) // stride + 1
    if padding in ("same", "causal"):
        return (length - 1) // stride + 1
    raise ShapeError(f"`padding` must be either 'valid' or 'same', got {padding!r}")


def deconv_output_length(length: Dim, kernel: int, padding: str, stride: int, dilation: int = 1,
                         output_padding: int | None = None) -> Dim:
    """Keras's ``compute_conv_transpose_output_shape`` for one axis."""
    if length is None:
        return None
    effective = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(effective - stride, 0)
        if padding == "same":
            return length * stride
        raise ShapeError(f"padding must be 'valid' or 'same', got {padding!r}")
    pad = 0 if padding == "valid" else effective // 2
    return (length - 1) * stride + effective - 2 * pad + output_padding


def prod(values: Iterable[int]) -> int:
    return math.prod(values)


def check_positive_dims(layer: str, shape: tuple) -> tuple:
    """A computed dimension of zero or less means Keras would fail."""
    for d in shape[1:]:
        if isinstance(d, int) and not isinstance(d, bool) and d <= 0:
            raise ShapeError(f"{layer} output would have a non-positive dimension: {fmt_shape(shape)}",
                             "non-positive")
    return shape
