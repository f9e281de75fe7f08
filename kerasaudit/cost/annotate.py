"""Attaching the cost and memory figures to the model summaries (their rows, nested ones
included), under the file's global dtype policy.
"""

from __future__ import annotations

from typing import Any

from ..analysis.models import unique_layers
from .macs import ZERO, Cost, layer_cost, model_cost
from .memory import activation_bytes, layer_activation_bytes, param_bytes
from .policy import GlobalPolicy, _policy_for


def annotate_costs(summary: Any, policy: GlobalPolicy) -> None:
    """Fill in the cost fields of a ModelSummary (and its rows, nested ones included). Each
    layer's cost is computed once; the model's total is their sum."""
    model = summary.model
    if model is None:
        return
    value, reason = _policy_for(model, policy)
    total, seen = ZERO, set()
    for row in summary.layers:
        if row.layer is None:
            continue
        cost = layer_cost(model, row.layer)
        row.macs, row.flops, row.cost_reason = cost.macs, cost.flops, cost.reason
        row.activation_bytes = None if reason else layer_activation_bytes(model, row.layer, value)
        if id(row.layer) not in seen:
            seen.add(id(row.layer))
            total = total + cost
        if row.nested is not None:
            annotate_costs(row.nested, policy)
    if getattr(model, "incomplete", None):
        total = Cost(None, model.incomplete)
    elif len(seen) != len(unique_layers(model)):
        total = model_cost(model)  # rows and layers differ: count from the model itself
    summary.macs, summary.flops, summary.cost_reason = total.macs, total.flops, total.reason
    if reason:
        summary.activation_bytes, summary.activation_reason = None, reason
        summary.param_bytes, summary.param_bytes_reason = None, reason
    else:
        summary.activation_bytes, summary.activation_reason = activation_bytes(model, value)
        summary.param_bytes, summary.param_bytes_reason = param_bytes(model, value)

