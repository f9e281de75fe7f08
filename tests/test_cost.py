"""FLOPs/MACs and memory per sample (kerasaudit.cost), against values worked out by hand
from each layer's arithmetic: a convolution does (output positions) × (kernel volume ×
input channels per group × filters) multiply-adds, a Dense layer (inputs × units) per
position, an LSTM 4·units·(inputs + units) per time step, and so on. FLOPs = 2 × MACs."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run_cli
from kerasaudit.analysis.graph import NOWHERE, LayerObj, Node
from kerasaudit.analysis.values import Tensor
from kerasaudit.api import check_source
from kerasaudit.catalog import lookup
from kerasaudit.catalog.spec import Call, Config, Weight
from kerasaudit.cost import node_cost


def _model(source: str, index: int = -1):
    result = check_source(source, "m.py")
    assert result.models, result.diagnostics
    return result.models[index]


def _macs(source: str) -> dict[str, int | None]:
    return {row.name: row.macs for row in _model(source).layers}


def test_mnist_convnet_costs_through_the_cli() -> None:
    out = run_cli("summary", "--format", "json", str(FIXTURES / "seeds" / "mnist_convnet.py"))
    (model,) = json.loads(out.stdout)["files"][0]["models"]
    macs = {layer["name"]: layer["macs"] for layer in model["layers"]}
    assert macs == {
        "conv2d": 26 * 26 * 32 * (3 * 3 * 1),
        "conv2d_1": 24 * 24 * 64 * (3 * 3 * 32),
        "max_pooling2d": 0, "dropout": 0, "flatten": 0,
        "dense": 9216 * 128,
        "dropout_1": 0,
        "dense_1": 128 * 10,
    }
    assert model["macs"] == sum(macs.values()) and model["flops"] == 2 * model["macs"]
    for layer in model["layers"]:
        assert layer["flops"] == 2 * layer["macs"]
    # Every tensor of one forward pass, the 28x28x1 input included, in float32.
    elements = 28 * 28 + 26 * 26 * 32 + 24 * 24 * 64 + 3 * 12 * 12 * 64 + 128 + 128 + 10
    assert model["activation_bytes"] == 4 * elements
    assert model["param_bytes"] == {"float32": 4 * 1_199_882}
    text = run_cli("summary", str(FIXTURES / "seeds" / "mnist_convnet.py")).stdout
    assert f"FLOPs per sample: {2 * model['macs']:,} ({model['macs']:,} multiply-adds)" in text


def test_convolution_variants() -> None:
    macs = _macs("""
import keras
from keras import layers
x = keras.Input((3, 32, 40))
a = layers.Conv2D(8, 3, strides=2, padding="same", data_format="channels_first")(x)
y = keras.Input((64, 12))
b = layers.Conv1D(16, 5, groups=4)(y)
c = layers.Dense(7)(y)
d = layers.Dense(7, use_bias=False)(c)
m = keras.Model([x, y], [a, b, d])
""")
    assert macs["conv2d"] == (16 * 20) * (3 * 3 * 3 * 8)  # channels_first: spatial axes are 32, 40
    assert macs["conv1d"] == 60 * (5 * (12 // 4) * 16)  # groups divide the input channels
    assert macs["dense"] == 64 * 12 * 7  # applied at each of the 64 positions
    assert macs["dense_1"] == 64 * 7 * 7


def test_unknown_sizes_and_unknown_layers_make_the_cost_unknown_with_a_reason() -> None:
    model = _model("""
import keras
from keras import layers
x = keras.Input((None, None, 3))
y = layers.Conv2D(8, 3)(x)
m = keras.Model(x, y)
""")
    conv = model.layers[1]
    assert conv.macs is None and conv.flops is None and conv.cost_reason
    assert model.flops is None and model.cost_reason
    model = _model("""
import keras
from keras import layers
x = keras.Input((8,))
y = layers.Lambda(lambda t: t * 2)(x)
z = layers.Dense(4)(y)
m = keras.Model(x, z)
""")
    assert model.flops is None and model.cost_reason


def test_dtype_policies() -> None:
    half = _model("""
import keras
from keras import layers
keras.mixed_precision.set_global_policy("mixed_float16")
x = keras.Input((10,))
y = layers.Dense(4)(x)
m = keras.Model(x, y)
""")
    assert half.activation_bytes == 2 * (10 + 4)  # computes in float16
    assert half.param_bytes == {"float32": 4 * (10 * 4 + 4)}  # keeps float32 variables
    mixed = _model("""
