"""``[tool.kerasaudit]`` in pyproject.toml: finding it, reading it, validating it.

The nearest ``pyproject.toml`` with a ``[tool.kerasaudit]`` table, looking up from a
checked file's directory, configures that file (as ruff does). Anything wrong in it
(an unknown key, an unknown rule code, a bad severity) is a :class:`ConfigError`: the
command line turns it into a clear message and exit status 2, never a silent default.

```toml
[tool.kerasaudit]
select = ["KA"]                 # codes or prefixes; "ALL" for every rule
ignore = ["KA601"]
extend-select = ["KA901"]       # add rules that are off by default
per-file-ignores = { "tests/*" = ["KA3"] }
severity = { KA101 = "error" }  # error | warning | info
max-steps = 500000              # the analysis budget per file
max-seconds = 10.0
max-file-size = "2MB"           # larger files are not analysed (KA003); bytes or "500KB", "8MB"
exclude = ["build"]             # replace the default excluded paths (globs)
extend-exclude = ["generated/*"]
respect-gitignore = true
force-exclude = false
```
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from .settings import Settings

SEVERITIES = ("error", "warning", "info")
_SECTION = re.compile(r"(?m)^\s*\[\s*tool\s*\.\s*kerasaudit\s*[\].]")


def _resolved(path: Path) -> Path:
    """The real path; where there is none (a symlink loop), the path as written, made
    absolute: the file is then reported as unreadable, its configuration still found."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and why."""


def _toml_loads() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
        return tomllib.loads
    try:  # pragma: no cover - Python 3.10 only
        import tomli  # type: ignore[import-not-found]
        return tomli.loads
    except ImportError:  # pragma: no cover
        return None


def find_config(start: Path) -> Path | None:
    """The nearest pyproject.toml with a ``[tool.kerasaudit]`` table at or above ``start``."""
    start = _resolved(start)
    directory = start if start.is_dir() else start.parent
    for d in (directory, *directory.parents):
        candidate = d / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if _SECTION.search(text):
                return candidate
    return None


