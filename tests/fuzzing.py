"""Mutating real model code the way editors, merges and generators break it: tokens and
lines deleted, duplicated and swapped, numbers changed, layers renamed, foreign code
spliced in. Shared by the hypothesis tests and the CLI fuzz test (test_fuzz.py).

How many examples run is one environment variable: ``KERASAUDIT_FUZZ_EXAMPLES`` (per
test; CI runs the small defaults, ``KERASAUDIT_FUZZ_EXAMPLES=5000`` is a long run).
"""

from __future__ import annotations

import io
import os
import random
import tokenize
from pathlib import Path
from typing import Callable

from conftest import FIXTURES

FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*.py"))
SOURCES = {p: p.read_text(encoding="utf-8") for p in FIXTURE_FILES}


def examples(default: int) -> int:
    value = os.environ.get("KERASAUDIT_FUZZ_EXAMPLES")
    return int(value) if value else default


def layer_names() -> list[str]:
    from kerasaudit.catalog import all_specs
    return sorted(all_specs())


# Replacement numbers: the edges that break arithmetic and the sizes that break budgets.
NUMBERS = ["0", "1", "-1", "2", "3", "7", "64", "1000", "10**6", "10**100", "2**31", "0.5", "-3", "1e308",
           "True", "None", "(1, 2)", "[]", "''"]
FOREIGN = ["while True:\n    pass\n", "import os\nos.system('x')\n", "x = [x for x in range(10**9)]\n",
           "def f():\n    return f()\nf()\n", "from . import *\n", "global q\n", "async def g():\n    await h\n",
           "lambda: (yield)\n", "class A(A):\n    pass\n", "del layers\n", "keras = None\n", "match x:\n    case 1:\n"
           "        pass\n", "try:\n    pass\nfinally:\n    raise\n", "x: int\n", "__import__('os')\n"]


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    try:
        return [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                if t.type not in (tokenize.ENDMARKER, tokenize.DEDENT) and t.string]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []


def _offsets(text: str) -> list[int]:
    starts, pos = [0], 0
    for line in text.splitlines(keepends=True):
        pos += len(line)
        starts.append(pos)
    return starts


def _span(text: str, tok: tokenize.TokenInfo) -> tuple[int, int]:
    starts = _offsets(text)
    (l1, c1), (l2, c2) = tok.start, tok.end
    return starts[l1 - 1] + c1, starts[l2 - 1] + c2


def mutate(text: str, rng: random.Random) -> str:
    """One random mutation of ``text`` (the text itself when none applies)."""
    return MUTATIONS[rng.randrange(len(MUTATIONS))](text, rng)


def delete_token(text: str, rng: random.Random) -> str:
    toks = _tokens(text)
    if not toks:
        return text
    a, b = _span(text, rng.choice(toks))
    return text[:a] + text[b:]


def duplicate_token(text: str, rng: random.Random) -> str:
    toks = _tokens(text)
    if not toks:
        return text
    a, b = _span(text, rng.choice(toks))
    return text[:b] + " " + text[a:b] + text[b:]


def swap_tokens(text: str, rng: random.Random) -> str:
    toks = _tokens(text)
    if len(toks) < 2:
        return text
    i = rng.randrange(len(toks) - 1)
    (a1, b1), (a2, b2) = _span(text, toks[i]), _span(text, toks[i + 1])
    if b1 > a2:
        return text
    return text[:a1] + text[a2:b2] + text[b1:a2] + text[a1:b1] + text[b2:]


def delete_line(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    if lines:
        del lines[rng.randrange(len(lines))]
    return "".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    if lines:
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    return "".join(lines)


def swap_lines(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    if len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def change_number(text: str, rng: random.Random) -> str:
    numbers = [t for t in _tokens(text) if t.type == tokenize.NUMBER]
    if not numbers:
        return text
    a, b = _span(text, rng.choice(numbers))
    return text[:a] + rng.choice(NUMBERS) + text[b:]


def rename_layer(text: str, rng: random.Random) -> str:
    known = set(layer_names())
    names = [t for t in _tokens(text) if t.type == tokenize.NAME and t.string in known]
    if not names:
        return text
    a, b = _span(text, rng.choice(names))
    new = rng.choice(layer_names() + ["NoSuchLayer", "Model", "Sequential", "Input", "layers", "print"])
    return text[:a] + new + text[b:]


def splice_foreign(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    i = rng.randrange(len(lines) + 1)
    indent = ""
    if i < len(lines):
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    snippet = "".join(indent + ln for ln in rng.choice(FOREIGN).splitlines(keepends=True))
    return "".join(lines[:i]) + snippet + "".join(lines[i:])


MUTATIONS: list[Callable[[str, random.Random], str]] = [
    delete_token, duplicate_token, swap_tokens, delete_line, duplicate_line, swap_lines, change_number,
    change_number, rename_layer, rename_layer, splice_foreign,
]


def mutated_files(directory: Path, count: int, seed: int) -> list[Path]:
    """``count`` mutated copies of the fixtures (1-6 mutations each), written to ``directory``."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        source = FIXTURE_FILES[n % len(FIXTURE_FILES)]
        text = SOURCES[source]
        for _ in range(rng.randint(1, 6)):
            text = mutate(text, rng)
        path = directory / f"m{n:04d}_{source.stem}.py"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out
