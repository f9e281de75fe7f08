"""How ``kerasaudit diff`` writes numbers and shapes: ``31,031,685 → 31,555,973 (+524,288)``."""

from __future__ import annotations

from typing import Any

from ...diff.compare import Change, LayerDiff, ModelDiff

ARROW = "\u2192"
LABELS = {"total_params": "Total params", "trainable_params": "Trainable params",
          "non_trainable_params": "Non-trainable params", "flops": "FLOPs per sample"}


def count(value: Any) -> str:
    return "?" if value is None else f"{value:,}"


def signed(delta: int) -> str:
    return f"+{delta:,}" if delta >= 0 else f"-{-delta:,}"


def number_change(c: Change) -> str:
    """``a → b (+d)``; just ``a`` when unchanged."""
    if not c.changed:
        return count(c.head)
    if c.base is None and c.head is None:
        return "?"
    text = f"{count(c.base)} {ARROW} {count(c.head)}"
    return text + (f" ({signed(c.delta)})" if c.delta is not None else "")


def shape(dims: Any) -> str:
    if dims is None:
        return "?"
    if dims and isinstance(dims[0], list):
        return "[" + ", ".join(shape(d) for d in dims) + "]"
    return "(" + ", ".join("None" if d is None else str(d) for d in dims) + ")"


def shape_change(c: Change) -> str:
    return shape(c.head) if not c.changed else f"{shape(c.base)} {ARROW} {shape(c.head)}"


def layer_summary(layer: LayerDiff) -> str:
    """What happened to a layer, in one line."""
    if layer.status == "added":
        return f"output {shape(layer.output_shape.head)}, {count(layer.params.head)} params"
    if layer.status == "removed":
        return f"was output {shape(layer.output_shape.base)}, {count(layer.params.base)} params"
    parts = []
    if layer.output_shape.changed:
        parts.append(f"output {shape_change(layer.output_shape)}")
    if layer.params.changed:
        parts.append(f"params {number_change(layer.params)}")
    if layer.flops.changed:
        parts.append(f"FLOPs {number_change(layer.flops)}")
    for name, c in layer.arguments.items():
        parts.append(f"{name}={c.base!r} {ARROW} {c.head!r}")
    return "; ".join(parts)


def model_title(m: ModelDiff) -> str:
    where = f"line {m.line}" if m.status != "removed" else f"was line {m.line}"
    return f'model "{m.name}" ({m.kind}, {where}): {m.status}'


def totals_lines(m: ModelDiff) -> list[str]:
    return [f"{LABELS[k]}: {number_change(c)}" for k, c in m.totals.items()
            if c.changed or k == "total_params"]
