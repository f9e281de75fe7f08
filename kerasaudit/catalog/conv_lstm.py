"""Convolutional LSTMs: ConvLSTM1D/2D/3D (``InputSpec(ndim=rank + 3)``: batch, time, space, channels)."""

from __future__ import annotations

from ..analysis.dims import is_known
from ..analysis.shapes import OutputShapes
from .recurrent import RNN_CALL, check_stateful
from .spec import (ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Weight, check_positive_dims,
                   conv_output_length, fmt_shape, known_axis, require_rank, Unknowable)


def _params() -> Params:
    return Params("filters", "kernel_size", strides=1, padding="valid", data_format=None, dilation_rate=1,
                  activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                  kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                  unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                  activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                  bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False,
                  return_state=False, go_backwards=False, stateful=False)


class ConvLSTM(LayerSpec):
    rank = 2
    family = "recurrent"
    weights_in_sublayers = "init"  # a ConvLSTMCell made without the trainable argument
    call_params = RNN_CALL

    def validate(self, cfg: Config) -> None:
        strides, dilation = cfg.get("strides"), cfg.get("dilation_rate")
        try:
            s = cfg.ints("strides", self.rank)
            d = cfg.ints("dilation_rate", self.rank)
        except (Unknowable, ShapeError):
            return  # unknown or malformed: reported when the layer is built
        if max(s) > 1 and max(d) > 1:
            raise ArgumentError("Specifying `strides > 1` is not compatible with `dilation_rate > 1`. Please "
                                f"provide `strides=1` or `dilation_rate=1`. Received: strides={strides} and "
                                f"dilation_rate={dilation}")

    def _step(self, cfg: Config, shape: tuple) -> tuple:
        """The per-step output (without batch): conv over the spatial axes, ``filters`` channels."""
        first = cfg.channels_first()
        spatial = shape[3:] if first else shape[2:-1]
        for d in spatial:
            if not is_known(d):
                raise ShapeError("ConvLSTM layers only support static input shapes for the spatial dimension. "
                                 f"Received invalid input shape: input_shape={fmt_shape(shape)}")
        kernel = cfg.ints("kernel_size", self.rank)
        strides = cfg.ints("strides", self.rank)
        dilation = cfg.ints("dilation_rate", self.rank)
        padding = cfg.lower("padding")
        out = tuple(conv_output_length(n, k, padding, s, r) for n, k, s, r in zip(spatial, kernel, strides, dilation))
        filters = cfg.int("filters")
        step = (filters, *out) if first else (*out, filters)
        check_positive_dims(self.name, (None, *step))
        return step

    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        shape = call.input
        require_rank(self.name, shape, self.rank + 3)
        step = self._step(cfg, shape)
        batch = shape[0]
        output = (batch, shape[1], *step) if cfg.flag("return_sequences") else (batch, *step)
        if cfg.flag("return_state"):
            return [output, (batch, *step), (batch, *step)]
        return output

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        require_rank(self.name, shape, self.rank + 3)
        check_stateful(cfg, shape)
        self._step(cfg, shape)
        channels = known_axis(self.name, shape, 2 if cfg.channels_first() else -1)
        kernel = cfg.ints("kernel_size", self.rank)
        filters = cfg.int("filters")
        out = [Weight("kernel", (*kernel, channels, 4 * filters)),
               Weight("recurrent_kernel", (*kernel, filters, 4 * filters))]
        if cfg.flag("use_bias"):
            out.append(Weight("bias", (4 * filters,)))
        return out


class ConvLSTM1D(ConvLSTM):
    name = "ConvLSTM1D"
    rank = 1
    params = _params()


class ConvLSTM2D(ConvLSTM):
    name = "ConvLSTM2D"
    rank = 2
    params = _params()


class ConvLSTM3D(ConvLSTM):
    name = "ConvLSTM3D"
    rank = 3
    params = _params()
