"""Bad input, through the CLI: every file gets its own clear message with file:line, the
other files are still analysed, and the exit code follows the documented scheme
(0 clean, 1 findings, 2 the tool could not read its input)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli

MNIST = (FIXTURES / "seeds" / "mnist_convnet.py").read_text()
MNIST_PARAMS = 1199882  # real Keras: fixtures/seeds/mnist_convnet.keras.json


def _good(tmp_path: Path, name: str = "good.py") -> Path:
    good = tmp_path / name
    good.write_text(MNIST)
    return good


def _summary(*args: str) -> tuple[int, dict, str]:
    out = run_cli("summary", "--format", "json", "--no-cache", *args)
    return out.returncode, json.loads(out.stdout), out.stderr


def _files(doc: dict) -> dict[str, dict]:
    return {Path(f["path"]).name: f for f in doc["files"]}


def test_each_undecodable_file_is_reported_at_its_line_and_the_rest_analysed(tmp_path: Path) -> None:
    cases = {
        "binary.py": bytes(range(256)) * 20,
        "latin1_undeclared.py": b"x = 1\ny = '\xe9t\xe9'\n",
        "bom_and_latin1.py": b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nx = 1\n",
        "rot13.py": b"# coding: rot13\nx = 1\n",
        "utf16.py": b"# coding: utf-16\nx = 1\n",
        "unknown_codec.py": b"# coding: no-such-codec\nx = 1\n",
        "nul_late.py": b"x = 1\n" * 3000 + b"y = '\x00'\n",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    good = _good(tmp_path)
    out = run_cli("check", "--format", "concise", "--no-cache", str(tmp_path))
    assert out.returncode == 1, out.stderr  # undecodable source is a finding: Python refuses it too
    lines = out.stdout.splitlines()

    def line_for(name: str) -> str:
        found = [ln for ln in lines if ln.startswith(str(tmp_path / name) + ":")]
        assert len(found) == 1, (name, out.stdout)
        return found[0]

    assert "KA002" in line_for("binary.py") and "binary" in line_for("binary.py")
    assert line_for("latin1_undeclared.py").startswith(f"{tmp_path / 'latin1_undeclared.py'}:2:6: KA002")
    assert "0xe9" in line_for("latin1_undeclared.py")
    assert "BOM" in line_for("bom_and_latin1.py")
    assert ":1:1: KA002 encoding problem: rot13" in line_for("rot13.py")
    assert ":1:1: KA002 encoding problem: utf-16" in line_for("utf16.py")
    assert "no-such-codec" in line_for("unknown_codec.py")
    assert line_for("nul_late.py").startswith(f"{tmp_path / 'nul_late.py'}:3001:6: KA002 source code cannot")
    assert not [ln for ln in lines if ln.startswith(str(good))]
    code, doc, _ = _summary(str(tmp_path))
    assert _files(doc)["good.py"]["models"][0]["total_params"] == MNIST_PARAMS
    assert len(doc["files"]) == len(cases) + 1


def test_declared_encodings_bom_and_crlf_are_read_like_python_reads_them(tmp_path: Path) -> None:
    body = MNIST.replace('"""', "'''")
    (tmp_path / "latin1.py").write_bytes(b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + body.encode())
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + body.encode())
    (tmp_path / "crlf.py").write_bytes(body.replace("\n", "\r\n").encode())
    (tmp_path / "cp1252_second_line.py").write_bytes(b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n"
                                                     b"# \x93quoted\x94\n" + body.encode())
    code, doc, err = _summary(str(tmp_path))
    assert code == 0, err
    files = _files(doc)
    mnist_dense_line = 16
    for name, shift in (("latin1.py", 2), ("bom.py", 0), ("crlf.py", 0), ("cp1252_second_line.py", 3)):
        (model,) = files[name]["models"]
        assert model["total_params"] == MNIST_PARAMS, name
        dense = [layer for layer in model["layers"] if layer["class"] == "Dense"][0]
        assert dense["line"] == mnist_dense_line + shift, name  # CRLF and BOM do not shift lines


