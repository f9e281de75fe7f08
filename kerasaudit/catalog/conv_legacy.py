"""Keras 1 / Keras 2 spellings of the convolutions, mapped onto the Keras 3 specs.

Keras 1 wrote ``Convolution2D(nb_filter, nb_row, nb_col, init=..., border_mode='same',
subsample=(2, 2), dim_ordering='th', W_regularizer=..., bias=True)``; Keras 2.0-2.2 still
accepted those keywords on ``Conv2D`` through its legacy converters. Each call is
translated to the Keras 3 arguments and then computed by the Keras 3 spec, so shapes and
counts are those Keras computed (the weights of these layers never changed).

Which form a call is in: ``Convolution2D(32, 3, 3)`` (two ints after the filters) is the
Keras 1 form, a 3x3 kernel, as every Keras 1 script means it (Keras 3, whose
``Convolution2D`` is an alias of ``Conv2D``, would read the second 3 as the strides). A
call with a Keras 1 keyword is Keras 1 code whatever its class name. Anything else keeps
its Keras 3 meaning.
"""

from __future__ import annotations

from ._legacy import CONV_KEYWORDS, input_dim_length, is_int, positional, rename
from .conv import Conv1D, Conv2D, Conv2DTranspose, Conv3D, SeparableConv2D
from .spec import ArgumentError, LayerSpec

_TAIL = ("init", "activation", "weights", "border_mode", "subsample", "dim_ordering", "W_regularizer",
         "b_regularizer", "activity_regularizer", "W_constraint", "b_constraint", "bias")
_TAIL_1D = ("init", "activation", "weights", "border_mode", "subsample_length")
_REGULARIZERS = ("W_regularizer", "b_regularizer", "activity_regularizer", "W_constraint", "b_constraint", "bias")

# Keras 1.2 constructor signatures (positional order).
KERAS1_SIGNATURES: dict[str, tuple[str, ...]] = {
    "Convolution1D": ("nb_filter", "filter_length", *_TAIL_1D, *_REGULARIZERS, "input_dim", "input_length"),
    "AtrousConvolution1D": ("nb_filter", "filter_length", *_TAIL_1D, "atrous_rate", *_REGULARIZERS),
    "Convolution2D": ("nb_filter", "nb_row", "nb_col", *_TAIL),
    "AtrousConvolution2D": ("nb_filter", "nb_row", "nb_col", "init", "activation", "weights", "border_mode",
                            "subsample", "atrous_rate", "dim_ordering", *_REGULARIZERS),
    "Deconvolution2D": ("nb_filter", "nb_row", "nb_col", "output_shape", *_TAIL),
    "SeparableConvolution2D": ("nb_filter", "nb_row", "nb_col", "init", "activation", "weights", "border_mode",
                               "subsample", "depth_multiplier", "dim_ordering", "depthwise_regularizer",
                               "pointwise_regularizer", "b_regularizer", "activity_regularizer",
                               "depthwise_constraint", "pointwise_constraint", "b_constraint", "bias"),
    "Convolution3D": ("nb_filter", "kernel_dim1", "kernel_dim2", "kernel_dim3", *_TAIL),
    "LocallyConnected1D": ("nb_filter", "filter_length", *_TAIL_1D, *_REGULARIZERS, "input_dim", "input_length"),
    "LocallyConnected2D": ("nb_filter", "nb_row", "nb_col", *_TAIL),
}

# Keywords that exist only in Keras 1 (their presence makes a call Keras 1 code).
KERAS1_KEYWORDS = frozenset({"nb_filter", "nb_row", "nb_col", "filter_length", "kernel_dim1", "kernel_dim2",
                             "kernel_dim3", "init", "border_mode", "subsample", "subsample_length", "dim_ordering",
                             "W_regularizer", "b_regularizer", "W_constraint", "b_constraint", "bias",
                             "atrous_rate", "output_shape"})

_KERNEL_NAMES = {1: ("filter_length",), 2: ("nb_row", "nb_col"), 3: ("kernel_dim1", "kernel_dim2", "kernel_dim3")}


def _keras1_positional(args: list, rank: int) -> bool:
    """Do the positional arguments follow the Keras 1 signature?"""
    if rank == 1:
        # (nb_filter, filter_length, init, ...) vs Keras 3 (filters, kernel_size, strides, ...)
        return len(args) <= 2 or isinstance(args[2], str)
    need = 1 + rank
    return len(args) >= need and all(is_int(a) for a in args[1:need])


