"""The interpreter computes what Python would, and says Unknown where it cannot know."""

from __future__ import annotations

from interp_helpers import run, unknown


def test_plain_python_is_exact() -> None:
    v = run("""
        N = 10
        sizes = [N * 2, N // 3, 2 ** 5, -N % 3]
        name = "blk_%d_%s" % (3, "a") + f"_{N:03d}"
        pairs = list(zip(range(3), "abc"))
        d = {k: v for k, v in pairs if k != 1}
        total = sum(x for x in sizes if x > 3)
        a, *rest, z = [1, 2, 3, 4]
        t = tuple(reversed(sorted({3, 1, 2})))
        """)
    assert v["sizes"] == [20, 3, 32, 2]
    assert v["name"] == "blk_3_a_010"
    assert v["d"] == {0: "a", 2: "c"}
    assert v["total"] == 20 + 32
    assert (v["a"], v["rest"], v["z"]) == (1, [2, 3], 4)
    assert v["t"] == (3, 2, 1)


def test_functions_defaults_kwargs_closures_and_recursion() -> None:
    v = run("""
        def f(a, b=2, *args, c=3, **kw):
            return a + b + c + sum(args) + kw.get("d", 0)
        def outer(x):
            def inner(y):
                return x * y
            return inner
        def fact(n):
            return 1 if n <= 1 else n * fact(n - 1)
        r1 = f(1)
        r2 = f(1, 5, 7, 8, c=0, d=100)
        r3 = outer(6)(7)
        r4 = fact(6)
        r5 = (lambda q, w=4: q * w)(3)
        """)
    assert (v["r1"], v["r2"], v["r3"], v["r4"], v["r5"]) == (6, 121, 42, 720, 12)


def test_unbounded_recursion_gives_unknown_not_a_hang() -> None:
    v = run("""
        def forever(n):
            return forever(n + 1)
        r = forever(0)
        """)
    assert unknown(v["r"])


def test_undecidable_branch_makes_what_it_touches_unknown() -> None:
    v = run("""
        import os
        flag = os.environ.get("X")
        width = 32
        layers_list = [1]
        if flag:
            width = 64
            layers_list.append(2)
        untouched = 5
        n = len(layers_list)
        """)
    assert unknown(v["width"]), "width differs between the two paths"
    assert unknown(v["n"]), "the list may or may not have been appended to"
    assert v["untouched"] == 5


def test_branch_that_raises_is_not_taken_by_code_that_continues() -> None:
    v = run("""
        import os
        mode = os.environ.get("MODE")
        if mode not in ("a", "b"):
            raise ValueError(mode)
        else:
            k = 3
        """)
    assert v["k"] == 3


def test_undecidable_return_makes_the_result_unknown() -> None:
    v = run("""
        import random
        def pick(x):
            if random.random() > 0.5:
                return x
            return x * 2
        r = pick(3)
        """)
    assert unknown(v["r"])


def test_undecidable_break_makes_the_loop_results_unknown() -> None:
    v = run("""
        import random
        acc = []
        for i in range(5):
            if random.random() > 0.5:
                break
            acc.append(i)
        n = len(acc)
        """)
    assert unknown(v["n"])


def test_loops_and_while_with_known_bounds() -> None:
    v = run("""
        i, out = 0, []
        while i < 4:
            out.append(i * i)
            i += 1
        else:
            out.append(-1)
        for j in range(10):
            if j == 2:
                continue
            if j == 4:
                break
            out.append(j)
        """)
    assert v["out"] == [0, 1, 4, 9, -1, 0, 1, 3]


def test_huge_computations_are_refused_not_performed() -> None:
    v = run("""
        big = 2 ** 10 ** 8
        s = "x" * 10 ** 9
        r = list(range(10 ** 9))
        """)
    assert unknown(v["big"]) and unknown(v["s"]) and unknown(v["r"])


def test_main_guard_runs() -> None:
    v = run("""
        ran = False
        def main():
            global ran
            ran = True
        if __name__ == "__main__":
            main()
        """)
    assert v["ran"] is True


def test_local_imports_are_never_followed() -> None:
    v = run("""
        from .models import build
        from mypackage.models import make
        m = build()
        """)
    assert unknown(v["m"])


def test_symbolic_sizes_behave_as_kerass_none() -> None:
    v = run("""
        import keras
        x = keras.Input((None, None, 3))
        h = x.shape[1]
        is_none = x.shape[1] is None
        eq_none = x.shape[2] == None
        channels = x.shape[-1]
        half = h // 2 if h is not None else 7
        """)
    assert v["is_none"] is True and v["eq_none"] is True
    assert v["channels"] == 3
    assert v["half"] == 7


def test_budget_exhaustion_keeps_finished_models_and_marks_unfinished_ones() -> None:
    import ast
    import textwrap

    from kerasaudit.analysis.context import FileContext, Limits
    from kerasaudit.analysis.interpreter import Interpreter

    text = textwrap.dedent("""
        from keras import layers, Sequential
        done = Sequential([layers.Input((4,)), layers.Dense(2)])
        done.compile(loss="mse")
        growing = Sequential([layers.Input((4,))])
        growing.add(layers.Dense(3))
        for epoch in range(10000):
            for i in range(10000):
                pass
        growing.add(layers.Dense(5))
        """)
    ctx = FileContext(path="x.py", limits=Limits(max_steps=5000))
    Interpreter(ctx, ast.parse(text)).run()
    done, growing = ctx.facts.models
    assert not done.incomplete
    assert growing.incomplete and "line" in growing.incomplete
    assert any(n.kind == "budget" for n in ctx.notes)


def test_transparent_decorators_keep_the_function() -> None:
    v = run("""
        import functools
        from functools import wraps, lru_cache
        from keras.layers import Conv2D
        @wraps(Conv2D)
        def conv(*args, **kwargs):
            return 7
        @functools.lru_cache(maxsize=None)
        def size(n):
            return n * 2
        @lru_cache
        def other(n):
            return n + 1
        a, b, c = conv(), size(4), other(1)
        """)
    assert (v["a"], v["b"], v["c"]) == (7, 8, 2)
