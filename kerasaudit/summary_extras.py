"""What kerasaudit adds to Keras's summary: costs per sample (kerasaudit.cost) and the
get_weights() listing (kerasaudit.weightlist), attached to the summaries as plain data so
reporters never need the analysis objects."""

from __future__ import annotations

from typing import Any

from .cost import annotate_costs, global_policy
from .weightlist import model_weights


def annotate(summaries: list, tree: Any, facts: Any) -> None:
    policy = global_policy(tree, facts)
    for summary in summaries:
        _annotate(summary, policy)


def _annotate(summary: Any, policy: Any) -> None:
    if summary.model is None:
        return
    annotate_costs(summary, policy)
    summary.weights, summary.weights_reason = model_weights(summary.model)
    for row in summary.layers:
        if row.nested is not None:
            row.nested.weights, row.nested.weights_reason = model_weights(row.nested.model)
