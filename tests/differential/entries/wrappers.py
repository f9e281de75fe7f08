"""Wrappers: a layer given as an argument (drawn for the shape the wrapper passes it)."""

from __future__ import annotations

from ..config import gap_allowed
from . import Ctx, entry
from .recurrent import sequence

RECURRENT = ("SimpleRNN", "LSTM", "GRU")


@entry("Bidirectional", ranks=(3,), input_shape=sequence, tags={"sublayers"})
def bidirectional(c: Ctx) -> dict | None:
    layer = c.nested(RECURRENT, c.shape)
    if layer is None:
        return None
    return {"layer": layer, "merge_mode": c.choice(["concat", "sum", "mul", "ave", None])}


def _timesteps(c: Ctx) -> tuple:
    inner = c.choice([(None, c.int(1, 12)), (None, c.int(1, 6), c.int(1, 4)),
                      (None, c.int(2, 8), c.int(2, 8), c.int(1, 3))])
    return (None, c.choice([None, 1, 2, 3, 4]), *inner[1:])


def _inner_fits(shape: tuple, kwargs: dict) -> bool:
    """The wrapped layer must still take one time step. (Keras itself does not check: it builds
    TimeDistributed(GlobalAveragePooling2D()) on a rank-3 input, where kerasaudit reports the
    inner layer's rank error -- a known difference, see config.KNOWN_GAPS.)"""
    from . import REGISTRY
    inner = kwargs["layer"]
    return gap_allowed("time-distributed-rank") or REGISTRY[inner.name].accepts((shape[0], *shape[2:]))


@entry("TimeDistributed", ranks=(3, 4, 5), input_shape=_timesteps, still_fits=_inner_fits, tags={"sublayers"})
def time_distributed(c: Ctx) -> dict | None:
    inner = (c.shape[0], *c.shape[2:])
    layer = c.nested(["Dense", "Conv1D", "Conv2D", "Flatten", "MaxPooling1D", "MaxPooling2D", "Dropout",
                      "BatchNormalization", "GlobalAveragePooling1D", "GlobalAveragePooling2D"], inner)
    return None if layer is None else {"layer": layer}


@entry("SpectralNormalization", input_shape=None, tags={"sublayers"})
def spectral_normalization(c: Ctx) -> dict | None:
    layer = c.nested(["Dense", "Conv1D", "Conv2D", "Conv3D"], c.shape)
    return None if layer is None else {"layer": layer, "power_iterations": c.int(1, 3)}
