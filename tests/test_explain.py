"""`kerasaudit explain`: the four seed questions, answered from the source, with the numbers
real Keras printed (read from the fixtures' golden files)."""

from __future__ import annotations

import json

from conftest import FIXTURES, run_cli

SEEDS = FIXTURES / "seeds"


def _golden(name: str) -> list[dict]:
    return json.loads((SEEDS / f"{name}.keras.json").read_text())["models"]


def _layer(model: dict, name: str) -> dict:
    return next(layer for layer in model["layers"] if layer["name"] == name)


def _shape(dims: list) -> str:
    return "(" + ", ".join("None" if x is None else str(x) for x in dims) + ")"


def test_seed_000_same_parameters_for_both_input_sizes() -> None:
    """Why does conv1_conv have 9,472 parameters for a 440x340 and a 550x425 input?"""
    out = run_cli("explain", str(SEEDS / "resnet50v2_stem.py:8"))
    assert out.returncode == 0, out.stderr
    small, large = _golden("resnet50v2_stem")
    blocks = out.stdout.split("\n\n")
    assert len(blocks) == 2
    for block, model, size in zip(blocks, (small, large), ((440, 340), (550, 425))):
        conv = _layer(model, "conv1_conv")
        h, w = conv["output_shape"][1:3]
        assert f"output: {_shape(conv['output_shape'])}" in block
        # The arithmetic in the user's values: ZeroPadding2D((3, 3)) then a 7x7 kernel, stride 2.
        assert f"({size[0]} + 2·3 − 7) // 2 + 1 = {h}" in block
        assert f"({size[1]} + 2·3 − 7) // 2 + 1 = {w}" in block
        assert "kernel (7, 7, 3, 64) = 9,408" in block
        assert "bias (64,) = 64" in block
        assert f"total {conv['params']:,}" in block
        assert "not on the input's spatial size" in block
        assert "trainable: yes" in block


def test_seed_002_conv_block_widens_64_to_256_channels() -> None:
    model = _golden("resnet50_blocks")[0]
    out = run_cli("explain", str(SEEDS / "resnet50_blocks.py"), "--layer", "res2a_branch2c")
    assert out.returncode == 0, out.stderr
    conv = _layer(model, "res2a_branch2c")
    before = _layer(model, "activation_2")
    assert f"input:  {_shape(before['output_shape'])}" in out.stdout
    assert f"output: {_shape(conv['output_shape'])}" in out.stdout
    assert "kernel (1, 1, 64, 256) = 16,384" in out.stdout and f"total {conv['params']:,}" in out.stdout
    # The residual addition: both branches end in the same shape.
    add = run_cli("explain", str(SEEDS / "resnet50_blocks.py:59")).stdout
    assert add.startswith(f"{SEEDS / 'resnet50_blocks.py'}:59: add (Add)")
    assert f"output: {_shape(_layer(model, 'add')['output_shape'])}" in add
    assert "from bn2a_branch2c (BatchNormalization, line 54), bn2a_branch1 (BatchNormalization, line 57)" in add
    # Batch normalisation: why half of its parameters are not trainable.
    bn = run_cli("explain", str(SEEDS / "resnet50_blocks.py"), "--layer", "bn2a_branch2c").stdout
    assert "moving_mean (256,) = 256" in bn and "not trained by the optimizer" in bn
    assert f"total {_layer(model, 'bn2a_branch2c')['params']:,}" in bn


def test_seed_003_unet_up_convolution_has_a_2x2_kernel() -> None:
    """The asker multiplied by 3·3; the code says Conv2D(512, 2): a 2x2 kernel."""
    model = _golden("unet")[0]
    out = run_cli("explain", str(SEEDS / "unet.py:24"))
    assert out.returncode == 0, out.stderr
    up_conv = _layer(model, "conv2d_10")
    assert up_conv["params"] == 2_097_664
    assert "conv2d_10 (Conv2D)" in out.stdout and "up_sampling2d (UpSampling2D)" in out.stdout
    assert "kernel (2, 2, 1024, 512) = 2,097,152" in out.stdout
    assert "2×2 kernel (kernel_size=2)" in out.stdout
    assert f"total {up_conv['params']:,}" in out.stdout
    assert "16·2 = 32" in out.stdout  # the up-sampling doubles each side


