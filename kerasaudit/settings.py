"""Settings: defaults, ``[tool.kerasaudit]`` in the nearest pyproject.toml, and CLI options.

Reading the configuration file lives in :mod:`kerasaudit.config`; this module only says
what a setting is, so the pure core (``check_source``) never touches the file system.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass
class Selection:
    """One layer of rule selection (the configuration file, then the command line).

    ``select`` None means "keep what the layer below selected"; a list starts over.
    """

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)


@dataclass
class Settings:
    # The configuration file's selection (or a caller's, e.g. the rule-example tests).
    select: list[str] = field(default_factory=list)  # empty: the default rule set
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    # Selections applied on top of the one above, in order (the command line's).
    overrides: list[Selection] = field(default_factory=list)
    max_steps: int = 500_000  # per file: statements and calls interpreted (a few seconds at most)
    max_seconds: float = 10.0  # per file: wall-clock limit of the interpretation
    max_file_size: int = 2 * 1024 * 1024  # bytes; larger files are skipped with a KA003 message
    expand_nested: bool = False
    # Which files a directory search finds (kerasaudit.files): None = the default excludes.
    exclude: list[str] | None = None
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    force_exclude: bool = False
    # The directory of the pyproject.toml the settings came from: per-file-ignores
    # patterns are relative to it. None when no configuration file was used.
    root: Path | None = None
    config_file: Path | None = None

    def layers(self) -> list[Selection]:
        base = Selection(self.select or None, list(self.ignore), list(self.extend_select))
        return [base, *self.overrides]

    def with_options(self, select: list[str] | None = None, ignore: list[str] | None = None,
                     extend_select: list[str] | None = None) -> "Settings":
        """These settings with the command line's selection on top, as ruff combines them:
        ``--select`` starts over, ``--ignore`` and ``--extend-select`` adjust."""
        out = replace(self, overrides=list(self.overrides))
        if select or ignore or extend_select:
            out.overrides.append(Selection(list(select) if select else None, list(ignore or []),
                                           list(extend_select or [])))
        return out
