"""Recurrent layers, RNN cells and ConvLSTM."""

from __future__ import annotations

from . import COVERED_BY, Ctx, Nested, entry, image_shape, invalid_for, split_channels, window

COVERED_BY.update({"SimpleRNNCell": "RNN", "LSTMCell": "RNN", "GRUCell": "RNN", "StackedRNNCells": "RNN"})


def sequence(c: Ctx) -> tuple:
    return (None, c.choice([None, *range(1, 9)]), c.int(1, 8))


def rnn_common(c: Ctx) -> dict:
    return {"return_sequences": c.bool(), "return_state": c.rarely(2), "go_backwards": c.rarely(4),
            "dropout": c.choice([0.0, 0.0, 0.2]), "recurrent_dropout": c.choice([0.0, 0.0, 0.1])}


def cell_args(c: Ctx, name: str) -> dict:
    args = {"units": c.int(1, 12), "use_bias": c.bool()}
    if name != "SimpleRNNCell" and c.rarely(3):
        args["activation"] = c.choice(["relu", "sigmoid"])
    if name == "LSTMCell":
        args["unit_forget_bias"] = c.bool()
    if name == "GRUCell":
        args["reset_after"] = c.bool()
    return args


for _name, _cell in (("SimpleRNN", "SimpleRNNCell"), ("LSTM", "LSTMCell"), ("GRU", "GRUCell")):
    def _layer(c: Ctx, cell: str = _cell) -> dict:
        return {**cell_args(c, cell), **rnn_common(c)}

    def _invalid(c: Ctx, cell: str = _cell) -> dict:
        return {**_layer(c, cell), "units": c.int(-1, 0)}

    entry(_name, ranks=(3,), width="units", input_shape=sequence)(_layer)
    invalid_for(_name)(_invalid)


def a_cell(c: Ctx) -> Nested:
    name = c.choice(["SimpleRNNCell", "LSTMCell", "GRUCell"])
    return Nested.of(name, cell_args(c, name))


@entry("RNN", ranks=(3,), input_shape=sequence, tags={"sublayers"})
def rnn(c: Ctx) -> dict:
    how = c.choice(["cell", "list", "stacked"])
    if how == "cell":
        cell = a_cell(c)
    else:
        cells = [a_cell(c) for _ in range(c.int(1, 3))]
        cell = cells if how == "list" else Nested.of("StackedRNNCells", {"cells": cells})
    return {"cell": cell, "return_sequences": c.bool(), "return_state": c.rarely(2), "go_backwards": c.rarely(4)}


def conv_lstm_args(c: Ctx, rank: int) -> dict:
    data_format = c.data_format()
    # (batch, time, *spatial, channels) or (batch, time, channels, *spatial)
    inner = (None, *c.shape[2:])
    spatial, _ = split_channels(inner, data_format == "channels_first")
    padding = c.choice(["valid", "same"])
    strides = c.int(1, 2)
    dilation = 1 if strides > 1 else c.choice([1, 1, 2])
    kernel = [window(c, d if padding == "valid" else None, 3, dilation) for d in spatial]
    return {"filters": c.int(1, 6), "kernel_size": c.tuple_or_int(kernel), "strides": c.tuple_or_int([strides] * rank),
            "padding": padding, "data_format": data_format, "dilation_rate": c.tuple_or_int([dilation] * rank),
            "use_bias": c.bool(), "return_sequences": c.bool(), "return_state": c.rarely(2),
            "go_backwards": c.rarely(4)}


for _rank in (1, 2, 3):
    def _conv_lstm(c: Ctx, rank: int = _rank) -> dict:
        return conv_lstm_args(c, rank)

    def _shape(c: Ctx, rank: int = _rank) -> tuple:
        inner = image_shape(c, rank, hi=7 if rank < 3 else 4, channels_hi=3)
        return (None, c.choice([None, 1, 2, 3]), *inner[1:])

    entry(f"ConvLSTM{_rank}D", ranks=(_rank + 3,), width="filters", input_shape=_shape,
          tags={"sublayers"})(_conv_lstm)  # its cell is a sub-layer that ignores trainable=
