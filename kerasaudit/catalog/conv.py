"""Convolutions: Conv1D/2D/3D, their transposes, SeparableConv1D/2D, DepthwiseConv1D/2D.

Output sizes use Keras 3's formulas (``compute_conv_output_shape`` and
``compute_conv_transpose_output_shape``), so a symbolic input size stays an exact
expression. Kernel shapes are those ``build`` creates. Keras 1/2 spellings of these
layers (``Convolution2D(32, 3, 3, border_mode='same')``...) are in ``conv_legacy``.
"""

from __future__ import annotations

from typing import Any

from ..analysis.dims import is_known
from ._args import cfg_tuple, checked, int_tuple
from .spec import (ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, Weight, check_positive_dims,
                   conv_output_length, deconv_output_length, known_axis, require_rank)

_COMMON_TAIL = dict(kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                    bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None)


def _ones(rank: int) -> Any:
    return 1 if rank == 1 else (1,) * rank


def conv_params(rank: int) -> Params:
    return Params("filters", "kernel_size", strides=_ones(rank), padding="valid", data_format=None,
                  dilation_rate=_ones(rank), groups=1, activation=None, use_bias=True, **_COMMON_TAIL)


def transpose_params(rank: int) -> Params:
    # Conv3DTranspose puts data_format before output_padding; the 1D/2D ones after.
    head: dict[str, Any] = dict(strides=_ones(rank), padding="valid")
    if rank == 3:
        head.update(data_format=None, output_padding=None)
    else:
        head.update(output_padding=None, data_format=None)
    return Params("filters", "kernel_size", **head, dilation_rate=_ones(rank), activation=None, use_bias=True,
                  **_COMMON_TAIL)


def separable_params(rank: int) -> Params:
    return Params("filters", "kernel_size", strides=_ones(rank), padding="valid", data_format=None,
                  dilation_rate=_ones(rank), depth_multiplier=1, activation=None, use_bias=True,
                  depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                  bias_initializer="zeros", depthwise_regularizer=None, pointwise_regularizer=None,
                  bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None,
                  pointwise_constraint=None, bias_constraint=None)


def depthwise_params(rank: int) -> Params:
    return Params("kernel_size", strides=_ones(rank), padding="valid", depth_multiplier=1, data_format=None,
                  dilation_rate=_ones(rank), activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                  bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                  activity_regularizer=None, depthwise_constraint=None, bias_constraint=None)


def _positive(cfg: Config, name: str) -> None:
    value = cfg.get(name)
    if is_known(value) and value <= 0:
        raise ArgumentError(f"Invalid value for argument `{name}`. Expected a strictly positive value. "
                            f"Received {name}={value}.")


