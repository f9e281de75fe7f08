"""The shapes of the data a model is given, next to the model's own input and output.

Data shapes come from the facts' :class:`~kerasaudit.analysis.facts.DataUse` records
(arrays whose shape the file makes known: NumPy constructors, Keras datasets, reshape,
to_categorical...); model shapes from the model's Input and output tensors. Only known
integers are compared: a symbolic or unknown size never produces a finding.
"""

from __future__ import annotations

from typing import Any

from ...analysis.arrays import Array
from ...analysis.graph import flatten_tensors
from ...analysis.models import FunctionalModel, ModelObj, SequentialModel
from ...analysis.shapes import shape_text
from ...analysis.values import Tensor
from ..view import output_tensor


def is_int(d: Any) -> bool:
    return isinstance(d, int) and not isinstance(d, bool)


def single_array(value: Any) -> Array | None:
    if isinstance(value, Array):
        return value
    if isinstance(value, (list, tuple)) and len(value) == 1 and isinstance(value[0], Array):
        return value[0]
    return None


def model_input(model: Any) -> Tensor | None:
    """The single Input tensor of a model, else None."""
    if isinstance(model, FunctionalModel):
        inputs = flatten_tensors(model.inputs)
        return inputs[0] if len(inputs) == 1 else None
    if isinstance(model, SequentialModel) and model.input_layer is not None and model.input_layer.nodes:
        out = model.input_layer.nodes[0].outputs
        return out if isinstance(out, Tensor) else None
    return None


def model_output(model: Any) -> Tensor | None:
    return output_tensor(model) if isinstance(model, ModelObj) else None


def array_text(a: Array) -> str:
    return "(" + ", ".join(str(d) if is_int(d) else "?" for d in a.shape) + ")" if len(a.shape) != 1 else \
        f"({a.shape[0] if is_int(a.shape[0]) else '?'},)"


def tensor_text(t: Tensor) -> str:
    return shape_text(t.shape)


def origin(a: Array) -> str:
    return f" (from {a.origin})" if a.origin else ""
