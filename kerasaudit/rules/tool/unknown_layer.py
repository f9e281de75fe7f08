from __future__ import annotations

from typing import Iterable

from ...results import Diagnostic
from ..base import Invalid, Rule, RuleContext


class UnknownLayer(Rule):
    """
    ## What it does
    Reports a `keras.layers` class that kerasaudit's layer catalog does not know.

    ## Why is this bad
    It is not wrong code: it means the output shape and parameter count of that layer, and
    of everything after it, are shown as unknown (`?`) rather than guessed.

    ## Example
    ```python
    from keras import layers
    x = layers.FancyNewLayer(3)
    ```

    ## Use instead
    Nothing to change in your code; report the layer so it can be added to the catalog.
    """

    code = "KA005"
    name = "unknown-layer"
    severity = "info"
    summary = "A layer class the catalog does not know; its numbers are reported as unknown"

    VALID = ["from keras import layers\nx = layers.Dense(3)\n"]
    INVALID = [Invalid("""
        from keras import layers
        x = layers.FancyNewLayer(3)
        """, line=2, message="FancyNewLayer")]

    def check(self, ctx: RuleContext) -> Iterable[Diagnostic]:
        for site, spelled in ctx.facts.unknown_layers:
            yield self.at(site, f"layer `{spelled}` is not in kerasaudit's catalog: its output shape and "
                                f"parameters are reported as unknown")