class ConvFamily(LayerSpec):
    """What every convolution shares: geometry arguments, channel axis, output sizes."""

    family = "conv"
    rank = 2
    allows_causal = False
    checks_strided_dilation = True  # BaseConv and BaseConvTranspose refuse strides > 1 with dilation > 1

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        from .conv_legacy import keras2_legacy_call
        return keras2_legacy_call(self, args, kwargs)

    def geometry(self, cfg: Config) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]:
        kernel = cfg_tuple(cfg, "kernel_size", self.rank)
        strides = cfg_tuple(cfg, "strides", self.rank)
        dilation = cfg_tuple(cfg, "dilation_rate", self.rank)
        padding = cfg.known("padding")
        if not isinstance(padding, str):
            raise ArgumentError(f"The `padding` argument must be one of 'valid', 'same'. Received: {padding!r}")
        padding = padding.lower()
        allowed = ("valid", "same", "causal") if self.allows_causal else ("valid", "same")
        if padding not in allowed:
            raise ArgumentError(f"The `padding` argument must be a list/tuple or one of {set(allowed)}. "
                                f"Received: {padding}")
        if self.checks_strided_dilation and max(strides) > 1 and max(dilation) > 1:
            raise ArgumentError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                                f"strides={strides} and dilation_rate={dilation}")
        return kernel, strides, dilation, padding

    def validate(self, cfg: Config) -> None:
        if "filters" in self.params.order:
            _positive(cfg, "filters")
        if "depth_multiplier" in self.params.order:
            _positive(cfg, "depth_multiplier")
        checked(self.geometry, cfg)
        checked(cfg.channels_first)

    def channel_axis(self, cfg: Config) -> int:
        return 1 if cfg.channels_first() else -1

    def input_channels(self, cfg: Config, shape: tuple) -> int:
        return known_axis(self.name, shape, self.channel_axis(cfg))

    def spatial(self, cfg: Config, call: Call) -> tuple[tuple, tuple]:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        return shape, (shape[2:] if cfg.channels_first() else shape[1:-1])

    def assemble(self, cfg: Config, shape: tuple, spatial: tuple, channels: Any) -> tuple:
        if cfg.channels_first():
            return (shape[0], channels, *spatial)
        return (shape[0], *spatial, channels)

    def conv_spatial(self, cfg: Config, call: Call) -> tuple[tuple, tuple]:
        shape, spatial = self.spatial(cfg, call)
        kernel, strides, dilation, padding = self.geometry(cfg)
        out = tuple(conv_output_length(d, k, padding, s, r) for d, k, s, r in zip(spatial, kernel, strides, dilation))
        return shape, out


