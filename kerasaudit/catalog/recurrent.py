"""Recurrent layers: SimpleRNN, LSTM, GRU and their cells, and tf.keras's CuDNNLSTM/CuDNNGRU.

A Keras 3 recurrent layer is an ``RNN`` over a cell; its weights are the cell's
(``kernel``, ``recurrent_kernel``, ``bias``), its outputs follow ``RNN.compute_output_shape``.
The generic ``keras.layers.RNN`` over cell objects lives in ``rnn_cells.py``.
"""

from __future__ import annotations

from typing import Any

from ..analysis.shapes import OutputShapes
from .spec import (ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, Weight, fmt_shape,
                   known_axis, require_rank)

# ``RNN.call(sequences, initial_state=None, mask=None, training=False)``; the first argument
# keeps the engine's name ``inputs`` (it is only ever passed positionally).
RNN_CALL = Params("inputs", initial_state=None, mask=None, training=False)

# Keras 1 spellings of recurrent arguments, and what Keras 2/3 call them.
_KERAS1_NAMES = {"output_dim": "units", "init": "kernel_initializer", "inner_init": "recurrent_initializer",
                 "inner_activation": "recurrent_activation", "W_regularizer": "kernel_regularizer",
                 "U_regularizer": "recurrent_regularizer", "b_regularizer": "bias_regularizer",
                 "W_constraint": "kernel_constraint", "U_constraint": "recurrent_constraint",
                 "b_constraint": "bias_constraint", "dropout_W": "dropout", "dropout_U": "recurrent_dropout"}
_KERAS1_DROPPED = ("consume_less", "forget_bias_init")


def rnn_output_shape(cfg: Config, shape: tuple, output_size: int, state_sizes: list) -> OutputShapes:
    """``RNN.compute_output_shape``: the output, then one shape per state when ``return_state``
    (a cell with several states, inside stacked cells, gives a nested list)."""
    batch = shape[0]
    output = (batch, shape[1], output_size) if cfg.flag("return_sequences") else (batch, output_size)
    if not cfg.flag("return_state"):
        return output
    states: list = []
    for size in state_sizes:
        if isinstance(size, list):
            if not all(isinstance(s, int) for s in size):
                raise Unknowable(f"{cfg.layer}: nested state sizes {size!r} are not modelled")
            states.append([(batch, s) for s in size])
        else:
            states.append((batch, size))
    return [output, *states]


def check_stateful(cfg: Config, shape: tuple) -> None:
    if cfg.flag("stateful") and shape[0] is None:
        raise ShapeError(f"{cfg.layer}: when using `stateful=True` in a RNN, the batch size must be static. "
                         f"Found dynamic batch size: sequence.shape={fmt_shape(shape)}")


def positive_units(cfg: Config, name: str = "units") -> None:
    units = cfg.get(name)
    if isinstance(units, int) and not isinstance(units, bool) and units <= 0:
        raise ArgumentError(f"Received an invalid value for argument `{name}`, expected a positive integer, "
                            f"got {units}.")


def translate_keras1(args: list, kwargs: dict) -> tuple[list, dict]:
    """Keras 1/2 recurrent spellings: ``output_dim=``, ``W_regularizer=``... and
    ``input_dim=``/``input_length=``, which Keras 2 turned into ``input_shape=(length, dim)``."""
    kwargs = dict(kwargs)
    for old, new in _KERAS1_NAMES.items():
        if old in kwargs and new not in kwargs:
            kwargs[new] = kwargs.pop(old)
    for old in _KERAS1_DROPPED:
        kwargs.pop(old, None)
    if "input_length" in kwargs or ("input_dim" in kwargs and "input_shape" not in kwargs):
        length = kwargs.pop("input_length", None)
        dim = kwargs.pop("input_dim", None)
        if "input_shape" not in kwargs and "batch_input_shape" not in kwargs:
            kwargs["input_shape"] = (length, dim)
    return args, kwargs


class CellMixin:
    """The weights of a Keras 3 cell: ``gates`` blocks of ``units`` in the kernel, the
    recurrent kernel and the bias."""

    gates = 1

    def cell_weights(self, cfg: Config, input_dim: int) -> list[Weight]:
        units = cfg.int("units")
        out = [Weight("kernel", (input_dim, self.gates * units)),
               Weight("recurrent_kernel", (units, self.gates * units))]
        if cfg.flag("use_bias"):
            out.append(Weight("bias", self.bias_shape(cfg, units)))
        return out

    def bias_shape(self, cfg: Config, units: int) -> tuple:
        return (self.gates * units,)

    # The cell protocol RNN/StackedRNNCells read (Keras's ``cell.state_size``/``output_size``).
    def state_size(self, cfg: Config) -> Any:
        return cfg.int("units")

    def output_size(self, cfg: Config) -> int:
        return cfg.int("units")


class RecurrentLayer(CellMixin, LayerSpec):
    """SimpleRNN/LSTM/GRU: ``InputSpec(ndim=3)``, the weights of their cell."""

    family = "recurrent"
    call_params = RNN_CALL

    def validate(self, cfg: Config) -> None:
        positive_units(cfg)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        return translate_keras1(args, kwargs)

    def state_sizes(self, cfg: Config) -> list:
        size = self.state_size(cfg)
        return list(size) if isinstance(size, list) else [size]

    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        shape = call.input
        require_rank(self.name, shape, 3)
        return rnn_output_shape(cfg, shape, self.output_size(cfg), self.state_sizes(cfg))

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        require_rank(self.name, shape, 3)
        check_stateful(cfg, shape)
        return self.cell_weights(cfg, known_axis(self.name, shape, -1, "the feature axis"))


