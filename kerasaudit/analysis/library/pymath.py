"""The parts of Python's standard library model code computes sizes with."""

from __future__ import annotations

import ast
import math
from typing import Any

from ..plain import MAX_INT_BITS, is_plain
from ..values import Unknown
from . import handles

_MATH = {"ceil": math.ceil, "floor": math.floor, "sqrt": math.sqrt, "log": math.log, "log2": math.log2,
         "log10": math.log10, "exp": math.exp, "pow": math.pow, "prod": math.prod, "gcd": math.gcd,
         "isclose": math.isclose, "trunc": math.trunc, "fabs": math.fabs, "cos": math.cos, "sin": math.sin}


@handles(*(f"math.{n}" for n in _MATH))
def math_function(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    fn = _MATH[name.split(".", 1)[1]]
    if not all(is_plain(a) for a in list(args) + list(kwargs.values())):
        unknown = next((a for a in args if isinstance(a, Unknown)), None)
        return unknown or Unknown(f"{name}() of an abstract value", getattr(node, "lineno", None))
    try:
        if name == "math.pow" and any(isinstance(a, (int, float)) and abs(a) > 4096 for a in args[1:]):
            raise OverflowError
        if name == "math.prod" and args and isinstance(args[0], (list, tuple)) and sum(
                abs(int(a)).bit_length() for a in args[0] if isinstance(a, (int, float))) > MAX_INT_BITS:
            raise OverflowError  # a product this large is never a layer size
        return fn(*args, **kwargs)
    except Exception as exc:
        return Unknown(f"{name}() would fail: {type(exc).__name__}", getattr(node, "lineno", None))


@handles("os.path.join", "os.path.basename", "os.path.dirname", "os.getenv", "os.environ.get", "sys.exit",
         "warnings.warn", "warnings.filterwarnings", "logging.info", "logging.warning", "random.seed",
         "numpy.random.seed", "tensorflow.random.set_seed", "keras.utils.set_random_seed",
         "tensorflow.config.list_physical_devices", "tensorflow.config.experimental.set_memory_growth")
def side_effect_only(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """Calls that matter only for what they do at run time, never for the model."""
    if name == "sys.exit":
        from ..interpreter import UserRaise
        raise UserRaise(None, getattr(node, "lineno", 0))
    return Unknown(f"`{name}()` is only known at run time", getattr(node, "lineno", None))


def _identity_decorator(interp: Any, args: list, kwargs: dict, node: ast.AST) -> Any:
    return args[0] if len(args) == 1 and not kwargs else Unknown("decorator misuse", getattr(node, "lineno", None))


@handles("functools.wraps", "functools.lru_cache", "functools.cache", "functools.update_wrapper",
         "typing.overload", "typing.final", "abc.abstractmethod")
def transparent_decorator(interp: Any, args: list, kwargs: dict, node: ast.AST, name: str) -> Any:
    """Decorators that keep the function's behaviour (``@wraps(f)``, ``@lru_cache()``)."""
    from ..values import Builtin, Function
    if name == "functools.update_wrapper":
        return args[0] if args else Unknown("update_wrapper() without a wrapper", getattr(node, "lineno", None))
    if name in ("functools.cache", "typing.overload", "typing.final", "abc.abstractmethod") or (
            name == "functools.lru_cache" and len(args) == 1 and isinstance(args[0], Function)):
        return args[0]  # used bare: @lru_cache / @cache
    return Builtin(f"{name}(...)", _identity_decorator)
