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


# Differences from Keras the generators steer around until they are fixed (each reported to the
# owner with a reproducer): the CI run stays green on known bugs, and a long run can still
# explore them with KERASAUDIT_DIFF_GAPS=all (or a comma-separated list of names).
KNOWN_GAPS: dict[str, str] = {
    "time-distributed-rank": "TimeDistributed(layer) where the wrapped layer does not take the rank of one time "
                             "step (TimeDistributed(GlobalAveragePooling2D()) on a rank-3 input): Keras computes "
                             "the inner compute_output_shape without checking and builds the model; kerasaudit "
                             "reports the inner layer's rank error",
    "subclass-build": "model.build(shape) on a subclassed model: Keras builds none of its layers (their "
                      "params stay unknown) but layers built at construction (Dropout, GaussianNoise, "
                      "activations...) report 0 params; kerasaudit reports those unknown too",
}
_ALLOWED = {g.strip() for g in os.environ.get("KERASAUDIT_DIFF_GAPS", "").split(",") if g.strip()}


def gap_allowed(name: str) -> bool:
    """Whether generators may produce what the known gap ``name`` gets wrong."""
    assert name in KNOWN_GAPS, name
    return name in _ALLOWED or "all" in _ALLOWED
