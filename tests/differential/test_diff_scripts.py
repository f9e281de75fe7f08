"""Generated model scripts: kerasaudit's static summary must equal what real Keras builds."""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

from hypothesis import assume, given  # noqa: E402

from .check import Inconclusive, check_script, explain  # noqa: E402
from .config import diff_settings  # noqa: E402
from .plan import plans  # noqa: E402
from .render import scripts  # noqa: E402

pytestmark = [pytest.mark.keras, pytest.mark.filterwarnings("ignore::UserWarning")]


@diff_settings(150)
@given(scripts(plans(sequential=True, invalid=False)))
def test_sequential_scripts_match_keras(script) -> None:
    assume(script.plan.ops)
    problems = judge(script)
    assert not problems, explain(script, problems)


@diff_settings(250)
@given(scripts(plans(sequential=False, invalid=False)))
def test_functional_scripts_match_keras(script) -> None:
    assume(script.plan.ops)
    problems = judge(script)
    assert not problems, explain(script, problems)


@diff_settings(150)
@given(scripts(plans(invalid=True)))
def test_scripts_keras_rejects_are_flagged(script) -> None:
    assume(script.plan.invalid is not None)
    problems = judge(script)
    assert not problems, explain(script, problems)


def judge(script) -> list[str]:
    try:
        return check_script(script)
    except Inconclusive:
        assume(False)
        return []