def test_crlf_syntax_error_is_located_at_python_s_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "crlf_bad.py"
    bad.write_bytes(b"import keras\r\nx = 1\r\ny = keras.layers.Dense(3\r\nz = 2\r\n")
    out = run_cli("check", "--format", "concise", "--no-cache", str(bad))
    assert out.returncode == 1
    try:
        compile(bad.read_bytes(), str(bad), "exec")
    except SyntaxError as exc:
        expected = f"{bad}:{exc.lineno}:{exc.offset}: KA001"
    assert out.stdout.startswith(expected), out.stdout


def test_symlink_loop_is_unreadable_exit_2_others_analysed(tmp_path: Path) -> None:
    (tmp_path / "loop_a.py").symlink_to(tmp_path / "loop_b.py")
    (tmp_path / "loop_b.py").symlink_to(tmp_path / "loop_a.py")
    (tmp_path / "dangling.py").symlink_to(tmp_path / "missing.py")  # names no file: skipped in a walk
    good = _good(tmp_path)
    out = run_cli("check", "--format", "concise", "--no-cache", str(tmp_path))
    assert out.returncode == 2
    assert f"{tmp_path / 'loop_a.py'}:1:1: KA002 cannot read the file: Too many levels of symbolic links" \
        in out.stdout
    assert "dangling" not in out.stdout
    named = run_cli("check", "--format", "concise", "--no-cache", str(tmp_path / "dangling.py"))
    assert named.returncode == 2 and f"{tmp_path / 'dangling.py'}:1:1: KA002 cannot read the file" in named.stdout
    # Named explicitly, under a configuration that resolves paths (per-file-ignores, --force-exclude).
    (tmp_path / "pyproject.toml").write_text('[tool.kerasaudit]\nper-file-ignores = { "gen/*" = ["KA5"] }\n')
    named = run_cli("check", "--format", "concise", "--no-cache", "--force-exclude", "loop_a.py", cwd=tmp_path)
    assert named.returncode == 2 and "Traceback" not in named.stderr
    assert named.stdout.startswith("loop_a.py:1:1: KA002 cannot read the file: Too many levels of symbolic links")
    code, doc, _ = _summary(str(tmp_path))
    assert code == 2
    assert _files(doc)[good.name]["models"][0]["total_params"] == MNIST_PARAMS


def test_a_directory_symlink_loop_does_not_hang_discovery(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "again").symlink_to(pkg, target_is_directory=True)
    _good(pkg)
    code, doc, err = _summary(str(tmp_path))
    assert code == 0, err
    assert [Path(f["path"]).name for f in doc["files"]].count("good.py") >= 1


def test_unreadable_file_is_exit_2_with_its_own_message(tmp_path: Path) -> None:
    secret = tmp_path / "secret.py"
    secret.write_text("x = 1\n")
    secret.chmod(0)
    try:
        try:
            secret.read_bytes()
            pytest.skip("running as a user who can read chmod-000 files (root)")
        except PermissionError:
            pass
        good = _good(tmp_path)
        out = run_cli("check", "--format", "concise", "--no-cache", str(secret), str(good))
        assert out.returncode == 2
        assert f"{secret}:1:1: KA002 cannot read the file: Permission denied" in out.stdout
        code, doc, _ = _summary(str(secret), str(good))
        assert code == 2 and _files(doc)["good.py"]["models"][0]["total_params"] == MNIST_PARAMS
    finally:
        secret.chmod(0o644)


def test_non_regular_file_named_py_is_not_read(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)  # reading it would block forever
    good = _good(tmp_path)
    out = run_cli("check", "--format", "concise", "--no-cache", str(fifo), str(good))
    assert out.returncode == 2
    assert f"{fifo}:1:1: KA002 cannot read the file: not a regular file" in out.stdout


def test_directory_named_like_a_module_is_walked_not_read(tmp_path: Path) -> None:
    models = tmp_path / "models.py"
    models.mkdir()
    _good(models, "inner.py")
    code, doc, err = _summary(str(tmp_path))
    assert code == 0, err
    assert [f["path"] for f in doc["files"]] == [str(models / "inner.py")]
    out = run_cli("check", "--format", "concise", "--no-cache", str(tmp_path))
    assert out.returncode == 0 and out.stdout == ""


