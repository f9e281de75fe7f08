"""Writing a :class:`~plan.Plan` as a Python script, in randomly chosen idioms.

The same model can be written many ways: Sequential (a list or ``.add``; the input as
``Input``, ``InputLayer``, ``input_shape=`` or ``build``) or functional; repeated blocks as
loops, helper functions (with defaulted parameters) or unrolled; layer objects inline or
bound to names; literals inline or as module-level constants; the whole model in a builder
function; and every import style real code uses. Each choice is a hypothesis draw, so a
failing script shrinks to its simplest spelling.
"""

from __future__ import annotations

import ast
import inspect
from typing import Any

from hypothesis import strategies as st

from . import keras_oracle as oracle
from .entries import REGISTRY, Code, Nested, split_call
from .plan import Group, Op, Plan
from .styles import STYLES, Names

MARK = "  #@@invalid"  # stripped: marks lines of the op Keras rejects


class Script:
    """A generated script. Not a dataclass: hypothesis would print it field by field."""

    def __init__(self, text: str, plan: Plan, idiom: str, invalid_marked: set[int],
                 invalid_lines: set[int]) -> None:
        self.text = text
        self.plan = plan
        self.idiom = idiom  # a short description of the choices, for failure messages
        self.invalid_marked = invalid_marked  # lines of the op Keras rejects
        self.invalid_lines = invalid_lines  # ... and of the statements containing it

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        return f"<generated script ({self.idiom})>\n{self.text}"


