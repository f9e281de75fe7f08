"""`kerasaudit check --format ...`: every output format, as its consumer reads it."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, shared_file

# A finding of each severity: a syntax error (error) and an unknown layer (info).
MODEL = ('from keras import layers\n'
         'x = layers.Dense(3)\n'
         'label = "éé"; y = layers.FancyNewLayer(2)\n')
BROKEN = "from keras import layers\nx = layers.Dense(3\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "model.py").write_text(MODEL, encoding="utf-8")
    (tmp_path / "broken.py").write_text(BROKEN)
    return tmp_path


def test_full_format_shows_the_source_line_underlined_and_a_count(project: Path) -> None:
    out = run_cli("check", "model.py", "broken.py", cwd=project)
    assert out.returncode == 1
    assert "\x1b[" not in out.stdout  # piped: plain text
    lines = out.stdout.splitlines()
    i = lines.index("model.py:3:19: KA005 layer `keras.layers.FancyNewLayer` is not in kerasaudit's catalog: "
                    "its output shape and parameters are reported as unknown")
    assert lines[i + 2] == '3 | label = "éé"; y = layers.FancyNewLayer(2)'
    # The caret sits under the call, counted in characters (the line has two 2-byte characters).
    assert lines[i + 3] == "  |                   " + "^" * len("layers.FancyNewLayer(2)") + " KA005 unknown-layer (info)"
    assert "broken.py:2:17: KA001 SyntaxError: '(' was never closed" in lines
    assert lines[-1] == "Found 2 problems (1 error, 1 info)."


def test_full_format_options(project: Path) -> None:
    quiet = run_cli("check", "-q", "--no-show-source", "model.py", cwd=project)
    assert quiet.returncode == 0  # info findings are shown but do not fail
    assert quiet.stdout.splitlines() == [
        "model.py:3:19: KA005 layer `keras.layers.FancyNewLayer` is not in kerasaudit's catalog: its output shape "
        "and parameters are reported as unknown [unknown-layer]"]
    (project / "clean.py").write_text("x = 1\n")
    assert run_cli("check", "clean.py", cwd=project).stdout == "All checks passed!\n"
    assert run_cli("check", "-q", "clean.py", cwd=project).stdout == ""


def _run_in_terminal(args: list[str], cwd: Path, env_extra: dict[str, str]) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **env_extra)
    env.pop("NO_COLOR", None) if "NO_COLOR" not in env_extra else None
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kerasaudit", *args], stdout=slave, stderr=slave,
                            cwd=cwd, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_full_format_is_coloured_in_a_terminal_unless_no_color(project: Path) -> None:
    coloured = _run_in_terminal(["check", "model.py"], project, {})
    assert "\x1b[" in coloured and "KA005" in coloured
    plain = _run_in_terminal(["check", "model.py"], project, {"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "KA005" in plain


def test_concise_and_json_lines(project: Path) -> None:
    out = run_cli("check", "--output-format", "concise", "model.py", "broken.py", cwd=project)
    assert out.stdout.splitlines() == [
        "model.py:3:19: KA005 layer `keras.layers.FancyNewLayer` is not in kerasaudit's catalog: its output shape "
        "and parameters are reported as unknown",
        "broken.py:2:17: KA001 SyntaxError: '(' was never closed"]
    lines = run_cli("check", "--format", "json-lines", "model.py", "broken.py", cwd=project).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["path"], r["code"], r["line"], r["column"], r["end_column"]) for r in records] == [
        ("model.py", "KA005", 3, 19, 42), ("broken.py", "KA001", 2, 17, 17)]


def test_json_format_is_the_versioned_document(project: Path) -> None:
    doc = json.loads(run_cli("check", "--format", "json", "model.py", cwd=project).stdout)
    assert doc["version"] == 1
    (diag,) = doc["files"][0]["diagnostics"]
    assert (diag["code"], diag["line"], diag["column"], diag["end_column"]) == ("KA005", 3, 19, 42)


def test_sarif_is_valid_and_describes_every_rule(project: Path) -> None:
    from kerasaudit.rules import all_rules

    out = run_cli("check", "--format", "sarif", "model.py", "broken.py", cwd=project)
    assert out.returncode == 1
    sarif = json.loads(out.stdout)
    schema_path = shared_file("data/sarif-schema-2.1.0.json")
    if schema_path is not None:
        import jsonschema
        jsonschema.validate(sarif, json.loads(schema_path.read_text()))
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    for code, rule in all_rules().items():
        d = by_id[code]
        assert d["name"] == rule.name and d["shortDescription"]["text"] == rule.summary
        assert d["fullDescription"]["text"] and "## What it does" in d["help"]["markdown"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("KA005", "note"), ("KA001", "error")]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 19, "endLine": 3, "endColumn": 42}
    assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.py"


@pytest.mark.skipif(shared_file("data/sarif-schema-2.1.0.json") is None,
                    reason="the SARIF schema (../shared/data/sarif-schema-2.1.0.json) is not beside this checkout")
def test_sarif_schema_rejects_a_broken_document() -> None:
    """The validation above can fail: a region with column 0 is not SARIF."""
    import jsonschema
    schema = json.loads(shared_file("data/sarif-schema-2.1.0.json").read_text())
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "a.py"}, "region": {"startLine": 1, "startColumn": 0}}}]}]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_github_workflow_commands_are_escaped(tmp_path: Path) -> None:
    # Property values must escape "%", ",", ":" and newlines; the message only "%" and newlines.
    weird = tmp_path / "100%,a:b.py"
    weird.write_text(BROKEN)
    out = run_cli("check", "--format", "github", weird.name, cwd=tmp_path)
    assert out.returncode == 1
    assert out.stdout == ("::error file=100%25%2Ca%3Ab.py,line=2,col=17,endLine=2,endColumn=17,"
                          "title=KA001 syntax-error::SyntaxError: '(' was never closed\n")
    from kerasaudit.report.diagnostics.github import command
    assert command("warning", "50% off\nnext: line", title="A,b:c") == \
        "::warning title=A%2Cb%3Ac::50%25 off%0Anext: line"


def test_gitlab_code_quality_fingerprints_are_stable(project: Path) -> None:
    before = json.loads(run_cli("check", "--format", "gitlab", "model.py", cwd=project).stdout)
    (project / "model.py").write_text("# a new comment line\n" + MODEL + 'z = layers.FancyNewLayer(2)\n',
                                      encoding="utf-8")
    after = json.loads(run_cli("check", "--format", "gitlab", "model.py", cwd=project).stdout)
    (issue,) = before
    assert issue["location"] == {"path": "model.py", "lines": {"begin": 3, "end": 3}}
    assert issue["severity"] == "info" and issue["check_name"] == "KA005" and issue["description"]
    moved = [i for i in after if i["location"]["lines"]["begin"] == 4]
    assert moved[0]["fingerprint"] == issue["fingerprint"]  # moved down a line: same finding
    assert len({i["fingerprint"] for i in after}) == len(after) == 2


def test_junit_report(project: Path) -> None:
    out = run_cli("check", "--format", "junit", "model.py", "broken.py", cwd=project)
    root = ET.fromstring(out.stdout)
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    suites = {s.get("name"): s for s in root}
    failure = suites["broken.py"].find("testcase/failure")
    assert failure is not None and failure.get("type") == "KA001"
    assert suites["model.py"].find("testcase/failure") is None  # info does not fail


def test_statistics_output_file_and_exit_codes(project: Path, tmp_path: Path) -> None:
    (project / "more.py").write_text("x = (\n")
    stats = run_cli("check", "--statistics", "model.py", "broken.py", "more.py", cwd=project)
    assert stats.returncode == 1
    assert stats.stdout.splitlines() == ["2\tKA001\tsyntax-error\t(error)", "1\tKA005\tunknown-layer\t(info)"]
    as_json = json.loads(run_cli("check", "--statistics", "--format", "json", "broken.py", cwd=project).stdout)
    assert as_json == [{"code": "KA001", "name": "syntax-error", "severity": "error", "count": 1}]

    target = tmp_path / "report.sarif"
    written = run_cli("check", "--format", "sarif", "-o", str(target), "broken.py", cwd=project)
    assert written.returncode == 1 and written.stdout == ""
    assert json.loads(target.read_text())["runs"][0]["results"][0]["ruleId"] == "KA001"

    assert run_cli("check", "--exit-zero", "broken.py", cwd=project).returncode == 0
    missing = run_cli("check", "--exit-zero", "broken.py", "nope.py", cwd=project)
    assert missing.returncode == 2 and "nope.py: no such file or directory" in missing.stderr
    assert run_cli("check", "--format", "nonsense", "model.py", cwd=project).returncode == 2


def test_stdin_with_a_filename(project: Path) -> None:
    out = run_cli("check", "--format", "concise", "-", "--stdin-filename", "pkg/model.py", input=BROKEN,
                  cwd=project)
    assert out.returncode == 1
    assert out.stdout == "pkg/model.py:2:17: KA001 SyntaxError: '(' was never closed\n"
    # The default command reads stdin too.
    assert run_cli("-", input="x = 1\n", cwd=project).returncode == 0


def test_sarif_uris(tmp_path: Path) -> None:
    from kerasaudit.report.diagnostics.sarif import uri
    inside = tmp_path / "sub dir"
    inside.mkdir()
    (inside / "m 1.py").write_text(BROKEN)
    out = json.loads(run_cli("check", "--format", "sarif", "sub dir/m 1.py", cwd=tmp_path).stdout)
    location = out["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "sub%20dir/m%201.py"
    outside = str(Path(os.path.abspath(os.sep)) / "elsewhere" / "x.py")
    assert uri(outside).startswith("file:///") and uri(outside).endswith("/elsewhere/x.py")