def test_huge_file_is_skipped_before_reading_with_a_clear_message(tmp_path: Path) -> None:
    huge = tmp_path / "generated.py"
    with open(huge, "w") as fh:  # ~26 MB of valid Python; parsing it would take a minute and GBs
        row = "w = [" + ", ".join(["0.12345"] * 2000) + "]\n"
        for _ in range(1500):
            fh.write(row)
    good = _good(tmp_path)
    out = run_cli("check", "--format", "concise", "--no-cache", str(huge), str(good))
    assert out.returncode == 0  # KA003 is information: the file was not analysed, nothing is wrong
    size = huge.stat().st_size / 2 ** 20
    assert size > 20
    assert out.stdout.startswith(f"{huge}:1:1: KA003 not analysed: the file is {size:.1f} MB, over the size limit "
                                 "of 2.0 MB (--max-file-size)")
    code, doc, _ = _summary(str(huge), str(good))
    files = _files(doc)
    assert files["generated.py"]["status"] == "skipped" and files["generated.py"]["models"] == []
    assert files["good.py"]["models"][0]["total_params"] == MNIST_PARAMS
    text = run_cli("summary", "--no-cache", str(huge)).stdout
    assert f"{huge}:1:1: KA003 not analysed" in text


def test_max_file_size_option_and_its_units(tmp_path: Path) -> None:
    good = _good(tmp_path)
    size = good.stat().st_size
    out = run_cli("check", "--format", "concise", "--no-cache", "--max-file-size", "100b", str(good))
    assert out.stdout == f"{good}:1:1: KA003 not analysed: the file is {size} bytes, over the size limit of " \
                         "100 bytes (--max-file-size)\n"
    out = run_cli("check", "--format", "concise", "--no-cache", "--max-file-size", "0.5k", str(good))
    assert "over the size limit of 512 bytes" in out.stdout
    assert run_cli("check", "--format", "concise", "--no-cache", "--max-file-size", "1MB", str(good)).stdout == ""
    bad = run_cli("check", "--max-file-size", "lots", str(good))
    assert bad.returncode == 2 and "is not a size" in bad.stderr


def test_very_long_line_under_the_size_limit_is_analysed(tmp_path: Path) -> None:
    long = tmp_path / "long_line.py"
    table = "TABLE = [" + ", ".join(str(i % 97) for i in range(300_000)) + "]\n"  # one ~1.3 MB line
    long.write_text(table + MNIST)
    code, doc, err = _summary(str(long))
    assert code == 0, err
    assert doc["files"][0]["models"][0]["total_params"] == MNIST_PARAMS
    out = run_cli("check", "--format", "concise", "--no-cache", str(long))
    assert out.returncode == 0 and len(out.stdout) < 1000


def test_step_budget_reports_where_it_stopped_and_keeps_what_came_before(tmp_path: Path) -> None:
    busy = tmp_path / "busy.py"
    busy.write_text(MNIST + "\ntotal = 0\nfor i in range(10000):\n    for j in range(10000):\n"
                            "        total += i * j\n")
    out = run_cli("check", "--format", "concise", "--no-cache", "--max-steps", "5000", str(busy))
    assert out.returncode == 0
    n = len(MNIST.splitlines())
    assert f"{busy}:{n + 5}:1: KA003 analysis step budget (5,000 steps) exhausted" in out.stdout
    code, doc, _ = _summary("--max-steps", "5000", str(busy))
    assert doc["files"][0]["models"][0]["total_params"] == MNIST_PARAMS


def test_wall_clock_limit_stops_a_slow_file(tmp_path: Path) -> None:
    busy = tmp_path / "slow.py"
    busy.write_text("total = 0\nfor i in range(10000):\n    for j in range(10000):\n        total += i * j\n")
    out = run_cli("check", "--format", "concise", "--no-cache", "--max-steps", "100000000",
                  "--max-seconds", "0.05", str(busy))
    assert out.returncode == 0
    assert "KA003 analysis time limit (0.05 s) exceeded" in out.stdout


def test_budget_options_are_validated() -> None:
    for args in (("--max-steps", "0"), ("--max-seconds", "0"), ("--jobs", "0")):
        out = run_cli("check", *args, str(FIXTURES / "seeds" / "mnist_convnet.py"))
        assert out.returncode == 2, args


