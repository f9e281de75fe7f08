"""The rule framework as a user meets it: `kerasaudit rule`, selection, configuration,
suppression comments, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, run_cli

from kerasaudit.api import check_source
from kerasaudit.cli import main
from kerasaudit.rules import all_rules
from kerasaudit.rules.base import Rule
from kerasaudit.settings import Settings

# Two findings of different families on known lines: an unknown layer (KA005, info) on
# line 3 and an elementwise merge of incompatible shapes (KA201, error) on line 5.
MODEL = """\
from keras import layers
x = layers.Input((4,))
y = layers.FancyNewLayer(3)(x)
z = layers.Input((5,))
w = layers.Add()([x, z])
"""


def invoke(*args: str, cwd: Path | None = None) -> "object":
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    import os
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def codes_at(output: str) -> set[tuple[int, str]]:
    """(line, code) of each concise diagnostic line ``path:line:col: CODE message``."""
    out = set()
    for line in output.splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and parts[1].isdigit():
            out.add((int(parts[1]), parts[3].split()[0]))
    return out


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "model.py"
    path.write_text(MODEL)
    return path


# ---------------------------------------------------------------- kerasaudit rule
def test_rule_prints_the_documentation_of_one_rule() -> None:
    out = run_cli("rule", "KA901")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("# KA901 `unused-suppression`")
    for heading in ("## What it does", "## Why is this bad", "## Example", "## Use instead"):
        assert heading in out.stdout
    assert "disabled by default" in out.stdout


def test_rule_codes_are_case_insensitive_and_unknown_codes_exit_2() -> None:
    assert "KA005" in invoke("rule", "ka005").output
    result = invoke("rule", "KA999")
    assert result.exit_code == 2 and "unknown rule code" in result.output
    assert invoke("rule").exit_code == 2


def test_rule_all_lists_every_rule_with_name_severity_and_summary() -> None:
    result = invoke("rule", "--all")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    rules = all_rules()
    assert len(lines) == len(rules)
    for line, (code, cls) in zip(lines, rules.items()):
        assert line.startswith(code) and cls.name in line and cls.severity in line and cls.summary in line


def test_rule_all_json_has_the_stable_rule_attributes() -> None:
    doc = json.loads(invoke("rule", "--all", "--format", "json").output)
    assert [r["code"] for r in doc] == list(all_rules())
    for r in doc:
        assert {"code", "name", "severity", "summary", "documentation", "enabled_by_default"} <= set(r)


def test_docs_rules_md_is_in_sync_with_the_rules() -> None:
    expected = invoke("rule", "--all", "--format", "markdown").output
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, "docs/rules.md is stale: run `python tools/make_rule_docs.py`"


# ---------------------------------------------------------------- selection
def test_default_selection_and_exit_code(model: Path) -> None:
    out = run_cli("check", "--format", "concise", str(model))
    assert out.returncode == 1, out.stderr
    assert codes_at(out.stdout) == {(3, "KA005"), (5, "KA201")}


def test_select_ignore_extend_select_accept_codes_and_prefixes(model: Path) -> None:
    only_shapes = invoke("check", "--format", "concise", "--select", "KA2", str(model))
    assert codes_at(only_shapes.output) == {(5, "KA201")} and only_shapes.exit_code == 1
    ignored = invoke("check", "--format", "concise", "--ignore", "KA201,KA0", str(model))
    assert codes_at(ignored.output) == set() and ignored.exit_code == 0
    # An info finding alone does not fail the run.
    info_only = invoke("check", "--format", "concise", "--select", "KA005", str(model))
    assert codes_at(info_only.output) == {(3, "KA005")} and info_only.exit_code == 0
    # The most specific selector wins: every KA2 rule but KA201.
    assert codes_at(invoke("check", "--format", "concise", "--select", "KA2", "--ignore", "KA201",
                           str(model)).output) == set()


def test_extend_select_enables_a_rule_that_is_off_by_default(model: Path) -> None:
    model.write_text(MODEL + "v = 1  # noqa: KA201\n")
    assert (6, "KA901") not in codes_at(invoke("check", "--format", "concise", str(model)).output)
    found = codes_at(invoke("check", "--format", "concise", "--extend-select", "KA901", str(model)).output)
    assert (6, "KA901") in found and (5, "KA201") in found


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_codes_in_options_are_a_usage_error(model: Path, option: str) -> None:
    out = run_cli("check", option, "KA1O1", str(model))
    assert out.returncode == 2
    assert "unknown rule code or prefix 'KA1O1'" in out.stderr and out.stdout == ""


# ---------------------------------------------------------------- configuration
def write_config(directory: Path, body: str) -> Path:
    path = directory / "pyproject.toml"
    path.write_text("[project]\nname = 'x'\n\n[tool.kerasaudit]\n" + body)
    return path


def test_nearest_pyproject_configures_the_files_below_it(tmp_path: Path) -> None:
    write_config(tmp_path, 'ignore = ["KA005"]\n')
    sub = tmp_path / "pkg"
    sub.mkdir()
    (sub / "model.py").write_text(MODEL)
    other = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    other.mkdir()
    (other / "model.py").write_text(MODEL)
    configured = run_cli("check", "--format", "concise", str(sub / "model.py"), cwd=other)
    assert codes_at(configured.stdout) == {(5, "KA201")}
    # A closer pyproject.toml wins over the outer one.
    write_config(sub, 'ignore = ["KA201"]\n')
    assert codes_at(run_cli("check", "--format", "concise", str(sub / "model.py")).stdout) == {(3, "KA005")}
    # --isolated ignores every configuration file.
    assert codes_at(invoke("check", "--format", "concise", "--isolated", str(sub / "model.py")).output) == \
        {(3, "KA005"), (5, "KA201")}


def test_config_select_ignore_severity_and_command_line_on_top(tmp_path: Path) -> None:
    write_config(tmp_path, 'select = ["KA0"]\nseverity = { KA005 = "error" }\n')
    (tmp_path / "model.py").write_text(MODEL)
    result = invoke("check", "--format", "json", "model.py", cwd=tmp_path)
    doc = json.loads(result.output)
    (diag,) = doc["files"][0]["diagnostics"]
    assert diag["code"] == "KA005" and diag["severity"] == "error" and diag["line"] == 3
    assert result.exit_code == 1  # the severity override makes the info finding an error
    # --select on the command line starts over; the configured severity still applies.
    result = invoke("check", "--format", "concise", "--select", "KA201", "model.py", cwd=tmp_path)
    assert codes_at(result.output) == {(5, "KA201")}
    result = invoke("check", "--format", "concise", "--extend-select", "KA2", "model.py", cwd=tmp_path)
    assert codes_at(result.output) == {(3, "KA005"), (5, "KA201")}


def test_per_file_ignores_are_globs_relative_to_the_config(tmp_path: Path) -> None:
    write_config(tmp_path, '[tool.kerasaudit.per-file-ignores]\n"tests/*" = ["KA2"]\n"legacy.py" = ["KA005"]\n')
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "model.py").write_text(MODEL)
    (tmp_path / "legacy.py").write_text(MODEL)
    (tmp_path / "model.py").write_text(MODEL)
    out = invoke("check", "--format", "concise", ".", cwd=tmp_path).stdout
    found = {(line.split(":")[0], line.split(" ")[1]) for line in out.splitlines()}
    assert found == {("tests/model.py", "KA005"), ("legacy.py", "KA201"), ("model.py", "KA005"),
                     ("model.py", "KA201")}


@pytest.mark.parametrize("body,message", [
    ('select = ["KA777"]\n', "select: unknown rule code or prefix 'KA777'"),
    ('ignore = ["E501"]\n', "ignore: unknown rule code or prefix 'E501'"),
    ('severity = { KA005 = "fatal" }\n', "'fatal' is not one of error, warning, info"),
    ('severity = { KA999 = "error" }\n', "unknown rule code 'KA999'"),
    ('selct = ["KA1"]\n', "unknown key(s) in [tool.kerasaudit]: selct"),
    ('per-file-ignores = { "a.py" = ["XX1"] }\n', "per-file-ignores.a.py: unknown rule code or prefix 'XX1'"),
    ('select = "KA1\n', "invalid TOML"),
])
def test_bad_configuration_is_a_clear_error_with_exit_2(tmp_path: Path, body: str, message: str) -> None:
    config = write_config(tmp_path, body)
    (tmp_path / "model.py").write_text(MODEL)
    out = run_cli("check", "model.py", cwd=tmp_path)
    assert out.returncode == 2, out.stdout
    assert message in out.stderr and str(config) in out.stderr
    assert out.stdout == ""  # nothing is checked with a broken configuration


def test_explicit_config_file(tmp_path: Path, model: Path) -> None:
    config = tmp_path / "custom.toml"
    config.write_text('[tool.kerasaudit]\nignore = ["KA2"]\n')
    result = invoke("check", "--format", "concise", "--config", str(config), str(model))
    assert codes_at(result.output) == {(3, "KA005")}


# ---------------------------------------------------------------- suppression
@pytest.mark.parametrize("comment,suppressed", [
    ("# noqa: KA201", True),
    ("# noqa:KA201,KA005", True),
    ("# NOQA", True),
    ("# kerasaudit: ignore[KA201]", True),
    ("# kerasaudit: ignore", True),
    ("# noqa: KA005", False),
    ("# noqa: E501", False),
    ("# kerasaudit: ignore[KA2010]", False),
])
def test_line_suppressions(comment: str, suppressed: bool) -> None:
    source = MODEL.replace("w = layers.Add()([x, z])", f"w = layers.Add()([x, z])  {comment}")
    codes = {d.code for d in check_source(source, "m.py").diagnostics if d.line == 5}
    assert (codes == set()) is suppressed, codes


def test_suppression_on_the_closing_line_of_a_multi_line_call() -> None:
    source = MODEL.replace("w = layers.Add()([x, z])", "w = layers.Add()([\n    x, z])  # noqa: KA201")
    assert "KA201" not in {d.code for d in check_source(source, "m.py").diagnostics}


def test_noqa_inside_a_string_is_not_a_suppression() -> None:
    source = MODEL.replace("w = layers.Add()([x, z])", "w = layers.Add(name='# noqa')([x, z])")
    assert "KA201" in {d.code for d in check_source(source, "m.py").diagnostics}


def test_file_level_suppression() -> None:
    codes = {d.code for d in check_source("# kerasaudit: noqa\n" + MODEL, "m.py").diagnostics}
    assert codes == set()
    codes = {d.code for d in check_source("# kerasaudit: noqa: KA201\n" + MODEL, "m.py").diagnostics}
    assert codes == {"KA005"}
    # A syntax error is never suppressed: the file was not analysed at all.
    assert {d.code for d in check_source("# kerasaudit: noqa\nx = (\n", "m.py").diagnostics} == {"KA001"}


def test_unused_suppressions_are_reported_only_when_selected() -> None:
    source = MODEL.replace("w = layers.Add()([x, z])", "w = layers.Add()([x, z])  # noqa: KA201, KA005") \
        + "v = 1  # noqa\nu = 2  # noqa: KA999\nt = 3  # noqa: KA901\ns = 4  # noqa: E501\n"
    assert "KA901" not in {d.code for d in check_source(source, "m.py").diagnostics}
    found = {(d.line, d.message) for d in check_source(source, "m.py", Settings(extend_select=["KA901"])).diagnostics
             if d.code == "KA901"}
    assert found == {(5, "unused suppression: KA005 (unknown-layer) is not reported on this line"),
                     (6, "suppression suppresses nothing: no diagnostic is reported on this line"),
                     (7, "unused suppression: unknown kerasaudit code KA999")}


# ---------------------------------------------------------------- positions and internal errors
def test_columns_are_ast_byte_offsets_and_reported_as_characters(tmp_path: Path) -> None:
    source = MODEL.replace("w = layers.Add()([x, z])", "w = 'é' and layers.Add()([x, z])  # noqa: KA005")
    (d,) = [d for d in check_source(source, "m.py").diagnostics if d.code == "KA201"]
    assert (d.line, d.col) == (5, len("w = 'é' and ".encode()))
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    out = invoke("check", "--format", "concise", "--extend-select", "KA901", str(path)).output
    prefix = "w = 'é' and "
    assert f"{path}:5:{len(prefix) + 1}: KA201" in out
    assert f"{path}:5:{source.splitlines()[4].index('#') + 1}: KA901" in out


def test_a_broken_rule_is_an_internal_error_with_exit_2(model: Path) -> None:
    class Broken(Rule):
        code = "KA999"
        name = "broken"
        summary = "raises"

        def check(self, ctx):  # type: ignore[no-untyped-def]
            raise ZeroDivisionError("boom")

    try:
        result = invoke("check", "--format", "concise", str(model))
        assert result.exit_code == 2
        assert "KA004 rule KA999 failed on this file (ZeroDivisionError: boom" in result.output
        assert "KA201" in result.output  # the other rules still ran
    finally:
        del Rule.registry["KA999"]
