"""Python constructs real model code uses around layers: comprehensions, while loops, *args and
**kwargs forwarding, closures and factories, methods, recursion; and the step budget turning
runaway code into unknowns with a reason instead of a hang. Expected counts are computed by real
Keras on the same code (the snippets are ours)."""

from __future__ import annotations

import math
import os

import pytest

from kerasaudit.api import check_source
from kerasaudit.settings import Settings

SNIPPETS = {
    "comprehension_and_while": '''
import keras
from keras import layers
widths = [2 ** i for i in range(4, 7)]
blocks = [layers.Dense(w, activation="relu") for w in widths if w != 32]
inp = keras.Input((10,))
x = inp
i = 0
while i < len(blocks):
    x = blocks[i](x)
    i += 1
model = keras.Model(inp, x)
''',
    "args_kwargs_forwarding": '''
import keras
from keras import layers

def conv_bn(x, *args, name=None, **kwargs):
    x = layers.Conv2D(*args, use_bias=False, **kwargs)(x)
    return layers.BatchNormalization()(x)

def stack(x, *specs, **common):
    for filters, kernel in specs:
        x = conv_bn(x, filters, kernel, **common)
    return x

inp = keras.Input((32, 32, 3))
out = stack(inp, (8, 3), (16, 5), (32, 1), padding="same", strides=1)
model = keras.Model(inp, out)
''',
    "closures_and_factories": '''
import keras
from keras import layers

def make_block(filters, pool=True):
    def block(x):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        if pool:
            x = layers.MaxPooling2D()(x)
        return x
    return block

blocks = [make_block(f) for f in (8, 16)] + [make_block(32, pool=False)]
inp = keras.Input((28, 28, 1))
x = inp
for b in blocks:
    x = b(x)
model = keras.Model(inp, layers.Dense(10)(layers.Flatten()(x)))
''',
    "recursion_unet": '''
import keras
from keras import layers

def level(x, depth, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    if depth == 0:
        return x
    down = layers.MaxPooling2D()(x)
    inner = level(down, depth - 1, filters * 2)
    up = layers.Conv2DTranspose(filters, 2, strides=2)(inner)
    return layers.Concatenate()([x, up])

inp = keras.Input((64, 64, 3))
model = keras.Model(inp, layers.Conv2D(1, 1)(level(inp, 3, 8)))
''',
    "methods_of_a_plain_builder_class": '''
import keras
from keras import layers

class Builder:
    def __init__(self, classes):
        self.classes = classes
        self.width = 24

    def head(self, x):
        return layers.Dense(self.classes, activation="softmax")(x)

    @staticmethod
    def body(x, width):
        return layers.Dense(width, activation="relu")(x)

    def build(self):
        inp = keras.Input((12,))
        return keras.Model(inp, self.head(self.body(inp, self.width)))

model = Builder(3).build()
''',
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_constructs_give_real_keras_counts(name: str) -> None:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras
    namespace: dict = {}
    with keras.StatelessScope(initialize_variables=False):
        exec(SNIPPETS[name], namespace)  # our own snippet, run by real Keras for the expected numbers
        expected = sum(math.prod(w.shape) for w in namespace["model"].weights)
        expected_shape = [None if d is None else int(d) for d in namespace["model"].output.shape]
    result = check_source(SNIPPETS[name], f"{name}.py")
    model = result.models[-1]
    assert model.total_params == expected, model.unknown_reason
    from kerasaudit.analysis.shapes import shape_to_json
    assert shape_to_json(model.layers[-1].output_shape) == expected_shape


def test_runaway_loops_and_recursion_end_in_unknowns_with_the_reason() -> None:
    code = '''
import keras
from keras import layers

def grow(x, n):
    return grow(layers.Dense(4)(x), n + 1)

inp = keras.Input((4,))
deep = keras.Model(inp, grow(inp, 0))
n = 0
while True:
    n += 1
wide = keras.Sequential([keras.Input((2,)), layers.Dense(n)])
'''
    deep, wide = check_source(code, "runaway.py").models
    assert deep.total_params is None and wide.total_params is None
    assert "runs more than" in wide.unknown_reason  # the loop is cut, what it computes is unknown
    small = check_source(code, "runaway.py", Settings(max_steps=2_000))
    assert any(d.code == "KA003" and "budget" in d.message for d in small.diagnostics)
    assert all(m.total_params is None for m in small.models)