class ConvBase(ConvFamily):
    """Keras's ``BaseConv``: an N-D convolution with ``filters`` output channels."""

    extra_kwargs = ("lora_rank", "lora_alpha")

    def validate(self, cfg: Config) -> None:
        super().validate(cfg)
        groups = cfg.get("groups")
        filters = cfg.get("filters")
        if is_known(groups):
            if groups <= 0:
                raise ArgumentError(f"The number of groups must be a positive integer. Received: groups={groups}.")
            if is_known(filters) and filters % groups:
                raise ArgumentError(f"The number of filters must be evenly divisible by the number of groups. "
                                    f"Received: groups={groups}, filters={filters}.")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape, out = self.conv_spatial(cfg, call)
        return check_positive_dims(self.name, self.assemble(cfg, shape, out, cfg.int("filters")))

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape, _ = self.spatial(cfg, call)
        channels = self.input_channels(cfg, shape)
        groups = cfg.int("groups")
        filters = cfg.int("filters")
        if channels % groups:
            raise ShapeError(f"The number of input channels must be evenly divisible by the number of groups. "
                             f"Received groups={groups}, but the input has {channels} channels (full input shape "
                             f"is {shape}).")
        kernel = cfg_tuple(cfg, "kernel_size", self.rank)
        out = [Weight("kernel", (*kernel, channels // groups, filters))]
        if cfg.flag("use_bias"):
            out.append(Weight("bias", (filters,)))
        return out


class Conv1D(ConvBase):
    name, rank, allows_causal = "Conv1D", 1, True
    params = conv_params(1)


class Conv2D(ConvBase):
    name, rank = "Conv2D", 2
    params = conv_params(2)


class Conv3D(ConvBase):
    name, rank = "Conv3D", 3
    params = conv_params(3)


class ConvTransposeBase(ConvFamily):
    """Keras's ``BaseConvTranspose``: kernel (*kernel_size, filters, in_channels)."""

    def output_padding(self, cfg: Config, strides: tuple[int, ...]) -> tuple[int, ...] | None:
        value = cfg.get("output_padding")
        if value is None:
            return None
        pads = int_tuple(cfg.layer, value, self.rank, "output_padding", allow_zero=True)
        for i, (p, s) in enumerate(zip(pads, strides)):
            if p >= s:
                raise ArgumentError(f"`output_padding` must be strictly less than `strides` for all dimensions. At "
                                    f"dimension {i}, `output_padding` is {p} but `strides` is {s}. Received: "
                                    f"output_padding={pads}, strides={strides}")
        return pads

    def validate(self, cfg: Config) -> None:
        super().validate(cfg)
        try:
            strides = cfg_tuple(cfg, "strides", self.rank)
        except Unknowable:
            return
        checked(self.output_padding, cfg, strides)

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape, spatial = self.spatial(cfg, call)
        kernel, strides, dilation, padding = self.geometry(cfg)
        pads = self.output_padding(cfg, strides) or (None,) * self.rank
        out = tuple(deconv_output_length(d, k, padding, s, r, p)
                    for d, k, s, r, p in zip(spatial, kernel, strides, dilation, pads))
        return self.assemble(cfg, shape, out, cfg.int("filters"))

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape, _ = self.spatial(cfg, call)
        channels = self.input_channels(cfg, shape)
        filters = cfg.int("filters")
        out = [Weight("kernel", (*cfg_tuple(cfg, "kernel_size", self.rank), filters, channels))]
        if cfg.flag("use_bias"):
            out.append(Weight("bias", (filters,)))
        return out


class Conv1DTranspose(ConvTransposeBase):
    name, rank, aliases = "Conv1DTranspose", 1, ("Convolution1DTranspose",)
    params = transpose_params(1)


class Conv2DTranspose(ConvTransposeBase):
    name, rank, aliases = "Conv2DTranspose", 2, ("Convolution2DTranspose",)
    params = transpose_params(2)


class Conv3DTranspose(ConvTransposeBase):
    name, rank, aliases = "Conv3DTranspose", 3, ("Convolution3DTranspose",)
    params = transpose_params(3)


class SeparableConvBase(ConvFamily):
    """Depthwise (*kernel, in, depth_multiplier) then pointwise (1..., in * multiplier, filters)."""

    checks_strided_dilation = False

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape, out = self.conv_spatial(cfg, call)
        return check_positive_dims(self.name, self.assemble(cfg, shape, out, cfg.int("filters")))

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape, _ = self.spatial(cfg, call)
        channels = self.input_channels(cfg, shape)
        self.output_shape(cfg, call)  # build() checks the output size first
        multiplier = cfg.int("depth_multiplier")
        filters = cfg.int("filters")
        kernel = cfg_tuple(cfg, "kernel_size", self.rank)
        out = [Weight("depthwise_kernel", (*kernel, channels, multiplier)),
               Weight("pointwise_kernel", ((1,) * self.rank + (multiplier * channels, filters)))]
        if cfg.flag("use_bias"):
            out.append(Weight("bias", (filters,)))
        return out


class SeparableConv1D(SeparableConvBase):
    name, rank, aliases = "SeparableConv1D", 1, ("SeparableConvolution1D",)
    params = separable_params(1)


class SeparableConv2D(SeparableConvBase):
    name, rank = "SeparableConv2D", 2  # SeparableConvolution2D: see conv_legacy
    params = separable_params(2)


class DepthwiseConvBase(ConvFamily):
    """Kernel (*kernel, in, depth_multiplier); in * depth_multiplier output channels."""

    checks_strided_dilation = False

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape, out = self.conv_spatial(cfg, call)
        channels = shape[self.channel_axis(cfg)]
        multiplier = cfg.int("depth_multiplier")
        out_channels = None if channels is None else channels * multiplier
        return check_positive_dims(self.name, self.assemble(cfg, shape, out, out_channels))

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape, _ = self.spatial(cfg, call)
        channels = self.input_channels(cfg, shape)
        self.output_shape(cfg, call)
        multiplier = cfg.int("depth_multiplier")
        out = [Weight("kernel", (*cfg_tuple(cfg, "kernel_size", self.rank), channels, multiplier))]
        if cfg.flag("use_bias"):
            out.append(Weight("bias", (channels * multiplier,)))
        return out


class DepthwiseConv1D(DepthwiseConvBase):
    name, rank = "DepthwiseConv1D", 1
    params = depthwise_params(1)


class DepthwiseConv2D(DepthwiseConvBase):
    name, rank = "DepthwiseConv2D", 2
    params = depthwise_params(2)
