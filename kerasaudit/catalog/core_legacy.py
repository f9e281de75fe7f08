"""Keras 1's ``TimeDistributedDense(output_dim, ...)``: a Dense applied at every timestep of
a 3-D input, deprecated in Keras 1.2 for ``Dense`` itself, which does the same on 3-D input
with the same weights (a kernel (input_dim, output_dim) and a bias (output_dim,)). It is
computed as that Dense, and reported as the Keras 3 class it became."""

from __future__ import annotations

from ._legacy import WEIGHT_KEYWORDS, positional, rename
from .core import Dense
from .spec import Call, Config, Weight, require_rank

# Keras 1.2 TimeDistributedDense.__init__, positional order.
_SIGNATURE = ("output_dim", "init", "activation", "weights", "W_regularizer", "b_regularizer",
              "activity_regularizer", "W_constraint", "b_constraint", "bias", "input_dim", "input_length")


class TimeDistributedDense(Dense):
    name, keras_class = "TimeDistributedDense", "Dense"
    aliases = ()

    def translate_legacy(self, args: list, kwargs: dict) -> tuple[list, dict]:
        kwargs = positional(args, _SIGNATURE, kwargs, self.name)
        if "input_dim" in kwargs:
            # Keras 1: input_dim (with input_length) gave input_shape=(input_length, input_dim).
            kwargs["input_shape"] = (kwargs.pop("input_length", None), kwargs.pop("input_dim"))
        kwargs.pop("input_length", None)
        return [], rename(kwargs, {"output_dim": "units", **WEIGHT_KEYWORDS})

    def output_shape(self, cfg: Config, call: Call) -> tuple:
        require_rank(self.name, call.input, 3)  # its InputSpec(ndim=3)
        return super().output_shape(cfg, call)

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        require_rank(self.name, call.input, 3)
        return super().weights(cfg, call)
