"""Rules on whole programs.

- ``fixtures/rules/correct/``: correct, realistic model code (keras.io-style MNIST convnet,
  CIFAR ResNet, IMDB Bidirectional LSTM, U-Net, autoencoder, transfer learning, regression,
  forecasting, a subclassed model), with comments that describe the layers correctly. No
  error or warning may be reported on them. Real Keras builds them (their golden summaries).
- ``fixtures/rules/buggy/``: programs with the faults of StackOverflow questions about shape
  errors. Each faulty line carries ``# expect: KA201`` (a marker the comment rules ignore);
  kerasaudit must report exactly those codes at exactly those lines, and real Keras must
  raise at the line of the first error.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

from kerasaudit.api import check_source
from kerasaudit.rules import all_rules

CORRECT = sorted((FIXTURES / "rules" / "correct").glob("*.py"))
BUGGY = sorted((FIXTURES / "rules" / "buggy").glob("*.py"))
_MARKER = re.compile(r"expect:\s*((?:KA\d+)(?:\s*,\s*KA\d+)*)")
# Codes that describe the analysis, not the program.
_TOOL = {"KA003", "KA005"}


def expected(path: Path) -> set[tuple[int, str]]:
    out = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for m in _MARKER.finditer(line):
            out |= {(number, c.strip()) for c in m.group(1).split(",")}
    return out


def found(path: Path, severities: tuple[str, ...] = ("error", "warning", "info")) -> set[tuple[int, str]]:
    result = check_source(path.read_text(encoding="utf-8"), str(path))
    return {(d.line, d.code) for d in result.diagnostics if d.severity in severities and d.code not in _TOOL}


def test_there_are_fixtures() -> None:
    assert len(CORRECT) >= 6 and len(BUGGY) >= 15


@pytest.mark.parametrize("path", CORRECT, ids=[p.name for p in CORRECT])
def test_no_error_or_warning_on_correct_model_code(path: Path) -> None:
    assert found(path, ("error", "warning")) == set()


@pytest.mark.parametrize("path", BUGGY, ids=[p.name for p in BUGGY])
def test_buggy_program_is_reported_at_its_faulty_lines(path: Path) -> None:
    assert found(path) == expected(path)


def test_the_check_command_on_the_fixtures() -> None:
    clean = run_cli("check", "--format", "concise", "--isolated", str(FIXTURES / "rules" / "correct"))
    assert clean.returncode == 0, clean.stdout
    buggy = run_cli("check", "--format", "concise", "--isolated", str(FIXTURES / "rules" / "buggy" /
                                                                       "residual_add_mismatch.py"))
    assert buggy.returncode == 1
    assert "residual_add_mismatch.py:8:5: KA201 Add of incompatible shapes (None, 56, 56, 128), " \
           "(None, 56, 56, 64)" in buggy.stdout


# Where Keras raises when that is not the line of the first error marker: Keras checks layer
# names when the Model is created; kerasaudit reports the layer whose name repeats.
_RAISES_ELSEWHERE = {"duplicate_names.py": 15}


@pytest.mark.keras
def test_real_keras_raises_at_the_first_error_line_and_runs_the_rest() -> None:
    rules = all_rules()
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "keras_crash_lines.py"),
                          *map(str, BUGGY)], capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    crashes = json.loads(out.stdout.strip().splitlines()[-1])
    for path in BUGGY:
        errors = sorted(line for line, code in expected(path) if rules[code].severity == "error")
        got = crashes[str(path)]
        if not errors:
            assert got["line"] is None, f"{path.name}: Keras raised {got}, but only warnings are expected"
            continue
        want = _RAISES_ELSEWHERE.get(path.name, errors[0])
        # Python reports a multi-line statement (Sequential([...])) at its first line;
        # kerasaudit reports the faulty layer inside it.
        assert got["line"] == want or _statement_span(path, got["line"]) >= {want}, \
            f"{path.name}: Keras raised at line {got['line']} ({got['error']}), expected line {want}"


def _statement_span(path: Path, line: int | None) -> set[int]:
    import ast
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.stmt) and node.lineno == line and not isinstance(
                node, (ast.FunctionDef, ast.ClassDef, ast.For, ast.If, ast.While, ast.With, ast.Try)):
            return set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return set()
