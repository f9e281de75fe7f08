"""Constructor-argument normalisation shared by the convolution/pooling/reshaping specs.

These follow Keras 3's ``standardize_tuple`` and the padding/cropping parsers of the
reshaping layers, raising :class:`ArgumentError` where Keras's ``__init__`` raises and
:class:`Unknowable` where the value is not known statically.
"""

from __future__ import annotations

from typing import Any

from ..analysis.values import Unknown
from .spec import ArgumentError, Config, Unknowable


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    return isinstance(value, (list, tuple)) and any(_unknown(v) for v in value)


def int_tuple(layer: str, value: Any, n: int, name: str, allow_zero: bool = False) -> tuple[int, ...]:
    """Keras's ``standardize_tuple``: an int, or an iterable of n ints, each > 0 (>= 0)."""
    if _unknown(value):
        raise Unknowable(f"{layer} argument `{name}` is not known")
    if isinstance(value, bool) or _is_int(value):
        out: tuple = (int(value),) * n
    elif isinstance(value, (list, tuple)):
        if len(value) != n or not all(_is_int(v) for v in value):
            raise ArgumentError(f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value!r}")
        out = tuple(value)
    else:
        if isinstance(value, (str, float)) or value is None:
            raise ArgumentError(f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value!r}")
        raise Unknowable(f"{layer} argument `{name}` is not a known tuple ({value!r})")
    bad = [v for v in out if (v < 0 if allow_zero else v <= 0)]
    if bad:
        bound = ">= 0" if allow_zero else "> 0"
        raise ArgumentError(f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value!r}, "
                            f"including values {set(bad)} that do not satisfy `value {bound}`")
    return out


def cfg_tuple(cfg: Config, name: str, n: int, allow_zero: bool = False) -> tuple[int, ...]:
    return int_tuple(cfg.layer, cfg.get(name), n, name, allow_zero)


_ORDINALS = ("1st", "2nd", "3rd")


def pairs(layer: str, value: Any, rank: int, name: str) -> tuple[tuple[int, int], ...]:
    """ZeroPadding2D/3D's ``padding`` and Cropping2D/3D's ``cropping``: an int, a tuple of
    ``rank`` ints, or a tuple of ``rank`` pairs."""
    if _unknown(value):
        raise Unknowable(f"{layer} argument `{name}` is not known")
    if _is_int(value):
        if value < 0 and name == "cropping":
            raise ArgumentError(f"`cropping` cannot be negative. Received: cropping={value}.")
        return ((value, value),) * rank
    if isinstance(value, (list, tuple)):
        if len(value) != rank:
            raise ArgumentError(f"`{name}` should have {rank} elements. Received: {name}={value!r}.")
        return tuple(int_tuple(layer, v, 2, f"{_ORDINALS[i]} entry of {name}", allow_zero=True)  # type: ignore[misc]
                     for i, v in enumerate(value))
    if isinstance(value, (str, float)) or value is None:
        raise ArgumentError(f"`{name}` should be either an int, a tuple of {rank} ints or a tuple of {rank} tuples "
                            f"of 2 ints. Received: {name}={value!r}.")
    raise Unknowable(f"{layer} argument `{name}` is not known ({value!r})")


def checked(fn: Any, *args: Any) -> None:
    """Run a parser for its ArgumentError only (validate() may see unknown values)."""
    try:
        fn(*args)
    except Unknowable:
        pass
