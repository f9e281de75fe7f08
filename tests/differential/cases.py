"""The per-spec check: one catalog layer on drawn inputs and arguments, against real Keras.

Each case is a three-line functional script (inputs, the layer, the model) analysed by
``check_source`` -- so binding positional arguments, validation, shapes and weights are all
exercised -- and the same layer built in real Keras on symbolic inputs.
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from golden import compare_result
from kerasaudit.api import check_source

from . import keras_oracle as oracle
from .check import check_rejected, internal_errors, statement_span, write
from .entries import Ctx, Entry, image_shape, split_call
from .render import Renderer

LAYER_LINE = 5  # the line of ``y = layers.X(...)(...)`` in a case script


class Case:
    # Not a dataclass: hypothesis prints dataclasses field by field, this prints the script.
    def __init__(self, entry: Entry, shapes: list[tuple], kwargs: dict, text: str) -> None:
        self.entry, self.shapes, self.kwargs, self.text = entry, shapes, kwargs, text

    def __repr__(self) -> str:
        return f"<{self.entry.name} case>\n{self.text}"


def default_input(c: Ctx, entry: Entry) -> tuple:
    ranks = entry.ranks or (2, 3, 4)
    rank = c.choice(ranks)
    if rank == 2:
        return (None, c.int(1, 16))
    return image_shape(c, rank - 2, hi=10 if rank < 5 else 5)


def draw_case(draw: Any, entry: Entry) -> Case:
    c = Ctx(draw, [])
    if entry.input_shape is not None:
        shapes = entry.input_shape(c)
        shapes = shapes if isinstance(shapes, list) else [shapes]
    else:
        shapes = [default_input(c, entry)]
    c.shapes = shapes
    kwargs = entry.invalid(c) if entry.invalid is not None and c.rarely(4) else entry.draw(c)
    assume(kwargs is not None)
    if not entry.is_op and c.rarely(5):
        kwargs = {**kwargs, "trainable": False}
    r = Renderer(draw, None, style="keras")
    r.hoist = 0
    names = [f"x{i}" for i in range(len(shapes))]
    lines = ["import keras", "from keras import layers"]
    for n, s in zip(names, shapes):
        dtype = "" if entry.dtype == "float32" else f", dtype={entry.dtype!r}"
        lines.append(f"{n} = keras.Input(shape={tuple(s[1:])!r}{dtype})")
    lines = lines[:2] + ["; ".join(lines[2:])]  # keep the layer on LAYER_LINE
    ctor, call = split_call(kwargs)
    lines.append("")
    if entry.is_op:
        lines.append(f"y = {entry.spell(names, kwargs, lambda v, hint=None: repr(v), 'keras.ops')}")
    else:
        expr = f"layers.{entry.name}({', '.join(r.args(entry.name, ctor))})"
        lines.append(f"y = {expr}{entry.call_code(names, [f'{k}={v!r}' for k, v in call.items()])}")
    lines.append(f"model = keras.Model([{', '.join(names)}], y)")
    text = "\n".join(lines) + "\n"
    assert text.splitlines()[LAYER_LINE - 1].startswith("y = ")
    return Case(entry, shapes, kwargs, text)


def check_case(case: Case) -> list[str]:
    """Run the case script in real Keras (the layer *and* the model: some layers only fail
    there) and compare everything, as for a generated script."""
    path = write(case.text)
    run = oracle.run_script(path)
    result = check_source(case.text, str(path))
    problems = internal_errors(result)
    if run.record is None:
        lines = statement_span(case.text, run.error_line) | {LAYER_LINE}
        return problems + check_rejected(result, lines, run.error or "", {LAYER_LINE})
    return problems + compare_result(result, run.record)


def explain_case(case: Case, problems: list[str]) -> str:
    return (f"{case.entry.name} on inputs {case.shapes} with {case.kwargs}:\n  " + "\n  ".join(problems)
            + f"\n--- case script ---\n{case.text}")


cases = st.composite(lambda draw, entry: draw_case(draw, entry))
