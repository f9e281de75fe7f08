"""How many examples, and whether they are the same every run.

CI runs a fixed, derandomized set (``derandomize=True``): the examples are a pure function
of the test code and the catalog, so a red CI run is caused by the change under test and
reruns are reproducible -- never a new random draw that fails on someone else's branch.
Exploration is for long runs by hand: ``KERASAUDIT_DIFF_EXAMPLES=N`` draws N random
examples per test (new ones every run) and keeps failures in hypothesis's local database
(``.hypothesis/``, ignored by git) so the next run replays them first.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("KERASAUDIT_DIFF_EXAMPLES", "0") or 0)
LONG_RUN = EXAMPLES > 0


def diff_settings(ci_examples: int, long_share: float = 1.0) -> settings:
    """Settings for one differential test: ``ci_examples`` in CI, a share of N in a long run."""
    return settings(
        max_examples=max(1, int(EXAMPLES * long_share)) if LONG_RUN else ci_examples,
        derandomize=not LONG_RUN,
        database=settings.default.database if LONG_RUN else None,
        deadline=None,  # Keras builds take variable time on a shared machine
        suppress_health_check=list(HealthCheck),  # slow, Keras-backed generation is expected
        print_blob=True,
    )
