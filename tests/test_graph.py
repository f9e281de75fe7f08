"""`kerasaudit graph`: layer graphs with shapes on the edges and parameters on the nodes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import FIXTURES, ROOT, run_cli

SEEDS = FIXTURES / "seeds"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def _golden(name: str) -> list[dict]:
    return json.loads((SEEDS / f"{name}.keras.json").read_text())["models"]


def _shape(dims: list) -> str:
    return "(" + ", ".join("None" if x is None else str(x) for x in dims) + ")"


def test_mermaid_graph_of_the_resnet_stem() -> None:
    out = run_cli("graph", str(SEEDS / "resnet50v2_stem.py"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "flowchart TD"
    for i, model in enumerate(_golden("resnet50v2_stem")):
        for j, layer in enumerate(model["layers"]):
            assert f'    m{i}_n{j}["{layer["name"]}<br/>{layer["class"]}<br/>{layer["params"]:,} params"]' in lines
        # each tensor passed on, labelled with the producing layer's output shape (from Keras)
        for j, layer in enumerate(model["layers"][:-1]):
            assert f'  m{i}_n{j} -- "{_shape(layer["output_shape"])}" --> m{i}_n{j + 1}' in lines
        last = len(model["layers"]) - 1
        assert f'  m{i}_n{last} -- "{_shape(model["layers"][-1]["output_shape"])}" --> m{i}_out0' in lines


def test_dot_graph_has_every_connection_of_the_unet() -> None:
    out = run_cli("graph", "--format", "dot", str(SEEDS / "unet.py"))
    assert out.returncode == 0
    (model,) = _golden("unet")
    index = {layer["name"]: j for j, layer in enumerate(model["layers"])}
    edges = [line.strip() for line in out.stdout.splitlines() if "->" in line]
    # The first skip connection: concatenate takes dropout (drop4) and conv2d_10 (up6).
    concat = index["concatenate"]
    assert f'm0_n{index["dropout"]} -> m0_n{concat} [label="(None, 32, 32, 512)"];' in edges
    assert f'm0_n{index["conv2d_10"]} -> m0_n{concat} [label="(None, 32, 32, 512)"];' in edges
    # one edge per input tensor of each layer, plus the output
    assert len(edges) == len(model["layers"]) - 1 + 4 + 1


@needs_dot
def test_svg_and_png_through_graphviz(tmp_path) -> None:
    svg = run_cli("graph", "--format", "svg", str(SEEDS / "mnist_convnet.py"))
    assert svg.returncode == 0, svg.stderr
    root = ET.fromstring(svg.stdout)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "dense" in texts and "1,179,776 params" in texts and "(None, 9216)" in texts
    target = tmp_path / "model.png"
    png = run_cli("graph", "--format", "png", "-o", str(target), str(SEEDS / "mnist_convnet.py"))
    assert png.returncode == 0 and target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_graphviz_svg_says_so_and_dot_still_works(tmp_path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = dict(os.environ, PATH=str(empty), PYTHONPATH=str(ROOT))
    args = [sys.executable, "-m", "kerasaudit", "graph", "--format", "svg", str(SEEDS / "mnist_convnet.py")]
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 2 and "needs Graphviz's `dot` program" in out.stderr
    args[5] = "dot"
    assert subprocess.run(args, capture_output=True, text=True, env=env, timeout=120).returncode == 0


def test_nothing_to_draw(tmp_path) -> None:
    (tmp_path / "plain.py").write_text("x = 1\n")
    out = run_cli("graph", "plain.py", cwd=tmp_path)
    assert out.returncode == 2 and "no Keras model found" in out.stderr
