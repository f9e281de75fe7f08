"""Judging one generated script or one layer case: kerasaudit's static result against real Keras.

Where Keras builds the model, every layer's name, class, output shape and parameter counts
and the totals must agree (``golden.compare_result``, the same comparison as the fixtures').
Where Keras raises, kerasaudit must flag the operation (``node.error`` or a rejected
constructor, what the lint rules report) and must not print numbers that claim success:
the rejected layer's output shape is unknown and no model containing it has known totals.
"""

from __future__ import annotations

import ast
import hashlib
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from golden import compare_result
from kerasaudit.analysis.shapes import UnknownShape
from kerasaudit.api import check_source

from . import keras_oracle as oracle
from .render import Script


@lru_cache(maxsize=1)
def workdir() -> Path:
    # hypothesis forbids function-scoped fixtures such as tmp_path in @given tests.
    return Path(tempfile.mkdtemp(prefix="kerasaudit-differential-"))


def write(text: str) -> Path:
    path = workdir() / f"gen_{hashlib.sha1(text.encode()).hexdigest()[:12]}.py"
    path.write_text(text, encoding="utf-8")
    return path


def internal_errors(result: Any) -> list[str]:
    return [f"kerasaudit {d.code} at line {d.line}: {d.message}" for d in result.diagnostics
            if d.code in ("KA003", "KA004")  and "budget" not in d.message]


def flagged_lines(result: Any) -> dict[int, str]:
    """Lines where kerasaudit says Keras would raise."""
    facts = result.analysis.facts
    out: dict[int, str] = {}
    for node in facts.calls:
        if node.error:
            out.setdefault(node.site.line, node.error)
    for problem in facts.argument_problems:
        out.setdefault(problem.site.line, problem.message)
    return out


def statement_span(text: str, line: int | None) -> set[int]:
    if line is None:
        return set()
    best: set[int] = {line}
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.stmt) and not isinstance(node, (ast.FunctionDef, ast.For, ast.ClassDef)):
            end = node.end_lineno or node.lineno
            if node.lineno <= line <= end:
                span = set(range(node.lineno, end + 1))
                if len(best) == 1 or len(span) < len(best):
                    best = span
    return best


def check_rejected(result: Any, lines: set[int], keras_error: str, layer_lines: set[int]) -> list[str]:
    """Keras raised in the statements at ``lines``, building the layer written at ``layer_lines``:
    kerasaudit must flag it there, and claim no numbers for it or for a model containing it."""
    problems = []
    flagged = flagged_lines(result)
    if not set(flagged) & lines:
        problems.append(f"Keras raises ({keras_error}) at line(s) {sorted(lines)}, but kerasaudit flags no error "
                        f"there (it flags {sorted(flagged.items()) or 'nothing'})")
    for model in result.models:
        rows = [r for r in model.layers if r.line in layer_lines]
        for row in rows:
            if not isinstance(row.output_shape, UnknownShape):
                problems.append(f"model {model.name!r}: layer {row.name!r} (line {row.line}) gets output shape "
                                f"{row.output_shape} though Keras raises there")
        if rows and model.total_params is not None and not model.error:
            problems.append(f"model {model.name!r} (line {model.line}) reports {model.total_params} total params "
                            f"though Keras raises building it")
    return problems


class Inconclusive(Exception):
    """Real Keras contradicts itself on this script: no verdict on kerasaudit."""


def check_script(script: Script) -> list[str]:
    path = write(script.text)
    run = oracle.run_script(path)
    if "subclassed" in script.idiom and (run.record is None) == (script.plan.invalid is None):
        # The generator judged each layer as functional Keras does (compute_output_shape); a
        # subclassed model is traced through JAX instead, which accepts some of what the former
        # rejects (empty dimensions) and rejects some of what it accepts (RMSNormalization on a
        # middle axis). Keras disagreeing with itself says nothing about kerasaudit.
        raise Inconclusive(run.error or "Keras built a model its functional API rejects")
    result = check_source(script.text, str(path))
    problems = internal_errors(result)
    if run.record is not None:
        problems += compare_result(result, run.record)
    elif script.plan.invalid is None:
        problems.append(f"the generator thought this valid, but Keras raised at line {run.error_line}: {run.error}")
    else:
        lines = script.invalid_lines | statement_span(script.text, run.error_line)
        problems += check_rejected(result, lines, run.error or "", script.invalid_marked)
    return problems


def explain(script: Script, problems: list[str]) -> str:
    numbered = "\n".join(f"{i + 1:3} {line}" for i, line in enumerate(script.text.splitlines()))
    return (f"{len(problems)} difference(s) between kerasaudit and real Keras ({script.idiom}):\n  "
            + "\n  ".join(problems) + f"\n--- generated script ---\n{numbered}\n"
            "(save it as fixtures/differential/NAME.py and run tools/make_golden.py on it to keep it)")
