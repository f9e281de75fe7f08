"""Running the selected rules over one analysed file, then applying suppressions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..results import Diagnostic
from . import all_rules
from .base import RuleContext
from .selection import is_selected

if TYPE_CHECKING:
    from ..api import Analysis
    from ..results import FileResult
    from ..settings import Settings


def run_rules(analysis: "Analysis | None", result: "FileResult", settings: "Settings") -> list[Diagnostic]:
    """The file's diagnostics: what the rules find plus what the analysis itself reported
    (syntax errors...), filtered by selection and suppression comments."""
    found: list[Diagnostic] = list(result.diagnostics)
    if analysis is not None:
        ctx = RuleContext(analysis, result, settings)
        for code, rule_cls in all_rules().items():
            if not is_selected(rule_cls, settings, result.path):
                continue
            try:
                found.extend(rule_cls().check(ctx))
            except Exception as exc:  # noqa: BLE001 - one broken rule must not lose the others
                from ..api import internal_error
                found.append(internal_error(exc, result.path))
    kept = [d for d in found if d.code == "KA004" or _selected_code(d.code, settings, result.path)]
    for d in kept:
        if d.code in settings.severity:
            d.severity = settings.severity[d.code]
    if analysis is not None:
        from ..suppression import apply_suppressions
        kept = apply_suppressions(kept, analysis, settings, result.path)
    return kept


def _selected_code(code: str, settings: "Settings", path: str) -> bool:
    rule_cls = all_rules().get(code)
    return rule_cls is None or is_selected(rule_cls, settings, path)
