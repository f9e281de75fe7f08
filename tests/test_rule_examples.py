"""Every rule's VALID and INVALID examples are its tests (and its documentation)."""

from __future__ import annotations

import pytest

from kerasaudit.api import check_source
from kerasaudit.rules import all_rules
from kerasaudit.rules.base import dedent
from kerasaudit.settings import Settings

RULES = all_rules()
VALID = [(code, i, src) for code, rule in RULES.items() for i, src in enumerate(rule.VALID)]
INVALID = [(code, i, ex) for code, rule in RULES.items() for i, ex in enumerate(rule.INVALID)]


def _diagnostics(code: str, source: str, settings: dict | None = None):
    result = check_source(source, "example.py", Settings(select=[code], **(settings or {})))
    return [d for d in result.diagnostics if d.code == code]


def test_every_rule_is_documented_and_has_examples() -> None:
    for code, rule in RULES.items():
        assert rule.name and rule.summary and rule.severity in ("error", "warning", "info"), code
        doc = rule.documentation()
        for heading in ("## What it does", "## Why is this bad", "## Example", "## Use instead"):
            assert heading in doc, f"{code} docstring lacks {heading}"
        # KA004 (internal error) cannot be triggered by any source: tested by breaking a rule.
        assert rule.INVALID or code == "KA004", f"{code} has no INVALID example"
        assert rule.VALID, f"{code} has no VALID example"


@pytest.mark.parametrize("code,index,source", VALID, ids=[f"{c}-valid-{i}" for c, i, _ in VALID])
def test_valid_example_is_not_flagged(code: str, index: int, source: str) -> None:
    found = _diagnostics(code, dedent(source))
    assert not found, [f"{d.line}: {d.message}" for d in found]


@pytest.mark.parametrize("code,index,example", INVALID, ids=[f"{c}-invalid-{i}" for c, i, _ in INVALID])
def test_invalid_example_is_flagged_at_its_line(code: str, index: int, example) -> None:
    found = _diagnostics(code, example.source, example.settings)
    assert found, f"{code} did not flag its INVALID example {index}"
    assert example.line in [d.line for d in found], [f"{d.line}: {d.message}" for d in found]
    if example.message:
        assert any(example.message in d.message for d in found if d.line == example.line), \
            [d.message for d in found]
