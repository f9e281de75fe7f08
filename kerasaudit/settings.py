"""Settings: defaults, ``[tool.kerasaudit]`` in the nearest pyproject.toml, and CLI options."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Settings:
    select: list[str] = field(default_factory=list)  # empty: the default rule set
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    max_steps: int = 2_000_000
    max_seconds: float = 20.0
    expand_nested: bool = False
    # Which files a directory search finds (kerasaudit.files): None = the default excludes.
    exclude: list[str] | None = None
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    force_exclude: bool = False
