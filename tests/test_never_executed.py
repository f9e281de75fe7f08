"""The analysed code is never executed, imported or evaluated.

First by behaviour: files that would leave a trace if run or imported -- write a marker,
exit the process, open a socket, import a sibling module that writes a marker -- are
analysed through the CLI (one job and several) and the API, and nothing happens. Then
by construction: a static check over kerasaudit's own source that it has no way to run
or import user code.
"""

from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from kerasaudit.api import check_paths, check_source

PACKAGE = ROOT / "kerasaudit"


def _hostile_project(tmp_path: Path, port: int) -> tuple[Path, Path]:
    """A project whose every file would leave a marker in ``markers/`` if it ever ran."""
    markers = tmp_path / "markers"
    markers.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    m = str(markers)

    def touch(name: str) -> str:
        return f"open({str(markers / name)!r}, 'w').write('ran')"

    files = {
        # A sibling module with side effects on import; the model file imports it three ways.
        "sidefx.py": f"""
            {touch("imported_sibling")}
            UNITS = 10
            """,
        "pkg/__init__.py": f"{touch('imported_package')}\n",
        "pkg/layers.py": f"{touch('imported_package_module')}\nWIDTH = 4\n",
        "model.py": f"""
            import os, socket, subprocess, sys
            import sidefx
            from sidefx import UNITS
            from pkg.layers import WIDTH
            from . import sidefx as again
            import importlib
            importlib.import_module("sidefx")
            __import__("pkg.layers")
            import keras
            from keras import layers

            {touch("module_level")}
            os.system("touch {m}/os_system")
            subprocess.run(["touch", "{m}/subprocess"])
            exec("open({str(markers / 'exec')!r}, 'w')")
            eval("open({str(markers / 'eval')!r}, 'w')")
            compile("x = 1", "f", "exec")
            s = socket.create_connection(("127.0.0.1", {port}))
            s.sendall(b"ran")

            def builder(units=open({str(markers / 'default_argument')!r}, "w")):
                inputs = keras.Input((28, 28, 1))
                x = layers.Flatten()(inputs)
                return keras.Model(inputs, layers.Dense(UNITS)(x))

            class Meta(type):
                def __new__(mcs, name, bases, ns):
                    {touch("metaclass")}
                    return super().__new__(mcs, name, bases, ns)

            class Block(metaclass=Meta):
                {touch("class_body")}

            @(lambda f: ({touch("decorator")}, f)[1])
            def decorated():
                pass

            model = builder()
            model.summary()
            import atexit
            atexit.register(lambda: {touch("atexit")})
            os._exit(3)
            sys.exit(4)
            """,
        "exits.py": """
            import sys, os, signal
            sys.exit(5)
            raise SystemExit(6)
            os.kill(os.getpid(), signal.SIGKILL)
            """,
        "conftest.py": f"{touch('conftest')}\n",
        "setup.py": f"{touch('setup_py')}\n",
        "__main__.py": f"{touch('dunder_main')}\n",
        "sitecustomize.py": f"{touch('sitecustomize')}\n",
    }
    for name, source in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip())
    return project, markers


@pytest.fixture
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.5)
    yield server
    server.close()


def _no_connection(server: socket.socket) -> bool:
    try:
        conn, _ = server.accept()
    except (socket.timeout, OSError):
        return True
    conn.close()
    return False


