"""Every fixture with a golden file: kerasaudit's numbers must equal real Keras's."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from golden import compare, declared_fixtures, golden_files

GOLDEN = golden_files(FIXTURES)
DECLARED = declared_fixtures(FIXTURES)


def test_there_are_golden_files() -> None:
    assert len(GOLDEN) >= 4


@pytest.mark.parametrize("golden", GOLDEN, ids=[str(g.relative_to(FIXTURES)) for g in GOLDEN])
def test_static_summary_equals_real_keras(golden) -> None:
    problems = compare(golden)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("fixture,golden", DECLARED, ids=[str(f.relative_to(FIXTURES)) for f, _ in DECLARED])
def test_legacy_fixture_equals_its_modern_equivalent(fixture, golden) -> None:
    """Keras 1/2 code real Keras 3 cannot run, against the golden file of the same model in Keras 3."""
    assert golden.exists(), f"{fixture} declares {golden.name}, which does not exist"
    assert not fixture.with_name(fixture.stem + ".keras.json").exists(), "a fixture has one golden file"
    problems = compare(golden, fixture)
    assert not problems, "\n".join(problems)
