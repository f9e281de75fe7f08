"""Core layers: InputLayer, Dense, Activation, Dropout, Identity-like layers."""

from __future__ import annotations

from typing import Callable

from ..analysis.dims import Sym
from ._legacy import WEIGHT_KEYWORDS, rename
from .spec import (ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, Weight, known_axis,
                   require_min_rank)

# Names given to sizes an Input leaves open (None), by the input's rank (without batch).
_SPATIAL_NAMES = {1: ("T",), 2: ("T", "F"), 3: ("H", "W", "C"), 4: ("D", "H", "W", "C")}


class InputLayer(LayerSpec):
    name = "InputLayer"
    family = "core"
    params = Params(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None,
                    input_tensor=None, optional=False, name=None)
    extra_kwargs = ("input_shape", "batch_input_shape")
    call_params = Params()

    def batch_shape(self, cfg: Config, symbol: Callable[[str], Sym]) -> tuple:
        """The input's shape with the batch axis, None sizes as named symbols."""
        shape = cfg.get("shape")
        if shape is None:
            shape = cfg.get("input_shape")
        batch_shape = cfg.get("batch_shape")
        if batch_shape is None:
            batch_shape = cfg.get("batch_input_shape")
        if batch_shape is not None:
            full = cfg.known("batch_shape" if cfg.get("batch_shape") is not None else "batch_input_shape")
            if not isinstance(full, (tuple, list)) or len(full) < 1:
                raise ShapeError(f"Cannot convert '{full}' to a shape.")
            batch, dims = full[0], list(full[1:])
        elif shape is not None:
            dims = cfg.known("shape" if cfg.get("shape") is not None else "input_shape")
            if isinstance(dims, int) and not isinstance(dims, bool):
                raise ShapeError(f"Cannot convert '{dims}' to a shape: `shape` must be a tuple such as ({dims},)")
            if not isinstance(dims, (tuple, list)):
                raise ShapeError(f"Cannot convert '{dims}' to a shape.")
            dims = list(dims)
            batch = cfg.known("batch_size")
        else:
            raise ArgumentError("You must pass a `shape` argument.")
        for d in dims:
            # A symbolic size (a model built on a tensor whose size is open) stays that expression.
            if not (d is None or isinstance(d, Sym) or (isinstance(d, int) and not isinstance(d, bool))):
                raise Unknowable(f"input shape {tuple(dims)} is not fully known")
            if isinstance(d, int) and d < 0:
                raise ShapeError(f"Negative dimensions are not allowed in an input shape: {tuple(dims)}")
        names = _SPATIAL_NAMES.get(len(dims), tuple(f"d{i + 1}" for i in range(len(dims))))
        out = [symbol(names[i]) if d is None else d for i, d in enumerate(dims)]
        return (batch, *out)


class Dense(LayerSpec):
    name = "Dense"
    family = "core"
    params = Params("units", activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                    bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                    activity_regularizer=None, kernel_constraint=None, bias_constraint=None, lora_rank=None,
                    lora_alpha=None, quantization_config=None)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        # Keras 1: Dense(output_dim, init=, ..., W_regularizer=, b_regularizer=, bias=, input_dim=).
        # Positional arguments keep their Keras 2/3 meaning (Dense(10, 'softmax')).
        return args, rename(kwargs, {"output_dim": "units", **WEIGHT_KEYWORDS})

    def validate(self, cfg: Config) -> None:
        units = cfg.get("units")
        if isinstance(units, int) and not isinstance(units, bool) and units <= 0:
            raise ArgumentError(f"Received an invalid value for `units`, expected a positive integer. Received: "
                                f"units={units}")

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        shape = call.input
        require_min_rank("Dense", shape, 2)
        return shape[:-1] + (cfg.int("units"),)

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        require_min_rank("Dense", shape, 2)
        last = known_axis("Dense", shape, -1, "the last dimension")
        units = cfg.int("units")
        out = [Weight("kernel", (last, units))]
        if cfg.flag("use_bias"):
            out.append(Weight("bias", (units,)))
        return out


class Activation(LayerSpec):
    name = "Activation"
    family = "core"
    params = Params("activation")


class Dropout(LayerSpec):
    name = "Dropout"
    family = "core"
    params = Params("rate", noise_shape=None, seed=None)

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        return args, rename(kwargs, {"p": "rate"})  # Keras 1: Dropout(p)

    def validate(self, cfg: Config) -> None:
        rate = cfg.get("rate")
        if isinstance(rate, (int, float)) and not isinstance(rate, bool) and not 0 <= rate <= 1:
            raise ArgumentError(f"Invalid value received for argument `rate`. Expected a float value between 0 "
                                f"and 1. Received: rate={rate}")
