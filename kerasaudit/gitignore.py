""".gitignore matching, written from git's documented rules (``gitignore(5)``), so that
directory walks skip what git would ignore without running git or adding a dependency.

Implemented: comments and blank lines, ``\\`` escapes, trailing-space trimming, ``!``
negation (last match wins), a trailing ``/`` for directories only, patterns with a
slash anchored at the .gitignore's directory, ``*``/``?``/``[...]`` that never match
``/``, and ``**`` in its three documented positions. A deeper .gitignore overrides a
shallower one, ``.git/info/exclude`` applies to the whole repository, and (as in git) a
file inside an ignored directory cannot be re-included — the walk never enters it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool
    text: str


def _translate_glob(glob: str) -> str:
    """One gitignore glob (no leading/trailing slash handling) as a regex over a relative
    POSIX path."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if c == "*":
            if glob.startswith("**", i):
                before_ok = i == 0 or glob[i - 1] == "/"
                after = glob[i + 2:i + 3]
                if before_ok and after == "/":  # "**/": zero or more leading directories
                    out.append("(?:.*/)?")
                    i += 3
                    continue
                if before_ok and i + 2 == n:  # trailing "/**": everything inside
                    out.append(".*")
                    i += 2
                    continue
                out.append("[^/]*")  # "**" elsewhere is an ordinary "*"
                i += 2
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = i + 1
            if j < n and glob[j] in "!^":
                j += 1
            if j < n and glob[j] == "]":
                j += 1
            while j < n and glob[j] != "]":
                j += 1
            if j >= n:  # no closing bracket: a literal "["
                out.append(re.escape(c))
            else:
                body = glob[i + 1:j]
                if body[:1] in ("!", "^"):
                    body = "^" + body[1:]
                body = body.replace("\\", "\\\\")
                out.append(f"(?!/)[{body}]")
                i = j
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(glob[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def parse_line(line: str) -> Pattern | None:
    """One line of a .gitignore file, or None for blanks and comments."""
    line = line.rstrip("\n").rstrip("\r")
    # Trailing spaces are ignored unless escaped with a backslash.
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += " "
    line = stripped
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    elif line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    dir_only = line.endswith("/") and not line.endswith("\\/")
    if dir_only:
        line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    if line.startswith("/"):
        line = line[1:]
    body = _translate_glob(line)
    prefix = "" if anchored else "(?:.*/)?"
    return Pattern(re.compile(f"^{prefix}{body}$", re.DOTALL), negated, dir_only, line)


class IgnoreFile:
    """The patterns of one .gitignore, relative to its directory."""

    def __init__(self, base: Path, patterns: list[Pattern]) -> None:
        self.base = base
        self.patterns = patterns

    @staticmethod
    def read(path: Path, base: Path | None = None) -> "IgnoreFile | None":
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        patterns = [p for p in (parse_line(line) for line in text.splitlines()) if p is not None]
        return IgnoreFile(base or path.parent, patterns) if patterns else None

    def match(self, path: Path, is_dir: bool) -> bool | None:
        """True ignored, False re-included by a negation, None when no pattern matches."""
        try:
            rel = path.relative_to(self.base).as_posix()
        except ValueError:
            return None
        verdict: bool | None = None
        for p in self.patterns:
            if p.dir_only and not is_dir:
                continue
            if p.regex.match(rel):
                verdict = not p.negated
        return verdict


class GitIgnore:
    """The ignore rules that apply while walking down from a directory."""

    def __init__(self, files: list[IgnoreFile] | None = None) -> None:
        self.files = files or []

    @staticmethod
    def for_directory(directory: Path) -> "GitIgnore":
        """The rules a walk starting at ``directory`` inherits: .gitignore files from the
        repository root down to it, and .git/info/exclude. Outside a git repository only
        the directory's own .gitignore files count (as tools like ruff do)."""
        directory = directory.resolve()
        chain = [directory, *directory.parents]
        root = next((d for d in chain if (d / ".git").exists()), None)
        files: list[IgnoreFile] = []
        if root is not None:
            exclude = IgnoreFile.read(root / ".git" / "info" / "exclude", base=root)
            if exclude:
                files.append(exclude)
            for d in reversed(chain[: chain.index(root) + 1]):
                if d == directory:
                    break
                f = IgnoreFile.read(d / ".gitignore")
                if f:
                    files.append(f)
        return GitIgnore(files)

    def entering(self, directory: Path) -> "GitIgnore":
        """The rules inside ``directory``: its own .gitignore has the last word."""
        own = IgnoreFile.read(directory / ".gitignore")
        return GitIgnore([*self.files, own]) if own else self

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for f in reversed(self.files):
            verdict = f.match(path, is_dir)
            if verdict is not None:
                return verdict
        return False


def path_ignored(path: Path) -> bool:
    """Whether git would ignore ``path`` (a file), its own rules or an ignored ancestor's."""
    try:
        absolute = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: judged where it is written
        absolute = Path(os.path.abspath(path))
    chain = [absolute.parent, *absolute.parent.parents]
    root = next((d for d in chain if (d / ".git").exists()), None)
    top = root if root is not None else absolute.parent
    rules = GitIgnore.for_directory(top)
    for d in reversed(chain[: chain.index(top) + 1]):
        if d != top and rules.ignored(d, is_dir=True):
            return True
        rules = rules.entering(d)
    return rules.ignored(absolute, is_dir=False)
