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
    trainable: bool
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


@dataclass
class FileResult:
    path: str
    status: str = "checked"  # checked | failed | skipped
    diagnostics: list[Diagnostic] = field(default_factory=list)
    models: list[ModelSummary] = field(default_factory=list)
    skip_reason: Optional[str] = None
    source: Optional[str] = None
    analysis: Any = None  # the Analysis, while in process
