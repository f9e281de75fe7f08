"""LocallyConnected1D/2D: tf.keras 2 (and Keras 1/2) layers that Keras 3 no longer has.

A convolution whose weights are not shared: one kernel per output position. Their
parameter counts follow tf-keras's ``build`` (verified against tf_keras 2.x):

- ``implementation=1``: kernel (output positions, kernel area * in_channels, filters);
- ``implementation=2``: a dense kernel (input positions * in_channels, output positions *
  filters) masked to the receptive fields — every entry is a weight, so it counts far more;
- ``implementation=3``: only the connected (output, input) pairs, a sparse kernel: the same
  count as 1 for ``padding='valid'``, fewer for ``'same'`` (border windows are clipped).

Bias: one per output position and filter. Modes 2 and 3 also accept ``padding='same'``.
"""

from __future__ import annotations

import math

from ..analysis.dims import is_known
from ._args import cfg_tuple, checked
from .conv_legacy import legacy_conv_call
from .spec import (ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, Weight, conv_output_length,
                   fmt_shape, require_rank)


def _params(rank: int) -> Params:
    return Params("filters", "kernel_size", strides=1 if rank == 1 else (1, 1), padding="valid", data_format=None,
                  activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                  kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                  bias_constraint=None, implementation=1)


def _connected(length: int, kernel: int, stride: int, padding: str, out: int) -> int:
    """How many input positions each output position of one axis sees, summed over the outputs
    (tf-keras's ``conv_connected_inputs``: windows are clipped at the borders)."""
    left = kernel // 2
    right = kernel - left
    total = 0
    for p in range(out):
        center = p * stride + (left if padding == "valid" else 0)
        total += max(0, min(length, center + right) - max(0, center - left))
    return total


class LocallyConnectedBase(LayerSpec):
    family = "locally_connected"
    rank = 1

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        return legacy_conv_call(self.name, self.rank, args, kwargs)

    def _padding(self, cfg: Config) -> str:
        padding = cfg.lower("padding")
        implementation = cfg.int("implementation")
        if implementation not in (1, 2, 3):
            raise ArgumentError(f"Unrecognized implementation mode: {implementation}.")
        if padding not in ("valid", "same", "causal"):
            raise ArgumentError(f"The `padding` argument must be one of 'valid', 'same', 'causal'. Received: "
                                f"{padding}")
        if padding != "valid" and implementation == 1:
            raise ArgumentError(f"Invalid border mode for {self.name} (only \"valid\" is supported if implementation "
                                f"is 1): {padding}")
        if padding == "causal":
            raise ArgumentError(f"{self.name}: padding 'causal' is not supported (only 'valid' and 'same')")
        return padding

    def validate(self, cfg: Config) -> None:
        checked(self._padding, cfg)
        checked(cfg_tuple, cfg, "kernel_size", self.rank)
        checked(cfg_tuple, cfg, "strides", self.rank)
        checked(cfg.channels_first)

    def _geometry(self, cfg: Config, call: Call) -> tuple[tuple, tuple, tuple, tuple, str]:
        shape = call.input
        require_rank(self.name, shape, self.rank + 2)
        kernel = cfg_tuple(cfg, "kernel_size", self.rank)
        strides = cfg_tuple(cfg, "strides", self.rank)
        padding = self._padding(cfg)
        spatial = shape[2:] if cfg.channels_first() else shape[1:-1]
        out = tuple(conv_output_length(d, k, padding, s) for d, k, s in zip(spatial, kernel, strides))
        return shape, spatial, kernel, strides, out

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape, _, _, _, out = self._geometry(cfg, call)
        filters = cfg.int("filters")
        return (shape[0], filters, *out) if cfg.channels_first() else (shape[0], *out, filters)

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape, spatial, kernel, strides, out = self._geometry(cfg, call)
        channels = shape[1] if cfg.channels_first() else shape[-1]
        for d in (*spatial, channels):
            if not is_known(d):
                if d is None or not hasattr(d, "reason"):
                    raise ShapeError(f"The spatial dimensions and channels of the inputs to a {self.name} layer "
                                     f"should be fully-defined, but the layer received {fmt_shape(shape)}")
                raise Unknowable(d.reason)
        if any(o <= 0 for o in out):
            raise ShapeError(f"One of the dimensions in the output of {self.name} is <= 0 due to downsampling; "
                             f"input shape {fmt_shape(shape)}")
        filters = cfg.int("filters")
        implementation = cfg.int("implementation")
        if implementation == 1:
            kernel_shape: tuple = (math.prod(out), math.prod(kernel) * channels, filters)
        elif implementation == 2:
            kernel_shape = (*spatial, channels, *out, filters)
        else:
            padding = self._padding(cfg)
            pairs = math.prod(_connected(d, k, s, padding, o) for d, k, s, o in zip(spatial, kernel, strides, out))
            kernel_shape = (pairs * channels * filters,)
        weights = [Weight("kernel", kernel_shape)]
        if cfg.flag("use_bias"):
            weights.append(Weight("bias", (*out, filters)))
        return weights


class LocallyConnected1D(LocallyConnectedBase):
    name, rank = "LocallyConnected1D", 1
    params = _params(1)


class LocallyConnected2D(LocallyConnectedBase):
    name, rank = "LocallyConnected2D", 2
    params = _params(2)
