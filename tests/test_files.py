"""Which files a directory search finds: .gitignore, exclude settings, odd trees."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from kerasaudit.files import discover
from kerasaudit.gitignore import parse_line


def _tree(root: Path, files: list[str]) -> None:
    for name in files:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x = 1\n")


def _found(root: Path, *args: str, **kwargs) -> list[str]:
    old = os.getcwd()
    os.chdir(root)
    try:
        d = discover(args or (".",), **kwargs)
    finally:
        os.chdir(old)
    return [p.as_posix() for p in d.files]


@pytest.mark.parametrize("pattern,path,is_dir,matches", [
    ("*.py", "a/b/c.py", False, True),
    ("/top.py", "top.py", False, True),
    ("/top.py", "sub/top.py", False, False),
    ("gen/", "x/gen", True, True),
    ("gen/", "x/gen", False, False),
    ("a/*.py", "a/b.py", False, True),
    ("a/*.py", "a/b/c.py", False, False),  # "*" never crosses "/"
    ("**/data", "x/y/data", True, True),
    ("a/**/b", "a/b", True, True),
    ("a/**/b", "a/x/y/b", True, True),
    ("a/**", "a/x/y.py", False, True),
    ("file[0-9].py", "file7.py", False, True),
    ("file[!0-9].py", "file7.py", False, False),
    ("\\#lit.py", "#lit.py", False, True),
    ("?.py", "ab.py", False, False),
])
def test_gitignore_patterns(pattern: str, path: str, is_dir: bool, matches: bool) -> None:
    p = parse_line(pattern)
    assert p is not None
    ok = bool(p.regex.match(path)) and (is_dir or not p.dir_only)
    assert ok == matches


def test_gitignore_comments_blank_and_trailing_space() -> None:
    assert parse_line("# comment") is None and parse_line("   ") is None
    assert parse_line("foo.py   ").regex.match("foo.py")


def test_directory_walk_honours_gitignore_files(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    _tree(tmp_path, ["a.py", "gen/g.py", "keep/k.py", "keep/skip_me.py", "keep/deep/generated_1.py",
                     "notes.txt", "sub/b.py", "sub/local.py", ".venv/lib.py", "build/out.py", "x/build.py"])
    (tmp_path / ".gitignore").write_text("gen/\nskip_*.py\ngenerated_*.py\n!keep/deep/generated_1.py\n")
    (tmp_path / "sub" / ".gitignore").write_text("local.py\n")
    (tmp_path / ".git" / "info").mkdir(exist_ok=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("x/\n")
    assert _found(tmp_path) == ["a.py", "keep/k.py", "keep/deep/generated_1.py", "sub/b.py"]
    assert _found(tmp_path, respect_gitignore=False) == [
        "a.py", "gen/g.py", "keep/k.py", "keep/skip_me.py", "keep/deep/generated_1.py", "sub/b.py",
        "sub/local.py", "x/build.py"]
    # The CLI walks the same way.
    out = run_cli("check", "--format", "concise", "--statistics", ".", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout == ""


def test_a_subdirectory_walk_inherits_the_repository_rules(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    _tree(tmp_path, ["pkg/a.py", "pkg/secret.py"])
    (tmp_path / ".gitignore").write_text("secret.py\n")
    assert _found(tmp_path, "pkg") == ["pkg/a.py"]


def test_exclude_extend_exclude_and_force_exclude(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.py", "proto/m_pb2.py", "tests/fixtures/f.py", "tests/t.py", "venv/v.py"])
    assert _found(tmp_path) == ["a.py", "proto/m_pb2.py", "tests/t.py", "tests/fixtures/f.py"]
    assert _found(tmp_path, extend_exclude=["*_pb2.py", "tests/fixtures"]) == ["a.py", "tests/t.py"]
    # exclude replaces the defaults (venv is no longer skipped)
    assert _found(tmp_path, exclude=["tests"]) == ["a.py", "proto/m_pb2.py", "venv/v.py"]
    # A file named explicitly is analysed anyway, unless --force-exclude (what pre-commit needs).
    assert _found(tmp_path, "proto/m_pb2.py", extend_exclude=["*_pb2.py"]) == ["proto/m_pb2.py"]
    assert _found(tmp_path, "proto/m_pb2.py", extend_exclude=["*_pb2.py"], force_exclude=True) == []
    assert _found(tmp_path, "tests/fixtures/f.py", extend_exclude=["tests/fixtures"], force_exclude=True) == []
    (tmp_path / "proto" / "m_pb2.py").write_text("x = (\n")
    cli = run_cli("check", "--extend-exclude", "*_pb2.py,other", ".", cwd=tmp_path)
    assert cli.returncode == 0
    assert run_cli("check", "proto/m_pb2.py", cwd=tmp_path).returncode == 1
    assert run_cli("check", "--extend-exclude", "*_pb2.py", "--force-exclude", "proto/m_pb2.py",
                   cwd=tmp_path).returncode == 0


def test_symlink_loops_and_directories_named_like_files(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.py", "pkg.py/inner.py"])
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "link.py").symlink_to(tmp_path / "a.py")
    (tmp_path / "dangling.py").symlink_to(tmp_path / "missing.py")
    assert _found(tmp_path) == ["a.py", "link.py", "pkg.py/inner.py"]
    # A directory named on the command line is searched, even when its name ends in .py.
    assert _found(tmp_path, "pkg.py") == ["pkg.py/inner.py"]
    # Each file once, however it is named.
    assert _found(tmp_path, "a.py", "./a.py", ".") == ["a.py", "link.py", "pkg.py/inner.py"]


def test_exclude_settings_from_pyproject_are_relative_to_it(tmp_path: Path) -> None:
    _tree(tmp_path, ["src/model.py", "src/gen/out.py", "src/gen_keep.py"])
    for name in ("src/gen/out.py", "src/gen_keep.py"):
        (tmp_path / name).write_text("x = (\n")
    (tmp_path / "pyproject.toml").write_text('[tool.kerasaudit]\nextend-exclude = ["src/gen", "*_keep.py"]\n')
    # From a subdirectory: the patterns still mean the project's src/gen.
    out = run_cli("check", "--format", "concise", ".", cwd=tmp_path / "src")
    assert out.returncode == 0, out.stdout + out.stderr
    assert run_cli("check", "--format", "concise", "--isolated", ".", cwd=tmp_path / "src").returncode == 1
