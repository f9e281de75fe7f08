"""Models real Keras refuses to build: kerasaudit must not give them numbers.

Each case is run under real Keras (it must raise) and analysed statically: the layer Keras
rejects gets no output shape or no parameter count, never a made-up one.
"""

from __future__ import annotations

import os
import textwrap

import pytest

from kerasaudit.analysis.shapes import UnknownShape
from kerasaudit.api import check_source

HEADER = "import keras\nfrom keras import layers\n"

CASES = {
    "average pooling has no default pool size": (
        "AveragePooling2D", "x = keras.Input((8, 8, 3))\ny = layers.AveragePooling2D()(x)\nm = keras.Model(x, y)"),
    "Reshape takes a tuple": (
        "Reshape", "x = keras.Input((10,))\ny = layers.Reshape(10)(x)\nm = keras.Model(x, y)"),
    "SpatialDropout1D takes no input_shape": (
        "SpatialDropout1D", "m = keras.Sequential([layers.SpatialDropout1D(0.2, input_shape=(10, 4)), "
                            "layers.Dense(2)])\nm.build()"),
    "Equalization makes a graph cycle": (
        "Equalization", "m = keras.Sequential([keras.Input((8, 8, 3)), layers.Equalization()])"),
    "PReLU on an open size": (
        "PReLU", "x = keras.Input((None, 8))\ny = layers.PReLU()(x)\nm = keras.Model(x, y)"),
    "strides with dilation": (
        "Conv2D", "x = keras.Input((16, 16, 3))\ny = layers.Conv2D(8, 3, strides=2, dilation_rate=2)(x)\n"
                  "m = keras.Model(x, y)"),
    "cropping the whole image": (
        "Cropping2D", "x = keras.Input((8, 8, 3))\ny = layers.Cropping2D(4)(x)\nm = keras.Model(x, y)"),
    "output_padding not below strides": (
        "Conv2DTranspose", "x = keras.Input((8, 8, 3))\ny = layers.Conv2DTranspose(4, 3, strides=2, "
                           "output_padding=2)(x)\nm = keras.Model(x, y)"),
    "groups not dividing the channels": (
        "GroupNormalization", "x = keras.Input((8, 6))\ny = layers.GroupNormalization(groups=4)(x)\n"
                              "m = keras.Model(x, y)"),
    "color degeneration needs RGB": (
        "RandomColorDegeneration", "x = keras.Input((8, 8, 4))\ny = layers.RandomColorDegeneration(0.2)(x)\n"
                                   "m = keras.Model(x, y)"),
    "Normalization over an open axis": (
        "Normalization", "x = keras.Input((None, 3))\ny = layers.Normalization(axis=1)(x)\nm = keras.Model(x, y)"),
    "valid pooling larger than the input": (
        "MaxPooling2D", "x = keras.Input((3, 3, 1))\ny = layers.MaxPooling2D(4)(x)\nm = keras.Model(x, y)"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_real_keras_refuses(case: str) -> None:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    keras = pytest.importorskip("keras")
    code = HEADER + CASES[case][1]
    with pytest.raises((TypeError, ValueError)):
        exec(compile(code, case, "exec"), {"keras": keras})  # our own test snippet


@pytest.mark.parametrize("case", sorted(CASES))
def test_kerasaudit_gives_no_numbers(case: str) -> None:
    class_name, body = CASES[case]
    result = check_source(HEADER + textwrap.dedent(body), "case.py")
    rows = [row for model in result.models for row in model.layers if row.class_name == class_name]
    for row in rows:
        assert row.params is None or isinstance(row.output_shape, UnknownShape), (case, row)
    for model in result.models:
        if rows:
            assert model.total_params is None or any(isinstance(r.output_shape, UnknownShape)
                                                     for r in model.layers), case
