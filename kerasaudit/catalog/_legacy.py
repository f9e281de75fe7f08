"""Keras 1 / Keras 2 argument spellings, translated to the Keras 3 ones.

Keras 2.0-2.2 accepted Keras 1 keywords through its ``legacy.interfaces`` converters
(``border_mode`` -> ``padding``, ``dim_ordering='th'`` -> ``data_format='channels_first'``,
``Convolution2D(32, 3, 3)`` -> ``Conv2D(32, (3, 3))``...). The helpers here do the same
conversions, so a legacy call binds to the Keras 3 signature of its spec and flows through
the same shape and weight code: the numbers are those that Keras version computed.
"""

from __future__ import annotations

from typing import Any

from ..analysis.values import Unknown
from .spec import ArgumentError

# Keras 1 ``dim_ordering`` values; 'default' meant the configured default, which we take
# to be Keras's default (channels_last), as for ``data_format=None``.
_DIM_ORDERING = {"th": "channels_first", "tf": "channels_last", "default": None}

# Keyword renames shared by the Keras 1 layers (Keras 2's legacy converters used the same).
WEIGHT_KEYWORDS = {
    "init": "kernel_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "bias": "use_bias",
}
CONV_KEYWORDS = {
    **WEIGHT_KEYWORDS,
    "nb_filter": "filters",
    "filter_length": "kernel_size",
    "border_mode": "padding",
    "subsample": "strides",
    "subsample_length": "strides",
    "atrous_rate": "dilation_rate",
    "dim_ordering": "data_format",
}
POOL_KEYWORDS = {"pool_length": "pool_size", "stride": "strides", "border_mode": "padding",
                 "dim_ordering": "data_format"}


def dim_ordering(value: Any) -> Any:
    """A Keras 1 ``dim_ordering`` value as a Keras 3 ``data_format`` value."""
    if isinstance(value, Unknown) or value is None:
        return value
    if isinstance(value, str) and value in _DIM_ORDERING:
        return _DIM_ORDERING[value]
    raise ArgumentError(f"dim_ordering must be 'th' or 'tf', got {value!r}")


def rename(kwargs: dict, mapping: dict[str, str]) -> dict:
    """Keyword arguments with their Keras 1 names replaced by the Keras 3 ones."""
    out: dict = {}
    for key, value in kwargs.items():
        new = mapping.get(key, key)
        if new in out:
            raise ArgumentError(f"got both `{key}` and `{new}` (the same argument under its old and new name)")
        if key == "dim_ordering":
            value = dim_ordering(value)
        out[new] = value
    return out


def has_any(kwargs: dict, names: Any) -> bool:
    return any(k in kwargs for k in names)


def positional(args: list, names: tuple[str, ...], kwargs: dict, layer: str) -> dict:
    """Bind positional arguments by a Keras 1 signature into keyword arguments."""
    if len(args) > len(names):
        raise ArgumentError(f"{layer} (Keras 1) takes at most {len(names)} positional arguments, got {len(args)}")
    out = dict(kwargs)
    for name, value in zip(names, args):
        if name in out:
            raise ArgumentError(f"{layer} got multiple values for argument '{name}'")
        out[name] = value
    return out


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def input_dim_length(kwargs: dict) -> dict:
    """Keras 1's 1D layers took ``input_dim``/``input_length`` for ``input_shape=(length, dim)``."""
    if "input_dim" in kwargs and "input_length" in kwargs:
        out = dict(kwargs)
        out["input_shape"] = (out.pop("input_length"), out.pop("input_dim"))
        return out
    if "input_length" in kwargs:
        # Keras 1 used input_length only together with input_dim.
        out = dict(kwargs)
        out.pop("input_length")
        return out
    if "input_dim" in kwargs:
        out = dict(kwargs)
        out["input_shape"] = (None, out.pop("input_dim"))
        return out
    return kwargs