_COMMON = dict(kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros")
_REGULARIZERS = dict(kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None)
_CONSTRAINTS = dict(kernel_constraint=None, recurrent_constraint=None, bias_constraint=None)
_RNN_FLAGS = dict(return_sequences=False, return_state=False, go_backwards=False, stateful=False, unroll=False)


class SimpleRNN(RecurrentLayer):
    name = "SimpleRNN"
    params = Params("units", activation="tanh", use_bias=True, **_COMMON, **_REGULARIZERS,
                    activity_regularizer=None, **_CONSTRAINTS, dropout=0.0, recurrent_dropout=0.0, **_RNN_FLAGS,
                    seed=None)


class LSTM(RecurrentLayer):
    name = "LSTM"
    gates = 4
    params = Params("units", activation="tanh", recurrent_activation="sigmoid", use_bias=True, **_COMMON,
                    unit_forget_bias=True, **_REGULARIZERS, activity_regularizer=None, **_CONSTRAINTS, dropout=0.0,
                    recurrent_dropout=0.0, seed=None, **_RNN_FLAGS, use_cudnn="auto")
    extra_kwargs = ("implementation",)

    def state_size(self, cfg: Config) -> Any:
        units = cfg.int("units")
        return [units, units]


class GRU(RecurrentLayer):
    name = "GRU"
    gates = 3
    params = Params("units", activation="tanh", recurrent_activation="sigmoid", use_bias=True, **_COMMON,
                    **_REGULARIZERS, activity_regularizer=None, **_CONSTRAINTS, dropout=0.0, recurrent_dropout=0.0,
                    seed=None, **_RNN_FLAGS, reset_after=True, use_cudnn="auto")
    extra_kwargs = ("implementation",)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        """A GRU written with Keras 1 argument names is Keras 1/2 code, whose GRU had no
        ``reset_after`` (one bias of 3 * units): keep that meaning."""
        if any(k in kwargs for k in (*_KERAS1_NAMES, *_KERAS1_DROPPED)) and "reset_after" not in kwargs:
            kwargs = {**kwargs, "reset_after": False}
        return translate_keras1(args, kwargs)

    def bias_shape(self, cfg: Config, units: int) -> tuple:
        # reset_after keeps separate input and recurrent biases: shape (2, 3 * units).
        return (2, 3 * units) if cfg.flag("reset_after") else (3 * units,)


# ---------------------------------------------------------------- cells
CELL_CALL = Params("inputs", "states", training=False)
_CELL_DROPOUT = dict(dropout=0.0, recurrent_dropout=0.0)


class Cell(CellMixin, LayerSpec):
    """A cell called on its own: ``cell(x, states)`` returns ``(output, new_states)``."""

    family = "recurrent"
    call_params = CELL_CALL

    def validate(self, cfg: Config) -> None:
        positive_units(cfg)

    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        shape = call.input
        batch = shape[0]
        size = self.state_size(cfg)
        states = [(batch, s) for s in size] if isinstance(size, list) else [(batch, size)]
        return [(batch, self.output_size(cfg)), states]

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        return self.cell_weights(cfg, known_axis(self.name, shape, -1, "the feature axis"))


class SimpleRNNCell(Cell):
    name = "SimpleRNNCell"
    params = Params("units", activation="tanh", use_bias=True, **_COMMON, **_REGULARIZERS, **_CONSTRAINTS,
                    **_CELL_DROPOUT, seed=None)


class LSTMCell(Cell):
    name = "LSTMCell"
    gates = 4
    params = Params("units", activation="tanh", recurrent_activation="sigmoid", use_bias=True, **_COMMON,
                    unit_forget_bias=True, **_REGULARIZERS, **_CONSTRAINTS, **_CELL_DROPOUT, seed=None)
    extra_kwargs = ("implementation",)

    def state_size(self, cfg: Config) -> Any:
        units = cfg.int("units")
        return [units, units]


class GRUCell(Cell):
    name = "GRUCell"
    gates = 3
    params = Params("units", activation="tanh", recurrent_activation="sigmoid", use_bias=True, **_COMMON,
                    **_REGULARIZERS, **_CONSTRAINTS, **_CELL_DROPOUT, reset_after=True, seed=None)
    extra_kwargs = ("implementation",)

    def bias_shape(self, cfg: Config, units: int) -> tuple:
        return (2, 3 * units) if cfg.flag("reset_after") else (3 * units,)


# ---------------------------------------------------------------- tf.keras 1/2 cuDNN layers
class CuDNNRecurrent(RecurrentLayer):
    """tf.keras's ``CuDNNLSTM``/``CuDNNGRU`` (``tf.compat.v1.keras.layers``): always a bias,
    and twice as long as the Keras 3 one (cuDNN keeps input and recurrent biases apart)."""

    _FLAGS = dict(return_sequences=False, return_state=False, go_backwards=False, stateful=False)
    extra_kwargs = ("time_major",)

    def cell_weights(self, cfg: Config, input_dim: int) -> list[Weight]:
        units = cfg.int("units")
        return [Weight("kernel", (input_dim, self.gates * units)),
                Weight("recurrent_kernel", (units, self.gates * units)),
                Weight("bias", (2 * self.gates * units,))]


class CuDNNLSTM(CuDNNRecurrent):
    name = "CuDNNLSTM"
    gates = 4
    params = Params("units", **_COMMON, unit_forget_bias=True, **_REGULARIZERS, activity_regularizer=None,
                    **_CONSTRAINTS, **CuDNNRecurrent._FLAGS)

    def state_size(self, cfg: Config) -> Any:
        units = cfg.int("units")
        return [units, units]


class CuDNNGRU(CuDNNRecurrent):
    name = "CuDNNGRU"
    gates = 3
    params = Params("units", **_COMMON, **_REGULARIZERS, activity_regularizer=None, **_CONSTRAINTS,
                    **CuDNNRecurrent._FLAGS)
