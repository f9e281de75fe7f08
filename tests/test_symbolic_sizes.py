"""Symbolic sizes stay exact: the normal form of expressions like ``((H - 1) // 2 + 1 - 3) // 2 + 1``
must equal the plain integer computation for every input size, and read simply."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kerasaudit.analysis.dims import Sym
from kerasaudit.catalog.spec import conv_output_length

# (kernel, padding, stride) steps of a convolution/pooling stack
STEP = st.tuples(st.integers(1, 7), st.sampled_from(["valid", "same"]), st.integers(1, 4))


def evaluate(expr: object, h: int) -> int:
    if isinstance(expr, int):
        return expr
    return eval(str(expr), {"H": h})  # our own expression text, integer arithmetic only


@settings(max_examples=300, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=8), st.integers(64, 4000))
def test_conv_stacks_stay_exact(steps, h) -> None:
    sym: object = Sym.name("H")
    value = h
    for kernel, padding, stride in steps:
        sym = conv_output_length(sym, kernel, padding, stride)
        value = conv_output_length(value, kernel, padding, stride)
    if value > 0:
        assert evaluate(sym, h) == value


@settings(max_examples=300, deadline=None)
@given(st.integers(-50, 50), st.integers(1, 9), st.integers(-50, 50), st.integers(1, 9), st.integers(1, 4),
       st.integers(0, 3000))
def test_floor_division_identities(a, b, c, d, k, h) -> None:
    H = Sym.name("H")
    expr = ((k * H + a) // b + c) // d
    assert evaluate(expr, h) == ((k * h + a) // b + c) // d


def test_readable_normal_forms() -> None:
    H = Sym.name("H")
    assert str((H - 1) // 2 + 1) == "(H + 1) // 2"  # 'same' with stride 2: ceil(H / 2)
    assert str((H - 4) // 4 + 1) == "H // 4"  # a 4x4/4 patchify stem
    assert str((((H - 4) // 4 + 1) - 1) // 2 + 1) == "(H + 4) // 8"
    assert (H + 6 - 7) // 2 + 1 == (H - 1) // 2 + 1
    assert str((2 * H + 2) // 4) == "(H + 1) // 2"
