"""Recurrent layers: the kernels are (input features or units) × gates·units."""

from __future__ import annotations

from typing import Any

from . import TIMES, Context, Step, d, explains

GATES = {"SimpleRNN": (1, ""), "LSTM": (4, " (input, forget, cell and output gates)"),
         "GRU": (3, " (update, reset and candidate)"), "CuDNNLSTM": (4, ""), "CuDNNGRU": (3, "")}


def _shape(ctx: Context) -> list[Step]:
    if ctx.cfg is None or not isinstance(ctx.inputs, tuple):
        return []
    seq = bool(ctx.cfg.get("return_sequences"))
    units = ctx.cfg.get("units")
    return [Step("time steps", f"{d(ctx.inputs[1])} {'kept' if seq else 'consumed'}",
                 "return_sequences=True: one output per step" if seq else "only the last step's output"),
            Step("features", f"units = {d(units)}", "")]


def _weight(ctx: Context, w: Any) -> str:
    gates, names = GATES.get(ctx.layer.class_name, (None, ""))
    units = ctx.cfg.get("units") if ctx.cfg is not None else None
    stacked = f"{gates}{TIMES}{units} = {d(w.shape[-1])}" if gates else d(w.shape[-1])
    if w.name == "kernel":
        return f"{d(w.shape[0])} input features × {stacked}{names}"
    if w.name == "recurrent_kernel":
        return f"{d(w.shape[0])} units (the previous state) × {stacked}"
    if w.name == "bias":
        if len(w.shape) == 2:
            return "two biases per gate (reset_after=True: input and recurrent)"
        return "one per gate and unit" + (" (the forget gate's starts at 1: unit_forget_bias)"
                                          if ctx.layer.class_name == "LSTM" else "")
    return ""


explains(*GATES, shape=_shape, weight=_weight)
