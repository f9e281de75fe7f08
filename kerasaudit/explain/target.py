"""Which layers ``explain`` is about: those written or called on a line, or by name."""

from __future__ import annotations

from typing import Any


def _covers(site: Any, line: int) -> bool:
    return site.line <= line <= max(site.end_line, site.line)


def layers_at_line(facts: Any, line: int) -> list[Any]:
    """Layers created or called on ``line`` (a statement spanning several lines counts on
    each), in creation order. A Sequential model's implicit input layer (from
    ``input_shape=``) is left out unless it is all there is."""
    found = [layer for layer in facts.layers if not layer.attrs.get("unknown_operation")
             and (_covers(layer.site, line) or any(_covers(node.site, line) for node in layer.nodes))]
    real = [layer for layer in found if layer.class_name != "InputLayer" or not _implicit_input(layer, found)]
    # A layer handed to a wrapper (``Bidirectional(GRU(16))``) is never called itself: Keras
    # builds copies of it. The wrapper explains its weights.
    called = [layer for layer in real if layer.nodes]
    return called or real or found


def _implicit_input(layer: Any, found: list[Any]) -> bool:
    return any(other is not layer and other.input_shape_arg is not None for other in found)


def layers_named(facts: Any, name: str) -> list[Any]:
    return [layer for layer in facts.layers if layer.display_name == name]


def lines_with_layers(facts: Any) -> list[int]:
    return sorted({layer.site.line for layer in facts.layers if not layer.attrs.get("unknown_operation")})
