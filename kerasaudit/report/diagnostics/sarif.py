"""``--format sarif``: SARIF 2.1.0, the format GitHub code scanning uploads
(``github/codeql-action/upload-sarif``) and most code-review tools read.

One run; ``tool.driver.rules`` describes every rule kerasaudit has (id, name, short and
full description, help in text and Markdown, default level) so a viewer can explain any
result; each result points at its rule by ``ruleId`` and ``ruleIndex``. Columns are
Unicode code points (declared with ``columnKind``), 1-based, ``endColumn`` exclusive.
Paths are relative to the working directory (the repository root in CI), as URIs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ... import __version__
from ...results import FileResult
from .. import ReportOptions
from ..positions import display_path, span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}

# Diagnostics the analysis itself reports (not rules of their own): described here so
# every result has a descriptor.
TOOL_CODES = {
    "KA001": ("syntax-error", "error", "The file is not valid Python; it cannot be analysed"),
    "KA002": ("unreadable-file", "error", "The file cannot be read or decoded"),
    "KA003": ("analysis-incomplete", "info", "Part of the file could not be followed; its results are partial"),
    "KA004": ("internal-error", "error", "kerasaudit failed on this file; please report it"),
}


def _section(doc: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", doc, re.M | re.S)
    return match.group(1).strip() if match else ""


def rule_descriptors() -> list[dict[str, Any]]:
    from ...rules import all_rules

    out: dict[str, dict[str, Any]] = {}
    for code, rule in all_rules().items():
        doc = rule.documentation()
        what = _section(doc, "What it does") or rule.summary
        out[code] = {
            "id": code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary or rule.name},
            "fullDescription": {"text": what},
            "help": {"text": doc or rule.summary, "markdown": doc or rule.summary},
            "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning"),
                                     "enabled": bool(rule.enabled_by_default)},
            "properties": {"tags": ["keras"]},
        }
    for code, (name, severity, summary) in TOOL_CODES.items():
        out.setdefault(code, {
            "id": code, "name": name,
            "shortDescription": {"text": summary}, "fullDescription": {"text": summary},
            "help": {"text": summary, "markdown": summary},
            "defaultConfiguration": {"level": LEVELS[severity]},
            "properties": {"tags": ["kerasaudit"]},
        })
    return [out[code] for code in sorted(out)]


def uri(path: str) -> str:
    """A relative URI for a file under the working directory (code scanning resolves it
    against the repository root), a file: URI otherwise."""
    shown = display_path(path)
    if Path(shown).is_absolute():
        return Path(shown).as_uri()
    return quote(shown, safe="/@!$&'()*+,;=-._~")


def document(results: list[FileResult]) -> dict[str, Any]:
    rules = rule_descriptors()
    index = {r["id"]: i for i, r in enumerate(rules)}
    sarif_results = []
    for r in results:
        for d in r.diagnostics:
            where = span(r, d)
            result: dict[str, Any] = {
                "ruleId": d.code,
                "level": LEVELS.get(d.severity, "warning"),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(r.path)},
                    "region": {"startLine": where.line, "startColumn": where.column,
                               "endLine": where.end_line, "endColumn": where.end_column},
                }}],
            }
            if d.code in index:
                result["ruleIndex"] = index[d.code]
            sarif_results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kerasaudit",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }


def render(results: list[FileResult], options: ReportOptions) -> str:
    return json.dumps(document(results), indent=2, ensure_ascii=False) + "\n"
