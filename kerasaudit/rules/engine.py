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
    (syntax errors...), filtered by selection and suppression comments, deduplicated
    (a function called three times reports a faulty line once)."""
    rules = all_rules()
    found: list[Diagnostic] = list(result.diagnostics)
    ctx = RuleContext(analysis, result, settings) if analysis is not None else None
    selected = [cls for cls in rules.values() if is_selected(cls, settings, result.path)]
    if ctx is not None:
        for rule_cls in selected:
            rule = rule_cls()
            rule.ctx = ctx
            try:
                found.extend(rule.check(ctx))
            except Exception as exc:  # noqa: BLE001 - one broken rule must not lose the others
                from ..api import internal_error
                found.append(internal_error(exc, result.path, rule_cls.code))
    kept = _dedupe(d for d in found if d.code == "KA004" or _selected_code(d.code, settings, result.path))
    for d in kept:
        if d.code in settings.severity:
            d.severity = settings.severity[d.code]
    if ctx is None:
        return kept
    from ..suppression import find_suppressions, suppress
    suppressions = find_suppressions(ctx.comment_positions)
    if not suppressions:
        return kept
    kept = suppress(kept, suppressions)
    for rule_cls in selected:
        if hasattr(rule_cls, "check_suppressions"):
            rule = rule_cls()
            rule.ctx = ctx
            late = list(rule.check_suppressions(ctx, suppressions, settings))  # type: ignore[attr-defined]
            for d in late:
                if d.code in settings.severity:
                    d.severity = settings.severity[d.code]
            # Only a comment naming the code silences these: a bare `# noqa` that is
            # itself unused must not hide its own report.
            naming = [s for s in suppressions if s.codes is not None and rule_cls.code in s.codes]
            kept.extend(suppress(late, naming))
    return kept


def _dedupe(diagnostics: "object") -> list[Diagnostic]:
    seen: set[tuple] = set()
    out = []
    for d in diagnostics:  # type: ignore[attr-defined]
        key = (d.code, d.line, d.col, d.end_line, d.end_col, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _selected_code(code: str, settings: "Settings", path: str) -> bool:
    rule_cls = all_rules().get(code)
    return rule_cls is None or is_selected(rule_cls, settings, path)
