"""Tensor operations between layers: Python operators, indexing and ``keras.ops`` functions.

Keras 3 lists each as an operation row of a functional model; kerasaudit models them in
``analysis/tensor_ops.py`` and ``analysis/library/keras_ops.py``. An entry here says how Keras
computes one (``compute``) and how a script writes it (``spell``).
"""

from __future__ import annotations

import math
import operator
from typing import Any, Callable

from . import Ctx, divisors, entry

_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def _broadcastable(shapes: list[tuple]) -> bool:
    """NumPy broadcasting of the non-batch axes (right-aligned), sizes all known."""
    if len(shapes) != 2:
        return False
    a, b = shapes[0][1:], shapes[1][1:]
    for x, y in zip(reversed(a), reversed(b)):
        if x is None or y is None:
            if x != y:
                return False
        elif x != y and 1 not in (x, y):
            return False
    return True


def _binary(c: Ctx) -> dict | None:
    if not _broadcastable(c.shapes) or len(c.shapes[0]) != len(c.shapes[1]):
        return None
    return {"op": c.choice(sorted(_OPERATORS))}


def _two(c: Ctx) -> list:
    from .merge import two_inputs
    return two_inputs(c)


entry("tensor_binary", inputs="args", input_shape=_two, compute=lambda k, t, a: _OPERATORS[a["op"]](t[0], t[1]),
      spell=lambda n, a, lit, ops: f"{n[0]} {a['op']} {n[1]}")(_binary)


def _scalar(c: Ctx) -> dict:
    return {"op": c.choice(sorted(_OPERATORS)), "value": c.choice([0.5, 2.0, 1.0, 3]), "reverse": c.bool()}


def _scalar_compute(k: Any, t: list, a: dict) -> Any:
    fn = _OPERATORS[a["op"]]
    return fn(a["value"], t[0]) if a["reverse"] else fn(t[0], a["value"])


entry("tensor_scalar", keep=True, compute=_scalar_compute,
      spell=lambda n, a, lit, ops: (f"{a['value']!r} {a['op']} {n[0]}" if a["reverse"]
                                    else f"{n[0]} {a['op']} {a['value']!r}"))(_scalar)
entry("tensor_negative", keep=True, compute=lambda k, t, a: -t[0],
      spell=lambda n, a, lit, ops: f"-{n[0]}")(lambda c: {})


# -- indexing: x[:, i], x[..., a:b], x[:, ::2]
def _index(c: Ctx) -> dict | None:
    shape = c.shape
    form = c.choice(["int", "last", "step"])
    if form == "int":
        if shape[1] is None or c.rank < 3:
            return None
        return {"index": ("int", c.int(-shape[1], shape[1] - 1))}
    if form == "last":
        if shape[-1] is None:
            return None
        start = c.int(0, shape[-1] - 1)
        return {"index": ("last", start, c.int(start + 1, shape[-1]))}
    return {"index": ("step", c.int(1, 3))}


def _index_value(spec: tuple) -> Any:
    if spec[0] == "int":
        return (slice(None), spec[1])
    if spec[0] == "last":
        return (Ellipsis, slice(spec[1], spec[2]))
    return (slice(None), slice(None, None, spec[1]))


def _index_code(spec: tuple) -> str:
    if spec[0] == "int":
        return f"[:, {spec[1]}]"
    if spec[0] == "last":
        return f"[..., {spec[1]}:{spec[2]}]"
    return f"[:, ::{spec[1]}]"


entry("tensor_getitem", compute=lambda k, t, a: t[0][_index_value(a["index"])],
      spell=lambda n, a, lit, ops: f"{n[0]}{_index_code(a['index'])}")(_index)


# -- keras.ops functions
def _op(name: str, draw: Callable[[Ctx], Any], inputs: str = "one", keep: bool = False, listed: bool = False) -> None:
    def compute(k: Any, t: list, a: dict) -> Any:
        fn = getattr(k.ops, name)
        return fn(list(t), **a) if listed else fn(*t, **a)

    def spell(n: list, a: dict, lit: Callable, ops: str) -> str:
        first = "[" + ", ".join(n) + "]" if listed else ", ".join(n)
        rest = "".join(f", {k}={lit(v, k)}" for k, v in a.items())
        return f"{ops}.{name}({first}{rest})"

    entry(f"ops.{name}", inputs=inputs, keep=keep, compute=compute, spell=spell, handler=f"keras.ops.{name}")(draw)


def _reduce(c: Ctx) -> dict:
    return {"axis": c.axis(), "keepdims": c.bool()}


for _name in ("mean", "sum", "max", "min"):
    _op(_name, _reduce)
for _name in ("relu", "sigmoid", "tanh", "abs", "square"):
    _op(_name, lambda c: {}, keep=True)
_op("softmax", lambda c: {"axis": c.axis()}, keep=True)
_op("expand_dims", lambda c: {"axis": c.int(1, c.rank) * c.choice([1, -1]) if c.bool() else c.int(1, c.rank)})


def _squeeze(c: Ctx) -> dict | None:
    ones = [i for i in range(1, c.rank) if c.shape[i] == 1]
    return {"axis": c.choice(ones)} if ones else None


_op("squeeze", _squeeze)
_op("transpose", lambda c: {"axes": (0, *(i + 1 for i in c.draw(_perm(c.rank - 1))))})


def _perm(n: int) -> Any:
    from hypothesis import strategies as st
    return st.permutations(list(range(n)))


def _reshape(c: Ctx) -> dict | None:
    dims = c.shape[1:]
    if any(d is None for d in dims):
        return None
    total = math.prod(dims)
    first = c.choice(divisors(total))
    return {"newshape": (-1, first, total // first) if c.bool() else (-1, total)}


_op("reshape", _reshape)


def _concat(c: Ctx) -> dict | None:
    rank = len(c.shapes[0])
    if any(len(s) != rank for s in c.shapes):
        return None
    axes = [a for a in range(1, rank)
            if all(s[:a] + s[a + 1:] == c.shapes[0][:a] + c.shapes[0][a + 1:] for s in c.shapes)]
    return {"axis": c.choice(axes)} if axes else None


def _concat_inputs(c: Ctx) -> list:
    from . import REGISTRY
    return REGISTRY["Concatenate"].input_shape(c)  # type: ignore[misc]


_op("concatenate", _concat, inputs="merge", listed=True)
from . import REGISTRY  # noqa: E402

REGISTRY["ops.concatenate"].input_shape = _concat_inputs
