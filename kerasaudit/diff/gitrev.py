"""The git side of ``kerasaudit diff``: which revisions, which files changed, and their text
at a revision (``git show REV:path`` — nothing is ever checked out)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

WORKTREE = None  # the "revision" meaning the files as they are on disk


class GitError(Exception):
    pass


def git(root: Path | None, *args: str, check: bool = True) -> str:
    cmd = ["git", *(["-C", str(root)] if root is not None else []), *args]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"`{' '.join(cmd)}` took too long") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"`git {' '.join(args)}` failed: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", "surrogateescape")


def repository_root(start: Path) -> Path:
    try:
        return Path(git(start, "rev-parse", "--show-toplevel").strip())
    except GitError:
        raise GitError(f"{start} is not inside a git repository") from None


def resolve(root: Path, rev: str) -> str:
    """A full commit id for ``rev`` (a branch, tag, sha, HEAD~2...)."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except GitError:
        raise GitError(f"unknown revision {rev!r}") from None


def default_branch(root: Path) -> str:
    """origin's HEAD when there is a remote, else a local main/master/trunk."""
    ref = git(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD", check=False).strip()
    if ref:
        return ref
    for name in ("main", "master", "trunk", "origin/main", "origin/master"):
        if git(root, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False).strip():
            return name
    raise GitError("cannot find the default branch (no origin/HEAD, main or master): give BASE")


def default_base(root: Path) -> str:
    return merge_base(root, default_branch(root), "HEAD")


def merge_base(root: Path, a: str, b: str) -> str:
    try:
        return git(root, "merge-base", a, b).strip()
    except GitError:
        raise GitError(f"{a} and {b} have no common ancestor") from None


@dataclass(frozen=True)
class Change:
    status: str  # added | removed | modified | renamed
    path: str  # the path at HEAD (or at BASE for a removed file), relative to the repository root
    old_path: str | None = None  # the path at BASE when renamed


def changed_python_files(root: Path, base: str, head: str | None) -> list[Change]:
    """The *.py files that differ between ``base`` and ``head`` (None: the working tree,
    untracked files included)."""
    args = ["diff", "--name-status", "-z", "-M", "--no-color", "--no-ext-diff", base]
    if head is not None:
        args.append(head)
    fields = git(root, *args).split("\0")
    out: list[Change] = []
    i = 0
    while i < len(fields) - 1:
        code = fields[i]
        if not code:
            i += 1
            continue
        if code[0] in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            if new.endswith(".py") or old.endswith(".py"):
                status = "renamed" if code[0] == "R" else "added"
                out.append(Change(status, new, old if code[0] == "R" else None))
            continue
        path = fields[i + 1]
        i += 2
        if not path.endswith(".py"):
            continue
        status = {"A": "added", "D": "removed"}.get(code[0], "modified")
        out.append(Change(status, path))
    if head is None:
        untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard").split("\0")
        out += [Change("added", p) for p in untracked if p.endswith(".py")]
    return sorted(out, key=lambda c: c.path)


def read_at(root: Path, rev: str | None, path: str) -> bytes | None:
    """The file's bytes at ``rev`` (None: the working tree), or None when it does not exist."""
    if rev is None:
        try:
            return (root / path).read_bytes()
        except OSError:
            return None
    done = subprocess.run(["git", "-C", str(root), "show", f"{rev}:{path}"], capture_output=True, timeout=120)
    return done.stdout if done.returncode == 0 else None


def describe(root: Path, rev: str | None) -> str:
    if rev is None:
        return "working tree"
    return git(root, "rev-parse", "--short", rev).strip()
