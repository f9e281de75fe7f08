"""Every fixture with a golden file: kerasaudit's numbers must equal real Keras's."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from golden import compare, golden_files

GOLDEN = golden_files(FIXTURES)


def test_there_are_golden_files() -> None:
    assert len(GOLDEN) >= 4


@pytest.mark.parametrize("golden", GOLDEN, ids=[str(g.relative_to(FIXTURES)) for g in GOLDEN])
def test_static_summary_equals_real_keras(golden) -> None:
    problems = compare(golden)
    assert not problems, "\n".join(problems)