DEEP_CASES = {
    # name: (source, expected code, expected line)
    "parens_5000.py": ("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n", "KA001", 1),
    "brackets_100000.py": ("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "KA001", 1),
    "unary_100000.py": ("x = " + "-" * 100_000 + "1\n", "KA001", 1),
    "binop_50000.py": ("x = " + " + ".join(["1"] * 50_000) + "\n", "KA001", 1),
    "calls_20000.py": ("x = f" + "()" * 20_000 + "\n", "KA001", 1),
    "ifs_150.py": ("".join(" " * i + "if x:\n" for i in range(150)) + " " * 150 + "pass\n", "KA001", 101),
    "defs_150.py": ("".join(" " * i + "def f():\n" for i in range(150)) + " " * 150 + "pass\n", "KA001", 101),
    # Valid Python nested past what the analysis follows: reported, not interpreted.
    "binop_2000.py": ("import keras\n\ny = " + " + ".join(["1"] * 2000) + "\n", "KA003", 3),
    "elif_1500.py": ("if a:\n    x = 1\n" + "elif a:\n    x = 1\n" * 1500, "KA003", None),
    "attr_2500.py": ("x = a" + ".b" * 2500 + "\n", "KA003", 1),
}


def test_deep_nesting_never_crashes_the_process(tmp_path: Path) -> None:
    for name, (source, _, _) in DEEP_CASES.items():
        (tmp_path / name).write_text(source)
    (tmp_path / "runtime_nesting.py").write_text(
        "x = []\nfor i in range(9000):\n    x = [x]\ny = x == x\nz = str(x)\nd = {}\n"
        "for i in range(9000):\n    d = {'k': d}\ns = repr(d)\n")
    (tmp_path / "deep_user_recursion.py").write_text("def f(n):\n    return f(n + 1) + 1\n\nf(0)\n" + MNIST)
    good = _good(tmp_path)
    # A subprocess: a C-stack overflow would kill it (negative return code), not the test run.
    for jobs in ("1", "2"):
        out = run_cli("check", "--format", "concise", "--no-cache", "--jobs", jobs, str(tmp_path))
        assert out.returncode == 1, (jobs, out.returncode, out.stderr[-2000:])
        for name, (_, code, line) in DEEP_CASES.items():
            found = [ln for ln in out.stdout.splitlines() if ln.startswith(f"{tmp_path / name}:")]
            assert len(found) == 1 and f" {code} " in found[0], (name, found)
            if line is not None:
                assert found[0].startswith(f"{tmp_path / name}:{line}:"), found
        assert "KA004" not in out.stdout
    code, doc, err = _summary(str(tmp_path))
    files = _files(doc)
    assert files["good.py"]["models"][0]["total_params"] == MNIST_PARAMS
    assert files["deep_user_recursion.py"]["models"][0]["total_params"] == MNIST_PARAMS
    assert files["runtime_nesting.py"]["diagnostics"] == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_directory_is_reported_not_skipped(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    _good(locked)
    locked.chmod(0)
    try:
        try:
            list(locked.iterdir())
            pytest.skip("running as a user who can list chmod-000 directories (root)")
        except PermissionError:
            pass
        out = run_cli("check", "--format", "concise", "--no-cache", str(tmp_path))
        assert out.returncode == 2 and f"{locked}: cannot read the directory: Permission denied" in out.stderr
    finally:
        locked.chmod(0o755)


def test_exit_zero_never_hides_an_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "loop_a.py").symlink_to(tmp_path / "loop_b.py")
    (tmp_path / "loop_b.py").symlink_to(tmp_path / "loop_a.py")
    out = run_cli("check", "--exit-zero", "--no-cache", str(tmp_path))
    assert out.returncode == 2


def test_python_s_warnings_about_the_code_are_not_printed(tmp_path: Path) -> None:
    noisy = tmp_path / "noisy.py"
    noisy.write_text('import re\npattern = re.compile("\\d+")\nx = 1()\nassert (x, "message")\nis_one = x is 1\n')
    for command in (("check", "--format", "concise"), ("summary",)):
        out = run_cli(*command, "--no-cache", str(noisy))
        assert out.stderr == "", out.stderr
