"""The global dtype policy a file sets (``keras.mixed_precision.set_global_policy(...)``), and
whether it applies to a model: only an unambiguous module-level setting written before
the model's layers does; anything else makes the memory figures unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .memory import _all_layers


POLICY_SETTERS = ("keras.mixed_precision.set_global_policy", "keras.config.set_dtype_policy",
                  "keras.mixed_precision.set_dtype_policy")


@dataclass(frozen=True)
class GlobalPolicy:
    """A ``set_global_policy(...)`` in the file: its value, and the last line it is set on."""

    value: Any  # a policy name, or None when none is set
    line: int = 0
    reason: str | None = None  # why the policy cannot be applied with certainty


def global_policy(tree: Any, facts: Any) -> GlobalPolicy:
    """The policy set by module-level code, when there is one unambiguous value. A policy set
    inside a function, or to different or unknown values, makes memory figures unknown."""
    import ast

    calls = [c for c in facts.library_calls if c.name in POLICY_SETTERS]
    if not calls:
        return GlobalPolicy(None)
    values = {c.args[0] if c.args else c.kwargs.get("policy") for c in calls}
    value = next(iter(values))
    if len(values) != 1 or not isinstance(value, str):
        return GlobalPolicy(None, reason="the global dtype policy is set to more than one or an unknown value")
    definitions = [(s.lineno, s.end_lineno or s.lineno) for s in getattr(tree, "body", [])
                   if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    if any(lo <= c.site.line <= hi for c in calls for lo, hi in definitions):
        return GlobalPolicy(None, reason="the global dtype policy is set inside a function")
    return GlobalPolicy(value, max(c.site.line for c in calls))


def _policy_for(model: Any, policy: GlobalPolicy) -> tuple[Any, str | None]:
    """The policy a model's layers were created under: only when the module-level call comes
    before every one of its layers in the file."""
    if policy.reason:
        return None, policy.reason
    if policy.value is None:
        return None, None
    lines = [layer.site.line for layer in _all_layers(model) if layer is not model]
    if lines and policy.line < min(lines):
        return policy.value, None
    return None, "a global dtype policy is set in this file, after some of the model's layers are written"