def legacy_conv_call(legacy_name: str, rank: int, args: list, kwargs: dict) -> tuple[list, dict]:
    """The Keras 3 arguments of a Keras 1 style convolution call."""
    kwargs = dict(kwargs)
    if _keras1_positional(args, rank):
        kwargs = positional(args, KERAS1_SIGNATURES[legacy_name], kwargs, legacy_name)
        args = []
    names = _KERNEL_NAMES[rank]
    if rank > 1 and any(n in kwargs for n in names):
        missing = [n for n in names if n not in kwargs]
        if missing:
            raise ArgumentError(f"{legacy_name} needs {', '.join(names)}; missing {', '.join(missing)}")
        if "kernel_size" in kwargs or len(args) >= 2:
            raise ArgumentError(f"{legacy_name} got both a kernel_size and {', '.join(names)}")
        kwargs["kernel_size"] = tuple(kwargs.pop(n) for n in names)
    # Keras 2 dropped Deconvolution2D's output_shape and computed the shape itself.
    kwargs.pop("output_shape", None)
    if rank == 1:
        kwargs = input_dim_length(kwargs)
    if "SeparableConvolution" in legacy_name and "init" in kwargs:
        init = kwargs.pop("init")
        kwargs.setdefault("depthwise_initializer", init)
        kwargs.setdefault("pointwise_initializer", init)
    if kwargs.get("border_mode") == "full":
        raise ArgumentError("border_mode='full' existed only on Keras 1's Theano backend; Keras 2 and later "
                            "reject it")
    return args, rename(kwargs, CONV_KEYWORDS)


# The Keras 1 class whose signature a modern name follows when called with Keras 1 keywords.
_COUNTERPART = {"Conv1D": ("Convolution1D", 1), "Conv2D": ("Convolution2D", 2), "Conv3D": ("Convolution3D", 3),
                "Conv2DTranspose": ("Deconvolution2D", 2), "SeparableConv2D": ("SeparableConvolution2D", 2)}


def keras2_legacy_call(spec: LayerSpec, args: list, kwargs: dict) -> tuple[list, dict]:
    """Keras 2.0-2.2 converted Keras 1 keywords on the new names too (``Conv2D(..., border_mode=)``)."""
    counterpart = _COUNTERPART.get(spec.class_name)
    if counterpart is None or not any(k in KERAS1_KEYWORDS for k in kwargs):
        return args, kwargs
    return legacy_conv_call(counterpart[0], counterpart[1], args, kwargs)


class LegacyConv(LayerSpec):
    """Mixin for a Keras 1 class name: always translated by its Keras 1 signature."""

    legacy_rank = 2
    aliases = ()  # never inherit the Keras 3 class's aliases

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        return legacy_conv_call(self.name, self.legacy_rank, args, kwargs)


class Convolution1D(LegacyConv, Conv1D):
    name, keras_class, legacy_rank = "Convolution1D", "Conv1D", 1


class AtrousConvolution1D(LegacyConv, Conv1D):
    name, keras_class, legacy_rank = "AtrousConvolution1D", "Conv1D", 1


class Convolution2D(LegacyConv, Conv2D):
    name, keras_class, legacy_rank = "Convolution2D", "Conv2D", 2


class AtrousConvolution2D(LegacyConv, Conv2D):
    name, keras_class, legacy_rank = "AtrousConvolution2D", "Conv2D", 2


class Deconvolution2D(LegacyConv, Conv2DTranspose):
    name, keras_class, legacy_rank = "Deconvolution2D", "Conv2DTranspose", 2

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        # Keras 2's Deconvolution2D(filters, kernel_size, output_shape-tuple, ...): the tuple was dropped.
        if len(args) >= 3 and not is_int(args[1]) and isinstance(args[2], tuple) and len(args[2]) == 4:
            args = [*args[:2], *args[3:]]
        return super().translate_legacy(args, kwargs)


class SeparableConvolution2D(LegacyConv, SeparableConv2D):
    name, keras_class, legacy_rank = "SeparableConvolution2D", "SeparableConv2D", 2


class Convolution3D(LegacyConv, Conv3D):
    name, keras_class, legacy_rank = "Convolution3D", "Conv3D", 3

