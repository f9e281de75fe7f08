"""Fuzzing: random valid programs (hypothesmith) and mutated fixtures through ``check`` and
``summary``. For every input: no exception escapes, the file gets a result, the analysis
stays within its step budget, every reporter renders it, and the numbers it does give
are consistent with each other (a model's total is the sum of its rows, trainable plus
non-trainable is the total).

The number of examples per test is ``KERASAUDIT_FUZZ_EXAMPLES`` (small by default so CI
spends about a minute here, on the same derandomized examples every run); a long run, with
fresh random examples each time, is

    KERASAUDIT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py -p no:cacheprovider

Inputs that ever crashed are kept in fixtures/robustness/ and replayed by
test_known_crashers_stay_fixed.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis.control import currently_in_test_context
from hypothesis import strategies as st

from conftest import FIXTURES, run_cli
from fuzzing import FIXTURE_FILES, SOURCES, examples, mutate, mutated_files
from kerasaudit.api import check_source
from kerasaudit.report import ReportOptions, formats, reporter
from kerasaudit.results import FileResult
from kerasaudit.settings import Settings

# Small budgets keep each example fast; the invariants are about staying inside them.
BUDGET = Settings(max_steps=20_000, max_seconds=30.0)
# A fixed set of examples unless a longer run is asked for: a red CI run is then about the
# change, never a new random draw (the long run explores fresh inputs each time).
FUZZ = settings(deadline=None, database=None, derandomize="KERASAUDIT_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large])
DIAGNOSTIC_FORMATS = formats("diagnostics")
SUMMARY_FORMATS = formats("summary")


def assert_sound(source: str, result: FileResult, budget: Settings = BUDGET) -> None:
    if currently_in_test_context():
        note(f"source:\n{source}")  # printed with a failing example: the reproducer for fixtures/robustness/
    assert isinstance(result, FileResult)
    assert result.status in ("checked", "failed", "skipped")
    internal = [d.message for d in result.diagnostics if d.code == "KA004"]
    assert not internal, (internal, source)
    for d in result.diagnostics:
        assert d.line >= 1 and d.col >= 0, d
        assert d.end_line is None or d.end_line >= d.line, d
    if result.analysis is not None:
        assert result.analysis.ctx.steps <= budget.max_steps + 1
    for model in result.models:
        rows = [row.params for row in model.layers]
        if model.total_params is not None and None not in rows:
            assert sum(rows) == model.total_params, (model.name, source)
        if None not in (model.total_params, model.trainable_params, model.non_trainable_params):
            assert model.trainable_params + model.non_trainable_params == model.total_params, (model.name, source)
        for row in model.layers:
            assert row.params is None or row.params >= 0, (row.name, source)
            assert not _negative_dims(row.output_shape), (row.name, row.output_shape, source)
            for figure in ("macs", "flops", "activation_bytes"):
                value = getattr(row, figure, None)
                assert value is None or value >= 0, (row.name, figure, value, source)
    options = ReportOptions(color=False)
    for fmt in DIAGNOSTIC_FORMATS:
        assert isinstance(reporter("diagnostics", fmt).render([result], options), str)
    for fmt in SUMMARY_FORMATS:
        assert isinstance(reporter("summary", fmt).render([result], ReportOptions(weights=True)), str)


def _negative_dims(shape: object) -> bool:
    """A negative size anywhere in a (possibly nested) shape: no tensor has one."""
    if isinstance(shape, (tuple, list)):
        return any(_negative_dims(d) for d in shape)
    return isinstance(shape, int) and not isinstance(shape, bool) and shape < 0


@settings(FUZZ, max_examples=examples(60))
@given(hypothesmith.from_grammar())
def test_random_programs_from_the_grammar(source: str) -> None:
    assert_sound(source, check_source(source, "fuzz.py", BUDGET))


@settings(FUZZ, max_examples=examples(25))
@given(hypothesmith.from_node())
def test_random_programs_from_syntax_trees(source: str) -> None:
    assert_sound(source, check_source(source, "fuzz.py", BUDGET))


@settings(FUZZ, max_examples=examples(120))
@given(st.sampled_from(FIXTURE_FILES), st.integers(1, 8), st.randoms(use_true_random=False))
def test_mutated_fixtures(fixture: Path, n: int, rng: random.Random) -> None:
    source = SOURCES[fixture]
    for _ in range(n):
        source = mutate(source, rng)
    assert_sound(source, check_source(source, fixture.name, BUDGET))


@settings(FUZZ, max_examples=examples(40))
@given(st.sampled_from(FIXTURE_FILES), hypothesmith.from_grammar(), st.randoms(use_true_random=False))
def test_fixtures_with_random_code_spliced_in(fixture: Path, foreign: str, rng: random.Random) -> None:
    lines = SOURCES[fixture].splitlines(keepends=True)
    i = rng.randrange(len(lines) + 1)
    source = "".join(lines[:i]) + foreign + ("\n" if foreign and not foreign.endswith("\n") else "") + \
        "".join(lines[i:])
    assert_sound(source, check_source(source, fixture.name, BUDGET))


def test_mutated_fixtures_through_the_cli(tmp_path: Path) -> None:
    """Every mutated file appears in the output with its own result; nothing escapes."""
    count = examples(60)
    files = mutated_files(tmp_path, count, seed=20240601)
    for command in (["check", "--format", "json"], ["summary", "--format", "json"]):
        out = run_cli(*command, "--no-cache", "--jobs", "2", "--max-steps", "20000", str(tmp_path))
        assert out.returncode in (0, 1), out.stderr[-3000:]
        assert "Traceback" not in out.stderr
        doc = json.loads(out.stdout)
        reported = [f["path"] for f in doc["files"]]
        if command[0] == "summary":
            assert sorted(reported) == sorted(str(f) for f in files)
        for f in doc["files"]:
            assert not [d for d in f["diagnostics"] if d["code"] == "KA004"], f["path"]


CRASHERS = sorted((FIXTURES / "robustness").glob("*.py"))


@pytest.mark.parametrize("crasher", CRASHERS, ids=[c.name for c in CRASHERS])
def test_known_crashers_stay_fixed(crasher: Path) -> None:
    source = crasher.read_text(encoding="utf-8")
    assert_sound(source, check_source(source, crasher.name, BUDGET))
    assert_sound(source, check_source(source, crasher.name, Settings()), Settings())