def test_seed_004_dense_weights_and_get_weights_indices() -> None:
    model = _golden("mnist_convnet")[0]
    out = run_cli("explain", str(SEEDS / "mnist_convnet.py:16"))
    assert out.returncode == 0, out.stderr
    assert "kernel (9216, 128) = 1,179,648" in out.stdout and "bias (128,) = 128" in out.stdout
    assert f"total {_layer(model, 'dense')['params']:,}" in out.stdout
    # get_weights()[4] is this kernel in real Keras.
    assert model["weights"][4]["shape"] == [9216, 128]
    assert 'model.get_weights() of "model": [4] kernel, [5] bias' in out.stdout
    flatten = run_cli("explain", str(SEEDS / "mnist_convnet.py"), "--layer", "flatten").stdout
    assert "12·12·64 = 9216" in flatten
    pool = run_cli("explain", str(SEEDS / "mnist_convnet.py:13")).stdout
    assert "(24 − 2) // 2 + 1 = 12" in pool


def test_nothing_to_explain(tmp_path) -> None:
    out = run_cli("explain", str(SEEDS / "mnist_convnet.py:3"))
    assert out.returncode == 2 and "no layer on line 3; layers are written on lines 11, 12" in out.stderr
    assert run_cli("explain", str(SEEDS / "mnist_convnet.py"), "--layer", "nope").returncode == 2
    assert run_cli("explain", str(tmp_path / "missing.py:3")).returncode == 2
    assert run_cli("explain", str(SEEDS / "mnist_convnet.py")).returncode == 2  # neither line nor --layer


def test_frozen_and_unknown_layers(tmp_path) -> None:
    model = tmp_path / "m.py"
    model.write_text("import keras\nfrom keras import layers\nx = keras.Input((None, 3))\n"
                     "y = layers.Dense(4, trainable=False)(x)\nz = layers.Conv1D(2, 3)(y)\n"
                     "m = keras.Model(x, z)\n")
    out = run_cli("explain", f"{model}:4").stdout
    assert "trainable: no (trainable=False in its constructor)" in out
    assert "kernel (3, 4) = 12" in out
    conv = run_cli("explain", f"{model}:5").stdout
    # The steps axis is left open (None): the formula keeps the symbol instead of guessing.
    assert "output: (None, " in conv and "kernel (3, 4, 2) = 24" in conv


def test_wrappers_and_attention_name_each_weight_as_keras_does() -> None:
    """Each weight's label and get_weights() index, checked against the paths real Keras gave."""
    path = FIXTURES / "outputs" / "families.py"
    keras_weights = json.loads(path.with_suffix(".keras.json").read_text())["models"][0]["weights"]
    source = path.read_text().splitlines()

    def line(text: str) -> int:
        return next(i for i, written in enumerate(source, 1) if text in written)

    at = line("Bidirectional(")
    bidi = run_cli("explain", f"{path}:{at}").stdout
    assert bidi.startswith(f"{path}:{at}: bidirectional (Bidirectional)")  # not the GRU template it wraps
    listing = bidi[bidi.index("model.get_weights()"):]
    for index in range(10, 16):
        label = keras_weights[index]["path"].replace("bidirectional/", "").replace("/gru_cell", "")
        assert f"[{index}] {label}" in listing
    assert "forward_gru/kernel (32, 48) = 1,536" in bidi and "3·16 = 48 (update, reset and candidate)" in bidi
    mha = run_cli("explain", f"{path}:{line('MultiHeadAttention(')}").stdout
    roles = {"query": "query projection", "key": "key projection", "value": "value projection",
             "attention_output": "output projection"}
    kernels = [w for w in keras_weights if w["path"].startswith("multi_head_attention/") and w["name"] == "kernel"]
    for w in kernels:
        role = w["path"].split("/")[1]
        shape = "(" + ", ".join(map(str, w["shape"])) + ")"
        assert any(line.strip().startswith(f"kernel {shape}") and roles[role] in line
                   for line in mha.splitlines()), (role, mha)
    transpose = run_cli("explain", f"{path}:{line('Conv2DTranspose(')}").stdout
    assert "15·2 + 1 = 31" in transpose and "kernel (3, 3, 4, 16) = 576" in transpose
