"""Comments are found by a scan that skips string literals."""

from __future__ import annotations

import ast

from kerasaudit.comments import comments_by_line

SOURCE = '''\
x = 1  # one
s = "not # a comment"  # two
t = \'\'\'
# inside a docstring
\'\'\'
u = f"{x}#"  # three: 3x3
v = r'\\#'
# four
w = "a\\"#b"  # five
'''


def test_comments_outside_strings_only() -> None:
    found = comments_by_line(SOURCE, ast.parse(SOURCE))
    assert found == {1: "one", 2: "two", 6: "three: 3x3", 8: "four", 9: "five"}


def test_no_hash_no_work() -> None:
    assert comments_by_line("x = 1\n") == {}
