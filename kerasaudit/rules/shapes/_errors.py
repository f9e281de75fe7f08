"""Layer calls Keras would reject, classified once so each error gets exactly one code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ...analysis.graph import Node
from ..view import FirstAtSite

if TYPE_CHECKING:
    from ...analysis.graph import Site
    from ..base import RuleContext

ELEMENTWISE = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")


def error_kind(node: Node) -> str:
    """Which KA2xx rule owns this node's error."""
    cls = node.layer.class_name
    if node.is_input or cls == "InputLayer":
        return "input"
    if cls in ELEMENTWISE:
        return "merge"
    if cls == "Concatenate":
        return "concatenate"
    if cls == "Reshape":
        return "reshape"
    if node.error_kind in ("rank", "non-positive"):
        return node.error_kind
    return "other"


def failing_calls(ctx: "RuleContext", kind: str) -> Iterator[tuple[Node, "Site"]]:
    """Layer calls Keras would reject, of one kind, once per source position (a function
    called three times reports its faulty line once)."""
    first_at_site = FirstAtSite(ctx)
    for node in ctx.facts.calls:
        if not node.error or error_kind(node) != kind:
            continue
        site = first_at_site(node)
        if site is not None:
            yield node, site