def run_installed(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run kerasaudit as the installed ``kerasaudit`` command runs: from a script whose own
    directory (not the current one) is first on sys.path."""
    bin_dir = cwd.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / "kerasaudit"
    script.write_text("import sys\nfrom kerasaudit.cli import main\nsys.exit(main())\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_hostile_files_are_analysed_and_nothing_runs(tmp_path: Path, listener: socket.socket, jobs: str) -> None:
    project, markers = _hostile_project(tmp_path, listener.getsockname()[1])
    # Run from inside the project: an import of user code would find the sibling modules.
    summary = run_installed("summary", "--format", "json", "--no-cache", "--jobs", jobs, str(project), cwd=project)
    check = run_installed("check", "--format", "concise", "--no-cache", "--jobs", jobs, str(project), cwd=project)
    assert summary.returncode == 0, summary.stderr  # not 3, 4, 5 nor killed: the file's exits did not run
    assert check.returncode in (0, 1), check.stderr
    assert sorted(p.name for p in markers.iterdir()) == []
    assert _no_connection(listener)
    doc = json.loads(summary.stdout)
    model = next(f for f in doc["files"] if f["path"].endswith("model.py"))
    (found,) = model["models"]
    assert found["builder"] == "builder"  # the model was found from the source alone
    # UNITS comes from a module that is never imported: unknown, never guessed.
    dense = [layer for layer in found["layers"] if layer["class"] == "Dense"][0]
    assert dense["params"] is None and dense["unknown_reason"]
    assert len(doc["files"]) == 9


def test_python_dash_m_inside_a_hostile_checkout_does_not_import_its_modules(tmp_path: Path) -> None:
    """``python -m`` puts the current directory first on sys.path; modules kerasaudit
    imports after starting (click, rich, json, hashlib...) must not come from there.
    (Modules Python itself loads at startup, such as sitecustomize, are beyond any
    program's control: README recommends the installed ``kerasaudit`` command.)"""
    markers = tmp_path / "markers"
    markers.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    for name in ("click", "rich", "json", "hashlib", "pickle", "tempfile", "libcst", "concurrent", "typing_extensions",
                 "dataclasses", "tokenize", "multiprocessing"):
        (project / f"{name}.py").write_text(f"open({str(markers / name)!r}, 'w').write('ran')\n")
    (project / "model.py").write_text((ROOT / "fixtures" / "seeds" / "unet.py").read_text())
    for command in (("summary", "--format", "json"), ("check",)):
        out = run_cli(*command, "--jobs", "2", str(project), cwd=project)
        assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in markers.iterdir()) == []


def test_hostile_files_through_the_api(tmp_path: Path, listener: socket.socket) -> None:
    project, markers = _hostile_project(tmp_path, listener.getsockname()[1])
    files = sorted(project.rglob("*.py"))
    modules_before = set(sys.modules)
    results = check_paths(files, jobs=1)
    results += [check_source(f.read_text(), str(f)) for f in files]
    assert len(results) == 2 * len(files)
    assert sorted(p.name for p in markers.iterdir()) == []
    assert _no_connection(listener)
    loaded_from_project = [name for name, module in list(sys.modules.items())
                           if str(getattr(module, "__file__", None) or "").startswith(str(tmp_path))]
    assert loaded_from_project == []
    assert not {"sidefx", "pkg", "pkg.layers", "exits"} & (set(sys.modules) - modules_before)


def test_builtins_that_run_code_are_never_the_real_ones() -> None:
    from kerasaudit.analysis.builtins import BUILTINS

    for name in ("eval", "exec", "compile", "__import__", "open", "breakpoint", "input", "exit", "quit"):
        value = BUILTINS.get(name)
        assert value is None or getattr(value, "impl", None) is not getattr(__builtins__, name, object()), name
    source = "x = eval('1 + 1')\ny = exec('z = 3')\nw = __import__('os').getcwd()\n"
    result = check_source(source, "m.py")
    assert not [d for d in result.diagnostics if d.code == "KA004"]


# ---------------------------------------------------------------------------- static check
# What in kerasaudit's own code could run or import user code, and what is allowed:
# - ast.parse: parsing only; the tree is walked, never compiled.
# - importlib.import_module(f"{<own package>.__name__}.{name}"): the plugin registries
#   (rules, catalog, library, report formats) load kerasaudit's own modules by name;
#   the name is always built from a kerasaudit package's __name__.
# - pickle: only cache.py, only through the allow-list unpickler.
# - builtins named like eval/exec in analysis/builtins.py are *models* (strings in a table).
FORBIDDEN_BUILTINS = {"eval", "exec", "compile", "__import__", "execfile", "breakpoint"}
# module -> functions of it that run, import or deserialise code
FORBIDDEN_FUNCTIONS = {
    "os": {"system", "popen", "execv", "execve", "execvp", "spawnv", "spawnl", "startfile"},
    "importlib": {"import_module", "__import__", "reload"},
    "pickle": {"load", "loads"},
    "builtins": FORBIDDEN_BUILTINS,
}
# anywhere, on any receiver: the import machinery's ways to run a file as a module
FORBIDDEN_METHODS = {"exec_module", "load_module", "spec_from_file_location", "module_from_spec", "run_path",
                     "run_module"}
FORBIDDEN_MODULES = {"runpy", "marshal", "imp", "code", "codeop", "subprocess", "ctypes", "shelve", "dill",
                     "cloudpickle", "builtins", "multiprocessing.managers"}
# Modules that may start a program, and why. Never with shell=True (checked below).
SUBPROCESS_ALLOWED = {"graph.py": "runs Graphviz's `dot` on the graph text kerasaudit drew",
                      "gitrev.py": "runs `git` (show, diff, merge-base) to read files at two revisions"}


def _receiver(func: ast.Attribute) -> str:
    value = func.value
    parts = []
    while isinstance(value, ast.Attribute):
        parts.append(value.attr)
        value = value.value
    if isinstance(value, ast.Name):
        parts.append(value.id)
    return ".".join(reversed(parts))


def _own_package_import(call: ast.Call) -> bool:
    """importlib.import_module(f"{X.__name__}.{...}") or (f"{__name__}.{...}") with X a module of ours."""
    if len(call.args) != 1 or call.keywords or not isinstance(call.args[0], ast.JoinedStr):
        return False
    first = call.args[0].values[0]
    if not isinstance(first, ast.FormattedValue):
        return False
    value = first.value
    return (isinstance(value, ast.Name) and value.id == "__name__") or (
        isinstance(value, ast.Attribute) and value.attr == "__name__")


def _safe_unpickling(call: ast.Call, module: Path) -> bool:
    """``_SafeUnpickler(...).load()`` in cache.py: the allow-list unpickler."""
    func = call.func
    return (module.name == "cache.py" and isinstance(func, ast.Attribute) and func.attr == "load"
            and isinstance(func.value, ast.Call) and getattr(func.value.func, "id", "") == "_SafeUnpickler")


def offences(module: Path, rel: Path) -> list[str]:
    problems = []
    tree = ast.parse(module.read_text(), str(module))
    for node in ast.walk(tree):
        where = f"{rel}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import) or (isinstance(node, ast.ImportFrom) and not node.level):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                if name == "subprocess" and rel.name in SUBPROCESS_ALLOWED:
                    continue
                if name in FORBIDDEN_MODULES or name.split(".")[0] in FORBIDDEN_MODULES:
                    problems.append(f"{where}: imports {name}")
                if name.split(".")[0] == "pickle" and rel.name != "cache.py":
                    problems.append(f"{where}: imports pickle")
            if isinstance(node, ast.ImportFrom) and node.module in FORBIDDEN_FUNCTIONS:
                for alias in node.names:
                    if alias.name in FORBIDDEN_FUNCTIONS[node.module]:
                        problems.append(f"{where}: imports {node.module}.{alias.name}")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if any(k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
               for k in node.keywords):
            problems.append(f"{where}: runs a shell")
        if isinstance(func, ast.Name) and func.id in FORBIDDEN_BUILTINS:
            problems.append(f"{where}: calls {func.id}()")
        elif isinstance(func, ast.Attribute):
            receiver = _receiver(func)
            if func.attr in FORBIDDEN_METHODS:
                problems.append(f"{where}: calls {func.attr}()")
            elif func.attr == "import_module" and not _own_package_import(node):
                problems.append(f"{where}: import_module of a name not built from a kerasaudit package")
            elif func.attr in FORBIDDEN_FUNCTIONS.get(receiver, ()) and func.attr != "import_module":
                problems.append(f"{where}: calls {receiver}.{func.attr}()")
            elif func.attr in ("load", "loads") and receiver not in ("json",) and not _safe_unpickling(node, module):
                problems.append(f"{where}: {func.attr}() outside the allow-list unpickler")
        if isinstance(func, ast.Name) and func.id == "getattr" and node.args \
                and isinstance(node.args[0], ast.Name) and node.args[0].id in ("builtins", "__builtins__"):
            problems.append(f"{where}: reaches into builtins dynamically")
    return problems


def test_kerasaudit_never_evaluates_or_imports_user_code() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 20
    problems = [p for module in modules for p in offences(module, module.relative_to(ROOT))]
    assert not problems, "\n".join(problems)


def test_the_static_check_catches_what_it_is_meant_to_catch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above must be able to fail: planted offences are each reported."""
    fake = tmp_path / "kerasaudit"
    shutil_copy = __import__("shutil").copytree
    shutil_copy(PACKAGE, fake)
    (fake / "bad.py").write_text(textwrap.dedent("""
        import importlib, runpy, pickle
        def f(text, name):
            exec(text)
            eval(text)
            compile(text, "x", "exec")
            importlib.import_module(name)
            __import__(name)
            runpy.run_path(name)
            pickle.loads(text)
            import os
            os.system(text)
            spec.loader.exec_module(name)
            getattr(__builtins__, "ev" + "al")(text)
            self.eval(text)  # a method of our own interpreter: allowed
            re.compile(text)  # a regular expression: allowed
            run(text, shell=True)
    """))
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    with pytest.raises(AssertionError) as failure:
        test_kerasaudit_never_evaluates_or_imports_user_code()
    report = str(failure.value)
    assert "kerasaudit/bad.py:2: imports runpy" in report
    found = offences(fake / "bad.py", Path("bad.py"))
    assert sorted(int(p.split(":")[1]) for p in found) == [2, 2, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 17]  # not 15, 16
    for offence in ("imports runpy", "imports pickle", "calls exec()", "calls eval()", "calls compile()",
                    "import_module of a name", "calls __import__()", "calls run_path()", "calls pickle.loads()",
                    "calls os.system()", "calls exec_module()", "reaches into builtins", "runs a shell"):
        assert offence in report, offence