import keras
from keras import layers
x = keras.Input((10,))
y = layers.Dense(4, dtype="float64")(x)
z = layers.Dense(2, dtype="bfloat16")(y)
m = keras.Model(x, z)
""")
    assert mixed.param_bytes == {"float64": 8 * 44, "bfloat16": 2 * 10}
    late = _model("""
import keras
from keras import layers
def build():
    x = keras.Input((10,))
    return keras.Model(x, layers.Dense(4)(x))
keras.mixed_precision.set_global_policy("mixed_float16")
m = build()
""")
    # The policy is set after the builder is written: whether it applies is not followed.
    assert late.activation_bytes is None and late.activation_reason
    assert late.param_bytes is None and late.macs == 40


# -- the formulas of layer families other engineers add to the catalog ---------------------
# Each case: class, config, weights as Keras creates them, call inputs, output shape, MACs.
CASES = [
    ("DepthwiseConv2D", {"kernel_size": (3, 3), "depth_multiplier": 2, "padding": "same", "data_format": None},
     [Weight("kernel", (3, 3, 8, 2)), Weight("bias", (16,))], {"inputs": (None, 32, 32, 8)},
     (None, 32, 32, 16), 32 * 32 * (3 * 3 * 8 * 2)),
    ("SeparableConv2D", {"filters": 16, "kernel_size": (3, 3), "data_format": None},
     [Weight("depthwise_kernel", (3, 3, 8, 1)), Weight("pointwise_kernel", (1, 1, 8, 16)), Weight("bias", (16,))],
     {"inputs": (None, 32, 32, 8)}, (None, 30, 30, 16), 30 * 30 * (3 * 3 * 8 + 8 * 16)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": (2, 2), "strides": (2, 2), "data_format": None},
     [Weight("kernel", (2, 2, 4, 6)), Weight("bias", (4,))], {"inputs": (None, 5, 7, 6)},
     (None, 10, 14, 4), 5 * 7 * (2 * 2 * 4 * 6)),
    ("LSTM", {"units": 32}, [Weight("kernel", (8, 128)), Weight("recurrent_kernel", (32, 128)), Weight("bias", (128,))],
     {"inputs": (None, 50, 8)}, (None, 32), 50 * 4 * 32 * (8 + 32)),
    ("GRU", {"units": 16}, [Weight("kernel", (4, 48)), Weight("recurrent_kernel", (16, 48)), Weight("bias", (2, 48))],
     {"inputs": (None, 5, 4)}, (None, 5, 16), 5 * 3 * 16 * (4 + 16)),
    ("SimpleRNN", {"units": 10}, [Weight("kernel", (3, 10)), Weight("recurrent_kernel", (10, 10)), Weight("bias", (10,))],
     {"inputs": (None, 7, 3)}, (None, 10), 7 * 10 * (3 + 10)),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 16, "value_dim": None},
     [Weight("kernel", (32, 2, 16)), Weight("bias", (2, 16)), Weight("kernel", (24, 2, 16)), Weight("bias", (2, 16)),
      Weight("kernel", (24, 2, 16)), Weight("bias", (2, 16)), Weight("kernel", (2, 16, 32)), Weight("bias", (32,))],
     {"query": (None, 10, 32), "value": (None, 20, 24), "key": None},
     (None, 10, 32),
     # projections q, k (= value), v; scores and weighted sum per head; output projection
     10 * 32 * 2 * 16 + 20 * 24 * 2 * 16 + 20 * 24 * 2 * 16 + 2 * 10 * 20 * (16 + 16) + 10 * 2 * 16 * 32),
    ("Attention", {}, [], {"inputs": [(None, 10, 16), (None, 20, 16)]}, (None, 10, 16), 10 * 20 * 16 * 2),
]


def _node(class_name: str, cfg: dict, weights: list, call: dict, out: tuple) -> tuple[LayerObj, Node]:
    layer = LayerObj(None, class_name, Config(class_name, cfg), class_name.lower(), NOWHERE)
    layer.weights = weights
    node = Node(layer, None, [], NOWHERE)
    node.call = Call(class_name, call)
    node.outputs = Tensor(out, node, 0)
    return layer, node


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_family_formulas(case) -> None:
    class_name, cfg, weights, call, out, expected = case
    layer, node = _node(class_name, cfg, weights, call, out)
    cost = node_cost(layer, node)
    assert cost.macs == expected, cost.reason
    assert cost.flops == 2 * expected


def test_gated_attention_projects_the_query_once_more() -> None:
    class_name, cfg, weights, call, out, expected = CASES[6]
    gate = [Weight("kernel", (32, 2, 16)), Weight("bias", (2, 16))]
    layer, node = _node(class_name, {**cfg, "use_gate": True}, weights[:4] + gate + weights[4:], call, out)
    assert node_cost(layer, node).macs == expected + 10 * 32 * 2 * 16


def test_bidirectional_runs_both_directions() -> None:
    lstm = CASES[3]
    wrapper, node = _node("Bidirectional", {}, [], lstm[3], (None, 64))
    forward, _ = _node(*lstm[:5])
    backward, _ = _node(*lstm[:5])
    wrapper.inner_layers = [forward, backward]
    assert node_cost(wrapper, node).macs == 2 * lstm[5]


CLI_CASES = [
    ("DepthwiseConv2D", "x = keras.Input((32, 32, 8))\ny = layers.DepthwiseConv2D(3, depth_multiplier=2, "
                        "padding='same')(x)", CASES[0][5]),
    ("SeparableConv2D", "x = keras.Input((32, 32, 8))\ny = layers.SeparableConv2D(16, 3)(x)", CASES[1][5]),
    ("Conv2DTranspose", "x = keras.Input((5, 7, 6))\ny = layers.Conv2DTranspose(4, 2, strides=2)(x)", CASES[2][5]),
    ("LSTM", "x = keras.Input((50, 8))\ny = layers.LSTM(32)(x)", CASES[3][5]),
    ("GRU", "x = keras.Input((5, 4))\ny = layers.GRU(16, return_sequences=True)(x)", CASES[4][5]),
    ("SimpleRNN", "x = keras.Input((7, 3))\ny = layers.SimpleRNN(10)(x)", CASES[5][5]),
    ("Bidirectional", "x = keras.Input((50, 8))\ny = layers.Bidirectional(layers.LSTM(32))(x)", 2 * CASES[3][5]),
    ("MultiHeadAttention", "q = keras.Input((10, 32))\nv = keras.Input((20, 24))\n"
                           "y = layers.MultiHeadAttention(2, 16)(q, v)\nx = [q, v]", CASES[6][5]),
    ("Attention", "q = keras.Input((10, 16))\nv = keras.Input((20, 16))\ny = layers.Attention()([q, v])\n"
                  "x = [q, v]", CASES[7][5]),
]


@pytest.mark.parametrize("class_name,body,expected", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_family_costs_through_the_cli(tmp_path, class_name: str, body: str, expected: int) -> None:
    if lookup(class_name) is None:
        pytest.skip(f"the catalog has no {class_name} yet")
    model = tmp_path / "m.py"
    model.write_text(f"import keras\nfrom keras import layers\n{body}\nm = keras.Model(x, y)\n")
    doc = json.loads(run_cli("summary", "--format", "json", str(model)).stdout)
    layer = next(layer for layer in doc["files"][0]["models"][0]["layers"] if layer["class"] == class_name)
    assert layer["macs"] == expected, layer.get("flops_unknown_reason")


def test_operations_between_layers_cost_only_their_products(tmp_path) -> None:
    script = tmp_path / "ops.py"
    script.write_text(
        "import keras\n"
        "from keras import layers, ops\n"
        "a = keras.Input((8, 16))\n"
        "b = keras.Input((16, 4))\n"
        "p = ops.matmul(a, b)\n"
        "q = a @ layers.Dense(16)(b)\n"
        "r = ops.mean(p + 1.0, axis=-1)\n"
        "model = keras.Model([a, b], [q, r])\n")
    out = run_cli("summary", "--format", "json", str(script))
    (model,) = json.loads(out.stdout)["files"][0]["models"]
    macs = {layer["class"]: layer["macs"] for layer in model["layers"] if layer["class"] != "InputLayer"}
    assert macs["Add"] == 0 and macs["Mean"] == 0
    matmuls = [layer["macs"] for layer in model["layers"] if layer["class"] == "Matmul"]
    # (8, 16) @ (16, 4): an 8x4 output, 16 products each; (8, 16) @ (16, 16): 8x16 outputs.
    assert sorted(matmuls) == sorted([8 * 4 * 16, 8 * 16 * 16])
