"""No argument a user can write makes a catalog spec crash the analysis.

Every spec of these families is constructed with odd or unknown arguments and applied to
inputs of several ranks; the file must be analysed without an internal error (KA004): a
layer Keras would reject becomes an unknown with a reason, never a crash.
"""

from __future__ import annotations

import pytest

from kerasaudit.api import check_source
from kerasaudit.catalog import all_specs

FAMILIES = {"activations", "regularization", "reshaping", "conv", "pooling", "normalization",
            "image_preprocessing", "locally_connected", "core", "recurrent", "attention", "wrappers",
            "embedding", "merge", "preprocessing"}
INPUTS = ["(None, 8)", "(9, 9, 3)", "(5, 6, 7, 2)"]
VALUES = ["n", "'th'", "None", "-1", "(2, n)", "((1, 2), (3, 4))"]
NAMES = sorted(n for n, s in all_specs().items() if s.family in FAMILIES and n != "InputLayer")


@pytest.mark.parametrize("name", NAMES)
def test_odd_arguments_never_crash(name: str) -> None:
    failures = []
    for shape in INPUTS:
        for value in VALUES:
            for count in (1, 2):
                args = ", ".join([value] * count)
                source = (f"import keras, random\nfrom keras import layers\nn = random.randint(1, 4)\n"
                          f"x = keras.Input({shape})\ny = layers.{name}({args})(x)\nm = keras.Model(x, y)\n")
                result = check_source(source, "case.py")
                failures += [f"{name}({args}) on {shape}: {d.message}" for d in result.diagnostics if d.code == "KA004"]
    assert not failures, "\n".join(failures[:5])