class Renderer:
    def __init__(self, draw: Any, plan: Plan | None, style: str | None = None) -> None:
        self.draw = draw
        self.plan = plan  # type: ignore[assignment]
        self.names = Names(style or draw(st.sampled_from(sorted(STYLES))))
        self.hoist = draw(st.sampled_from([0, 0, 3, 8]))  # how often literals become constants (1 in n)
        self.consts: list[str] = []
        self.helpers: list[list[str]] = []
        self.body: list[str] = []
        self.indent = 0
        self.counter = 0
        self.idiom: list[str] = [self.names.style]

    # -- small pieces
    def flip(self, n: int = 2) -> bool:
        """True about 1 in n times; False is the simpler choice hypothesis shrinks towards."""
        return self.draw(st.integers(0, n - 1)) == n - 1

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def emit(self, line: str, invalid: bool = False) -> None:
        text = "    " * self.indent + line
        self.body.append(_mark(text, invalid))

    def mark(self, text: str, invalid: bool) -> str:
        return _mark(text, invalid)

    def lit(self, value: Any, hint: str = "value") -> str:
        if isinstance(value, Nested):
            return self.call(self.names.layer(value.name), self.args(value.name, value.kwargs))
        if isinstance(value, Code):
            return value.spell(self.names.ops if "{ops}" in value.text else "keras.ops")
        if isinstance(value, list) and any(isinstance(v, Nested) for v in value):
            return "[" + ", ".join(self.lit(v, hint) for v in value) + "]"
        text = repr(value)
        if self.hoist and isinstance(value, (int, tuple)) and not isinstance(value, bool) and value not in (0, 1) \
                and self.flip(self.hoist):
            name = f"{hint.upper()}_{len(self.consts)}"
            self.consts.append(f"{name} = {text}")
            return name
        return text

    def args(self, cls: str, kwargs: dict, exprs: dict | None = None, extra: dict | None = None) -> list[str]:
        """Constructor arguments as code: some positional (in real Keras's order), the rest
        keywords; default values sometimes left out. ``exprs`` spells arguments as code."""
        exprs = dict(exprs or {})
        sig = oracle.signature(f"layers.{cls}")
        defaults = {n: d for n, d in sig}
        given = dict(kwargs)
        for k, v in list(given.items()):
            if k in exprs:
                continue
            if k in defaults and defaults[k] is not inspect.Parameter.empty and _same(v, defaults[k]) \
                    and not self.flip(3):
                del given[k]
        given.update({k: v for k, v in (extra or {}).items()})
        # The longest run of leading parameters that can be written positionally.
        run = 0
        for n, default in sig:
            if n in given:
                run += 1
            elif default is not inspect.Parameter.empty and _literal(default) and run and self.flip(4):
                given[n] = default  # real code spells a default out to reach a later positional
                run += 1
            else:
                break
        limit = REGISTRY[cls].max_positional if cls in REGISTRY else None
        run = run if limit is None else min(run, limit)
        npos = self.draw(st.integers(0, run)) if run else 0
        order = [n for n, _ in sig[:npos]]
        out = [exprs.get(n) or self.lit(given[n], n) for n in order]
        for k, v in given.items():
            if k not in order:
                out.append(f"{k}={exprs.get(k) or self.lit(v, k)}")
        return out

    def call(self, func: str, args: list[str]) -> str:
        if len(args) > 2 and self.flip(4):
            inner = ",\n".join("    " * (self.indent + 1) + a for a in args)
            return f"{func}(\n{inner},\n{'    ' * self.indent})"
        return f"{func}({', '.join(args)})"

    def layer_expr(self, op: Op, exprs: dict | None = None, extra: dict | None = None,
                   drop: tuple[str, ...] = ()) -> str:
        kwargs, _ = split_call(op.kwargs)
        for key in drop:
            kwargs.pop(key, None)
        if op.name:
            kwargs["name"] = op.name
        return self.call(self.names.layer(op.entry.name), self.args(op.entry.name, kwargs, exprs, extra))

    def op_code(self, op: Op, names: list[str]) -> str:
        """A tensor operation as the script writes it (``ops.mean(x, axis=1)``, ``a + b``)."""
        return op.entry.spell(names, op.kwargs, self.lit, self.names.ops)  # type: ignore[misc]

    def call_suffix(self, op: Op, names: list[str]) -> str:
        """``(x)``, ``([a, b])`` or ``(q, v, return_attention_scores=True)``."""
        _, call = split_call(op.kwargs)
        return op.entry.call_code(names, [f"{k}={self.lit(v, k)}" for k, v in call.items()])

    def input_expr(self, tid: int) -> str:
        info = self.plan.tensors[tid]
        shape = self.lit(tuple(info.shape[1:]), "input_shape")
        args = [shape if self.flip() else f"shape={shape}"]
        if tid in self.plan.input_names:
            args.append(f"name={self.plan.input_names[tid]!r}")
        if info.dtype != "float32":
            args.append(f"dtype={info.dtype!r}")
        return f"{self.names.input}({', '.join(args)})"

    # -- the script
    def render(self) -> Script:
        from .sequential import sequential
        from .subclass import can_subclass, subclassed

        if can_subclass(self.plan) and self.flip(5):
            subclassed(self)
            builder = False
        else:
            builder = self.flip(4)
            if builder:
                self.idiom.append("builder")
                self.emit("def build_model():")
                self.indent += 1
            if self.plan.sequential:
                sequential(self)
            else:
                self.functional()
        if builder:
            self.emit("return model")
            self.indent -= 1
            self.emit("model = build_model()")
        if self.flip(3):
            self.emit("model.summary()")
        sections = [self.names.header_lines(), self.consts] + self.helpers + [self.body]
        text = "\n\n".join("\n".join(s) for s in sections if s) + "\n"
        lines = text.split("\n")
        marked = {i + 1 for i, line in enumerate(lines) if line.endswith(MARK)}
        text = text.replace(MARK, "")
        return Script(text, self.plan, "/".join(self.idiom), marked, statement_lines(text, marked))

    # -- functional
    def functional(self) -> None:
        self.idiom.append("functional")
        plan = self.plan
        self.var: dict[int, str] = {}
        inputs = []
        for i, info in enumerate(plan.inputs):
            v = "inputs" if len(plan.inputs) == 1 and self.flip() else f"input_{i}"
            self.var[info.id] = v
            inputs.append(v)
            self.emit(f"{v} = {self.input_expr(info.id)}")
        self.reuse = self.flip()  # chains written as x = f(x)
        self.objects: dict[int, str] = {}
        shared = {op.shares for op in plan.ops if op.shares is not None}
        i = 0
        while i < len(plan.ops):
            op = plan.ops[i]
            if op.group is not None:
                group = plan.groups[op.group]
                self.functional_group(group)
                i = group.start + group.body * group.count
                continue
            self.functional_op(op, as_object=op.index in shared)
            i += 1
        outs = [self.var[t] if t != -1 else self.var["invalid"] for t in plan.outputs]
        ins = inputs[0] if len(inputs) == 1 and self.flip(3) else "[" + ", ".join(inputs) + "]"
        outs_code = outs[0] if len(outs) == 1 and self.flip(3) else "[" + ", ".join(outs) + "]"
        args = [f"inputs={ins}", f"outputs={outs_code}"] if self.flip() else [ins, outs_code]
        if self.flip(4):
            args.append("name='generated'")
        self.emit(f"model = {self.names.model}({', '.join(args)})")

    def out_var(self, op: Op) -> str:
        """The variable the op's output goes to: its input's, when nothing else needs that."""
        t = op.inputs[0]
        later_uses = [o for o in self.plan.ops if t in o.inputs and o.index != op.index]
        if (self.reuse and len(op.inputs) == 1 and not later_uses and t not in self.plan.outputs
                and t not in {i.id for i in self.plan.inputs}):
            return self.var[t]
        return self.fresh("x")

    def functional_op(self, op: Op, as_object: bool = False) -> None:
        bad = op is self.plan.invalid
        arg = self.call_suffix(op, [self.var[t] for t in op.inputs])
        if op.entry.is_op:
            out = self.out_var(op)
            self.emit(f"{out} = {self.op_code(op, [self.var[t] for t in op.inputs])}", bad)
            self.var[op.output] = out
            return
        several = len(op.outputs) > 1
        names = [self.fresh("x") for _ in op.outputs] if several else [self.out_var(op)]
        unpack = several and self.flip()
        out = ", ".join(names) if unpack else (self.fresh("res") if several else names[0])
        if op.shares is not None:
            self.emit(f"{out} = {self.objects[op.shares]}{arg}", bad)
        elif as_object or self.flip(5):
            obj = self.fresh(op.entry.name.lower())
            self.objects[op.index] = obj
            frozen_later = op.kwargs.get("trainable") is False and self.flip()
            self.emit(f"{obj} = {self.layer_expr(op, drop=('trainable',) if frozen_later else ())}", bad)
            if frozen_later:
                self.emit(f"{obj}.trainable = False")
            self.emit(f"{out} = {obj}{arg}", bad)
        else:
            self.emit(f"{out} = {self.layer_expr(op)}{arg}", bad)
        if several and not unpack:
            for i, name in enumerate(names):
                self.emit(f"{name} = {out}[{i}]")
        if op.output is None:
            self.var["invalid"] = names[0]
        for tid, name in zip(op.outputs, names):
            self.var[tid] = name

    def group_values(self, group: Group) -> list[tuple[int, str, list]]:
        """(body position, argument, value per iteration) of the arguments that vary."""
        out = []
        for j, vary in enumerate(group.varying):
            if vary:
                values = [self.plan.ops[group.start + i * group.body + j].kwargs[vary] for i in range(group.count)]
                if len(set(values)) > 1 or self.flip():
                    out.append((j, vary, values))
        return out

    def loop_header(self, values: list[tuple[int, str, list]], count: int) -> tuple[str, dict]:
        if not values:
            return f"for _ in range({self.lit(count, 'repeats')}):", {}
        names = [self.fresh(vary[:1]) for _, vary, _ in values]
        exprs = {(j, vary): n for (j, vary, _), n in zip(values, names)}
        if len(values) == 1:
            seq = list(values[0][2])
            return f"for {names[0]} in {self.lit(tuple(seq), 'widths') if self.flip() else seq}:", exprs
        rows = list(zip(*[v for _, _, v in values]))
        return f"for {', '.join(names)} in {rows}:", exprs

    def functional_group(self, group: Group) -> None:
        template = [self.plan.ops[group.start + j] for j in range(group.body)]
        values = self.group_values(group)
        first_in = template[0].inputs[0]
        last = self.plan.ops[group.start + group.body * group.count - 1]
        mode = self.draw(st.sampled_from(["loop", "helper", "helper-loop", "unrolled"]))
        self.idiom.append(mode)
        if mode == "unrolled":
            for i in group.ops():
                self.functional_op(self.plan.ops[i])
            return
        x = self.fresh("h")
        self.emit(f"{x} = {self.var[first_in]}")
        if mode == "loop":
            header, exprs = self.loop_header(values, group.count)
            self.emit(header)
            self.indent += 1
            for j, op in enumerate(template):
                e = {vary: n for (jj, vary), n in exprs.items() if jj == j}
                self.emit(f"{x} = {self.layer_expr(op, e)}{self.call_suffix(op, [x])}")
            self.indent -= 1
        else:
            fname = self.helper(template, values, "x")
            if mode == "helper" or not values:
                for i in range(group.count):
                    vals = [self.lit(v[i], vary) for _, vary, v in values]
                    self.emit(f"{x} = {fname}({', '.join([x] + vals)})")
            else:
                header, exprs = self.loop_header(values, group.count)
                self.emit(header)
                self.emit(f"    {x} = {fname}({', '.join([x] + list(exprs.values()))})")
        self.var[last.output] = x

    def helper(self, template: list[Op], values: list, tensor: str | None, sequential: str | None = None) -> str:
        """``def block(x, filters, kernel_size=3): ...``: varying arguments are parameters;
        other arguments become parameters with their value as default, or stay literal."""
        fname = self.fresh("block")
        params = [tensor] if tensor else []
        params += [f"{vary}_{j}" for j, vary, _ in values]
        defaulted: list[str] = []
        saved_indent, saved_body = self.indent, self.body
        self.body, self.indent = [], 1
        items = []
        for j, op in enumerate(template):
            exprs = {vary: f"{vary}_{j}" for jj, vary, _ in values if jj == j}
            for k, v in op.kwargs.items():
                if k not in exprs and isinstance(v, (int, str, tuple)) and not isinstance(v, bool) and self.flip(4):
                    pname = f"{k}_{j}"
                    exprs[k] = pname
                    defaulted.append(f"{pname}={v!r}")
            expr = self.layer_expr(op, exprs)
            if sequential == "add":
                self.emit(f"model.add({expr})")
            elif sequential == "list":
                items.append(expr)
            else:
                self.emit(f"{tensor} = {expr}{self.call_suffix(op, [tensor])}")
        if sequential == "list":
            self.emit("return [" + ", ".join(items) + "]")
        elif sequential != "add":
            self.emit(f"return {tensor}")
        lines = [f"def {fname}({', '.join(params + defaulted)}):"] + self.body
        self.helpers.append(lines)
        self.body, self.indent = saved_body, saved_indent
        return fname

    # -- Sequential
def _mark(text: str, invalid: bool) -> str:
    return "\n".join(part + MARK for part in text.split("\n")) if invalid else text


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _literal(value: Any) -> bool:
    try:
        return ast.literal_eval(repr(value)) == value
    except (ValueError, SyntaxError):
        return False


def statement_lines(text: str, marked: set[int]) -> set[int]:
    """Every line of the statements that contain a marked line."""
    out = set(marked)
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.stmt) and not isinstance(node, (ast.FunctionDef, ast.For)):
            span = set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
            if span & marked:
                out |= span
    return out


@st.composite
def scripts(draw: Any, plans: st.SearchStrategy[Plan]) -> Script:
    return Renderer(draw, draw(plans)).render()