def load_config(path: Path, codes: list[str]) -> Settings:
    """Settings from one pyproject.toml (or a kerasaudit.toml-style file with the table)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration file: {exc}") from None
    loads = _toml_loads()
    if loads is None:  # pragma: no cover - Python 3.10 without tomli
        raise ConfigError(f"{path}: reading [tool.kerasaudit] needs Python 3.11+ or the `tomli` package "
                          f"(pip install tomli); or run with --isolated to ignore the file")
    try:
        data = loads(text)
    except Exception as exc:  # noqa: BLE001 - tomllib.TOMLDecodeError, tomli's alike
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("kerasaudit")
    if table is None:
        return Settings(root=path.parent, config_file=path)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.kerasaudit] must be a table")
    return settings_from_table(table, codes, str(path), path.parent)


_KEYS = {"select", "ignore", "extend-select", "per-file-ignores", "severity", "max-steps", "max-seconds",
         "max-file-size", "exclude", "extend-exclude", "respect-gitignore", "force-exclude"}


def settings_from_table(table: dict, codes: list[str], where: str, root: Path | None = None) -> Settings:
    from .rules.selection import unknown_selectors

    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) in [tool.kerasaudit]: {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(_KEYS))})")
    settings = Settings(root=root, config_file=Path(where) if root is not None else None)
    for key, attr in (("select", "select"), ("ignore", "ignore"), ("extend-select", "extend_select")):
        if key in table:
            value = _code_list(table[key], f"{where}: {key}")
            bad = unknown_selectors(value, codes)
            if bad:
                raise ConfigError(f"{where}: {key}: unknown rule code or prefix {', '.join(map(repr, bad))}")
            setattr(settings, attr, value)
    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{where}: per-file-ignores must be a table of glob = [codes]")
        for pattern, value in pfi.items():
            value = _code_list(value, f"{where}: per-file-ignores.{pattern}")
            bad = unknown_selectors(value, codes)
            if bad:
                raise ConfigError(f"{where}: per-file-ignores.{pattern}: unknown rule code or prefix "
                                  f"{', '.join(map(repr, bad))}")
            settings.per_file_ignores[str(pattern)] = value
    if "severity" in table:
        sev = table["severity"]
        if not isinstance(sev, dict):
            raise ConfigError(f"{where}: severity must be a table of CODE = \"error\" | \"warning\" | \"info\"")
        known = {c.upper() for c in codes}
        for code, level in sev.items():
            if str(code).upper() not in known:
                raise ConfigError(f"{where}: severity: unknown rule code {code!r}")
            if level not in SEVERITIES:
                raise ConfigError(f"{where}: severity.{code}: {level!r} is not one of {', '.join(SEVERITIES)}")
            settings.severity[str(code).upper()] = level
    if "max-steps" in table:
        steps = table["max-steps"]
        if isinstance(steps, bool) or not isinstance(steps, int) or steps <= 0:
            raise ConfigError(f"{where}: max-steps must be a positive integer")
        settings.max_steps = steps
    if "max-seconds" in table:
        seconds = table["max-seconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds <= 0:
            raise ConfigError(f"{where}: max-seconds must be a positive number")
        settings.max_seconds = float(seconds)
    if "max-file-size" in table:
        from .sizes import parse_size
        size = parse_size(table["max-file-size"])
        if size is None or size <= 0:
            raise ConfigError(f"{where}: max-file-size must be a positive size in bytes or like \"2MB\", \"500KB\"")
        settings.max_file_size = size
    for key, attr in (("exclude", "exclude"), ("extend-exclude", "extend_exclude")):
        if key in table:
            value = table[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: {key} must be a list of glob patterns")
            setattr(settings, attr, list(value))
    for key, attr in (("respect-gitignore", "respect_gitignore"), ("force-exclude", "force_exclude")):
        if key in table:
            if not isinstance(table[key], bool):
                raise ConfigError(f"{where}: {key} must be true or false")
            setattr(settings, attr, table[key])
    return settings


def _code_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of rule codes or prefixes")
    return [v.strip().upper() for v in value]


def check_selectors(option: str, patterns: list[str], codes: list[str]) -> None:
    """Command-line codes get the same validation as the configuration file's."""
    from .rules.selection import unknown_selectors

    bad = unknown_selectors(patterns, codes)
    if bad:
        raise ConfigError(f"{option}: unknown rule code or prefix {', '.join(map(repr, bad))}")


class ConfigResolver:
    """Settings for each checked path: its nearest configuration, plus the command line's
    options; configuration files are read once each."""

    def __init__(self, codes: list[str], overrides: dict[str, list[str]], config: Path | None = None,
                 isolated: bool = False, base: Settings | None = None) -> None:
        self.codes = codes
        self.overrides = overrides
        self.isolated = isolated
        self.base = base or Settings()
        self._by_file: dict[Path, Settings] = {}
        self._by_dir: dict[Path, Path | None] = {}
        self._by_parent: dict[Path, Settings] = {}
        self.fixed: Settings | None = None
        if config is not None:
            self.fixed = self._finish(load_config(config, codes))
        elif isolated:
            self.fixed = self._finish(Settings())

    def _finish(self, settings: Settings) -> Settings:
        settings = replace(settings, expand_nested=self.base.expand_nested)
        return settings.with_options(**self.overrides)

    def for_path(self, path: Path) -> Settings:
        if self.fixed is not None:
            return self.fixed
        if path.is_symlink() or path.is_dir():  # a link is configured where its target is
            return self._for_path(path)
        # The files of one directory share their configuration: resolve the directory once.
        parent = path.parent
        if parent not in self._by_parent:
            self._by_parent[parent] = self._for_path(path)
        return self._by_parent[parent]

    def _for_path(self, path: Path) -> Settings:
        directory = _resolved(path).parent if not path.is_dir() else _resolved(path)
        if directory not in self._by_dir:
            self._by_dir[directory] = find_config(directory)
        config = self._by_dir[directory]
        if config is None:
            # No configuration above the file: the one above the working directory, if any.
            cwd = Path.cwd().resolve()
            if cwd not in self._by_dir:
                self._by_dir[cwd] = find_config(cwd)
            config = self._by_dir[cwd]
        if config is None:
            return self._finish(Settings())
        if config not in self._by_file:
            self._by_file[config] = self._finish(load_config(config, self.codes))
        return self._by_file[config]
