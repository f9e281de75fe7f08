"""Convolutions: Conv1D/2D/3D (more of the family lives beside it)."""

from __future__ import annotations

from .spec import (ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Weight, check_positive_dims,
                   conv_output_length, known_axis, require_rank)


def conv_params(rank: int) -> Params:
    one = (1,) * rank
    return Params("filters", "kernel_size", strides=one if rank > 1 else 1, padding="valid", data_format=None,
                  dilation_rate=one if rank > 1 else 1, groups=1, activation=None, use_bias=True,
                  kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                  bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                  bias_constraint=None)


class ConvBase(LayerSpec):
    """Keras's ``BaseConv``: an N-D convolution with ``filters`` output channels."""

    rank = 2
    family = "conv"

    def validate(self, cfg: Config) -> None:
        filters = cfg.get("filters")
        groups = cfg.get("groups")
        if isinstance(filters, int) and not isinstance(filters, bool):
            if filters <= 0:
                raise ArgumentError(f"Invalid value for argument `filters`. Expected a strictly positive value. "
                                    f"Received filters={filters}.")
            if isinstance(groups, int) and groups > 0 and filters % groups:
                raise ArgumentError(f"The number of filters must be evenly divisible by the number of groups. "
                                    f"Received: groups={groups}, filters={filters}.")
        padding = cfg.get("padding")
        if isinstance(padding, str) and padding.lower() not in ("valid", "same", "causal"):
            raise ArgumentError(f"Invalid padding {padding!r}")

    def geometry(self, cfg: Config) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]:
        kernel = cfg.ints("kernel_size", self.rank)
        strides = cfg.ints("strides", self.rank)
        dilation = cfg.ints("dilation_rate", self.rank)
        padding = cfg.lower("padding")
        if padding == "causal" and self.rank != 1:
            raise ShapeError(f"{self.name}: causal padding is only supported for 1D convolutions")
        return kernel, strides, dilation, padding

    def input_channels(self, cfg: Config, shape: tuple) -> int:
        return known_axis(self.name, shape, 1 if cfg.channels_first() else -1)

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        kernel, strides, dilation, padding = self.geometry(cfg)
        first = cfg.channels_first()
        spatial = shape[2:] if first else shape[1:-1]
        out = tuple(conv_output_length(d, k, padding, s, r) for d, k, s, r in zip(spatial, kernel, strides, dilation))
        filters = cfg.int("filters")
        result = (shape[0], filters, *out) if first else (shape[0], *out, filters)
        return check_positive_dims(self.name, result)

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        channels = self.input_channels(cfg, shape)
        groups = cfg.int("groups")
        filters = cfg.int("filters")
        if channels % groups:
            raise ShapeError(f"{self.name}: the number of input channels ({channels}) must be divisible by "
                             f"groups ({groups})")
        kernel = cfg.ints("kernel_size", self.rank)
        out = [Weight("kernel", (*kernel, channels // groups, filters))]
        if cfg.flag("use_bias"):
            out.append(Weight("bias", (filters,)))
        return out


class Conv1D(ConvBase):
    name = "Conv1D"
    aliases = ("Convolution1D",)
    rank = 1
    params = conv_params(1)


class Conv2D(ConvBase):
    name = "Conv2D"
    aliases = ("Convolution2D",)
    rank = 2
    params = conv_params(2)


class Conv3D(ConvBase):
    name = "Conv3D"
    aliases = ("Convolution3D",)
    rank = 3
    params = conv_params(3)
