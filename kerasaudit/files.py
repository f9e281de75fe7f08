"""Which files to analyse: the paths given on the command line, directories searched for
``*.py`` while honouring ``.gitignore`` and the ``exclude``/``extend-exclude`` settings.

As in ruff, a file named explicitly is analysed even when a pattern excludes it, unless
``force_exclude`` is set (pre-commit passes every staged file by name, so its hook sets
it). Directory walks never follow symbolic links to directories (no loops, no escaping
the tree) and never treat a directory as a file, whatever its name.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .gitignore import GitIgnore, path_ignored

# Directories no one wants analysed (ruff's defaults, plus caches of this ecosystem).
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache",
    ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv",
    ".vscode", ".kerasaudit_cache", "__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist",
    "node_modules", "site-packages", "venv",
)

STDIN = "-"


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # arguments that name nothing
    stdin: bool = False  # "-" was given


class Excluder:
    """``exclude``/``extend-exclude`` globs. A pattern without a slash matches any path
    component (``build``, ``*_pb2.py``); one with a slash matches the path relative to
    the project root (``tests/fixtures/*``, ``**/generated/*.py``)."""

    def __init__(self, patterns: Iterable[str], root: Path) -> None:
        self.root = root.resolve()
        self.names: list[re.Pattern[str]] = []
        self.paths: list[re.Pattern[str]] = []
        for raw in patterns:
            p = raw.strip().replace(os.sep, "/").rstrip("/")
            if not p:
                continue
            if p.startswith("./"):
                p = p[2:]
            if "/" in p:
                self.paths.append(re.compile(_glob_regex(p)))
            else:
                self.names.append(re.compile(fnmatch.translate(p)))

    def excluded(self, path: Path) -> bool:
        if any(r.match(path.name) for r in self.names):
            return True
        if not self.paths:
            return False
        absolute = Path(os.path.abspath(path))
        try:
            rel = absolute.relative_to(self.root).as_posix()
        except ValueError:
            rel = absolute.as_posix()
        return any(r.match(rel) or r.match(absolute.as_posix()) for r in self.paths)

    def excluded_anywhere(self, path: Path) -> bool:
        """For explicitly named files under ``force_exclude``: any excluded ancestor counts."""
        absolute = Path(os.path.abspath(path))
        return any(self.excluded(p) for p in (absolute, *absolute.parents) if p != Path(p.anchor))


def _glob_regex(glob: str) -> str:
    """A path glob where ``*`` stays inside one component and ``**`` crosses them."""
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "^" + "".join(out) + "(?:/.*)?$"


def discover(paths: Iterable[str], exclude: Iterable[str] | None = None, extend_exclude: Iterable[str] = (),
             respect_gitignore: bool = True, force_exclude: bool = False, root: Path | None = None) -> Discovery:
    """The files to analyse, in a stable order (arguments in order, each directory sorted),
    each once."""
    patterns = [*(DEFAULT_EXCLUDE if exclude is None else exclude), *extend_exclude]
    excluder = Excluder(patterns, root or Path.cwd())
    found = Discovery()
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = os.path.normcase(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            found.files.append(p)

    for raw in paths:
        if raw == STDIN:
            found.stdin = True
            continue
        p = Path(raw)
        if p.is_dir():
            if force_exclude and excluder.excluded_anywhere(p):
                continue
            ignore = GitIgnore.for_directory(p) if respect_gitignore else None
            if ignore is not None and ignore.ignored(p.resolve(), is_dir=True) and force_exclude:
                continue
            for f in _walk(p, excluder, ignore, found.problems):
                add(f)
        elif p.exists() or p.is_symlink():
            if force_exclude and (excluder.excluded_anywhere(p) or (
                    respect_gitignore and path_ignored(p))):
                continue
            add(p)  # named explicitly: analysed whatever its suffix, like ruff
        else:
            found.problems.append(f"{raw}: no such file or directory")
    return found


def _walk(top: Path, excluder: Excluder, ignore: GitIgnore | None, problems: list[str] | None = None) -> list[Path]:
    """``*.py`` files under ``top``, depth first in sorted order. ``top`` keeps the user's
    spelling in the results; matching uses the resolved path."""
    out: list[Path] = []
    stack: list[tuple[Path, Path, GitIgnore | None]] = [(top, top.resolve(), ignore)]
    while stack:
        shown, real, rules = stack.pop()
        if rules is not None:
            rules = rules.entering(real)
        try:
            entries = sorted(os.scandir(real), key=lambda e: e.name)
        except OSError as exc:  # an unreadable directory is reported, never silently skipped
            if problems is not None:
                problems.append(f"{shown}: cannot read the directory: {exc.strerror or exc}")
            continue
        subdirs: list[tuple[Path, Path, GitIgnore | None]] = []
        for entry in entries:
            shown_child, real_child = shown / entry.name, real / entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_link = entry.is_symlink()
            except OSError:
                continue
            if excluder.excluded(shown_child):
                continue
            if rules is not None and rules.ignored(real_child, is_dir=is_dir):
                continue
            if is_dir:
                subdirs.append((shown_child, real_child, rules))
            elif entry.name.endswith(".py") and (not is_link or _is_file(real_child) or _loops(real_child)):
                # A link that loops is listed too: reading it then says why it cannot be read
                # (KA002). A dangling one names no file at all and is skipped.
                out.append(shown_child)
        stack.extend(reversed(subdirs))
    # Files of a directory come before its subdirectories' files; keep that, it reads well.
    return out


def _loops(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False
