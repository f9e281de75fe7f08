"""Plain Python data the interpreter computes with for real (ints, strings, lists of
them...), and the limits that keep it small: a script's ``[[0] * 10**5] * 10**5`` or
``'{:99999999}'`` is refused before it is computed, never after."""

from __future__ import annotations

import re
from typing import Any

from .graph import LayerObj
from .values import Ref, Tensor, Unknown

_PLAIN = (int, float, complex, str, bytes, bool, type(None))
MAX_SIZE = 100_000
# How much plain data (elements plus characters, shared parts counted each time they
# appear, as repr() or == would visit them) the interpreter hands to real Python
# operations. Values built by repetition can share structure ([[0] * 10**5] * 10**5 is
# cheap to build but not to print); beyond this they are treated as not known.
MAX_WEIGHT = 2_000_000
MAX_INT_BITS = 100_000


def weight(value: Any, limit: int = MAX_WEIGHT) -> int:
    """The size of plain data as repr() would visit it; stops counting past ``limit``.
    Iterative, so deeply nested data cannot exhaust the stack."""
    total = 0
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, (str, bytes)):
            total += 1 + len(v)
        elif isinstance(v, (list, tuple, set, frozenset)):
            total += 1
            stack.extend(v)
        elif isinstance(v, dict):
            total += 1
            stack.extend(v.keys())
            stack.extend(v.values())
        else:
            total += 1
        if total > limit:
            break
    return total


def is_plain(value: Any) -> bool:
    """Fully known plain data (no abstract values anywhere inside), small enough to
    compute with (see MAX_WEIGHT). Iterative: nesting depth cannot overflow the stack."""
    if isinstance(value, _PLAIN):
        return True
    if not isinstance(value, (tuple, list, set, frozenset, dict)):
        return False
    budget = MAX_WEIGHT
    stack = [value]
    while stack:
        v = stack.pop()
        budget -= 1
        if budget < 0:
            return False
        if isinstance(v, _PLAIN):
            if isinstance(v, (str, bytes)):
                budget -= len(v)
            continue
        if isinstance(v, (tuple, list, set, frozenset)):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        else:
            return False
    return True


_HUGE_NUMBER = re.compile(r"\d{6,}")


def huge_format(fmt: Any, args: Any = ()) -> bool:
    """A format string (``'{:99999999}'``, ``'%*d'`` with a huge argument) whose result
    would be enormous: refused before formatting rather than after."""
    if not isinstance(fmt, (str, bytes)):
        return False
    text = fmt if isinstance(fmt, str) else fmt.decode("latin-1")
    if _HUGE_NUMBER.search(text):
        return True
    if "*" in text or "{" in text:
        stack = list(args) if isinstance(args, (list, tuple)) else [args]
        if isinstance(args, dict):
            stack = list(args.values())
        return any(isinstance(a, int) and abs(a) > MAX_SIZE for a in stack)
    return False


def kind_of(value: Any) -> str:
    if isinstance(value, Unknown):
        return "an unknown value"
    if isinstance(value, Tensor):
        return "a tensor"
    if isinstance(value, LayerObj):
        return f"a {value.class_name} object"
    if isinstance(value, Ref):
        return f"`{value.path}`"
    return f"a {type(value).__name__}"
