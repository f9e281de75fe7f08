"""Typed results of analysing one file. Reporters read these; nothing else prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass
class Diagnostic:
    """One finding. Lines are 1-based; columns are 0-based UTF-8 byte offsets, as ``ast``
    gives them; ``report.positions`` turns them into 1-based character columns."""

    code: str
    name: str
    severity: str  # error | warning | info
    message: str
    line: int
    col: int = 0
    end_line: Optional[int] = None
    end_col: Optional[int] = None
    fix: Any = None  # a Fix, for rules that can rewrite the code

    def sort_key(self) -> tuple:
        return (self.line, self.col, self.code)


@dataclass
class WeightInfo:
    name: str
    shape: list  # json dims
    trainable: Optional[bool]  # None: whether the layer is trainable is not known
    count: Optional[int]


@dataclass
class ModelWeight:
    """One entry of ``model.get_weights()``: the layer owning it, its name and shape."""

    layer: str
    name: str
    shape: list  # json dims
    trainable: Optional[bool]  # as the model trains it (a frozen layer's weights are not); None if unknown
    count: Optional[int]


@dataclass
class LayerRow:
    name: str
    class_name: str
    line: int
    output_shape: Any  # OutputShapes (kept abstract; reporters convert)
    params: Optional[int]
    trainable_params: Optional[int]
    non_trainable_params: Optional[int]
    inbound: list[str] = field(default_factory=list)
    connected_to: list[str] = field(default_factory=list)
    unknown_reason: Optional[str] = None
    error: Optional[str] = None
    weights: Optional[list[WeightInfo]] = None
    nested: Optional["ModelSummary"] = None
    layer: Any = None  # the LayerObj, for rules and explain
    # Per sample, from kerasaudit.cost (None when unknown; cost_reason says why).
    macs: Optional[int] = None
    flops: Optional[int] = None
    cost_reason: Optional[str] = None
    activation_bytes: Optional[int] = None


@dataclass
class ModelSummary:
    name: str
    keras_name: str
    kind: str
    line: int
    builder: Optional[str]
    layers: list[LayerRow]
    total_params: Optional[int]
    trainable_params: Optional[int]
    non_trainable_params: Optional[int]
    unknown_reason: Optional[str] = None
    error: Optional[str] = None
    sequential_like: bool = True
    model: Any = None  # the ModelObj
    # Per sample, from kerasaudit.cost (None when unknown, with the reason).
    macs: Optional[int] = None
    flops: Optional[int] = None
    cost_reason: Optional[str] = None
    activation_bytes: Optional[int] = None
    activation_reason: Optional[str] = None
    param_bytes: Optional[dict] = None  # variable dtype -> bytes
    param_bytes_reason: Optional[str] = None
    weights: Optional[list[ModelWeight]] = None  # get_weights() order
    weights_reason: Optional[str] = None


@dataclass
class FileResult:
    path: str
    status: str = "checked"  # checked | failed | skipped
    diagnostics: list[Diagnostic] = field(default_factory=list)
    models: list[ModelSummary] = field(default_factory=list)
    skip_reason: Optional[str] = None
    source: Optional[str] = None
    analysis: Any = None  # the Analysis, while in process
    timed_out: bool = False  # the wall-clock limit cut the analysis short (such results are not cached)


def detach(result: FileResult) -> FileResult:
    """Drop the live analysis objects (syntax tree, layer and model objects) so the result
    is plain data: small to pickle between processes and safe to cache. Reporters only
    read the plain fields; in-process users that need the objects (``explain``) call
    ``api.check_source`` instead."""
    result.analysis = None
    for model in result.models:
        _detach_model(model)
    return result


def _detach_model(model: ModelSummary) -> None:
    model.model = None
    for row in model.layers:
        row.layer = None
        if row.nested is not None:
            _detach_model(row.nested)
