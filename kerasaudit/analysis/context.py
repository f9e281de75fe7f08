"""Per-file state of one analysis: budget, automatic names, symbols, facts, notes."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .dims import Sym
from .facts import Facts
from .naming import NameRegistry


class BudgetExhausted(Exception):
    """The file's step or time budget ran out; what was found so far still stands."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass
class Limits:
    max_steps: int = 500_000
    max_seconds: float = 10.0
    max_call_depth: int = 60
    max_loop_iterations: int = 10_000
    max_collection_size: int = 100_000


@dataclass(eq=False)
class Note:
    """Something the analysis could not do, kept for the user (never silent)."""

    line: int
    col: int
    message: str
    kind: str = "info"


@dataclass(eq=False)
class FileContext:
    path: str
    limits: Limits = field(default_factory=Limits)
    names: NameRegistry = field(default_factory=NameRegistry)
    facts: Facts = field(default_factory=Facts)
    notes: list[Note] = field(default_factory=list)
    steps: int = 0
    timed_out: bool = False
    started: float = field(default_factory=time.perf_counter)
    _symbols: dict[str, int] = field(default_factory=dict)

    def step(self, line: int) -> None:
        self.steps += 1
        if self.steps > self.limits.max_steps:
            raise BudgetExhausted(f"analysis step budget ({self.limits.max_steps:,} steps) exhausted", line)
        if self.steps & 0x3F == 0 and time.perf_counter() - self.started > self.limits.max_seconds:
            self.timed_out = True
            raise BudgetExhausted(f"analysis time limit ({self.limits.max_seconds:g} s) exceeded", line)

    def renew_budget(self) -> None:
        """A fresh step and time budget (for a separate phase of the same file)."""
        self.steps = 0
        self.started = time.perf_counter()

    def symbol(self, base: str) -> Sym:
        """A fresh symbolic size: ``H``, then ``H2``, ``H3``... for later inputs."""
        n = self._symbols.get(base, 0) + 1
        self._symbols[base] = n
        return Sym.name(base if n == 1 else f"{base}{n}")

    def note(self, line: int, col: int, message: str, kind: str = "info") -> None:
        if len(self.notes) < 1000:
            self.notes.append(Note(line, col, message, kind))
