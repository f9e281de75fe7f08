"""A chain plan written as a Sequential model: a list literal, a list grown in loops and
helpers, or ``.add`` calls; the input as ``Input``, ``InputLayer``, ``input_shape=`` or
``build``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from . import keras_oracle as oracle
from .plan import Group

if TYPE_CHECKING:
    from .render import Renderer

def sequential(r: "Renderer") -> None:
    plan = r.plan
    form = r.draw(st.sampled_from(["list", "add"]))
    first = plan.ops[0]
    input_modes = ["Input", "InputLayer", "build"]
    if (first.group is None and first.shares is None and not first.entry.is_op
            and oracle.accepts_keyword(first.entry.name, "input_shape")):
        input_modes.append("input_shape")
    how = r.draw(st.sampled_from(input_modes))
    r.idiom += ["sequential", form, how]
    tid = plan.inputs[0].id
    shape = tuple(plan.tensors[tid].shape[1:])
    items: list[tuple[str, Any]] = []  # ("expr", code) | ("group", Group)
    if how == "Input":
        items.append(("expr", r.input_expr(tid)))
    elif how == "InputLayer":
        dtype = plan.inputs[0].dtype
        dtype_arg = "" if dtype == "float32" else f", dtype={dtype!r}"
        items.append(("expr", f"{r.names.layer('InputLayer')}(shape={r.lit(shape, 'input_shape')}{dtype_arg})"))
    i = 0
    while i < len(plan.ops):
        op = plan.ops[i]
        if op.group is not None:
            group = plan.groups[op.group]
            items.append(("group", group))
            i = group.start + group.body * group.count
            continue
        extra = {"input_shape": shape} if (how == "input_shape" and i == 0) else None
        items.append(("bad" if op is plan.invalid else "expr", r.layer_expr(op, extra=extra)))
        i += 1
    name = ", name='generated'" if r.flip(4) else ""
    if form == "add":
        r.emit(f"model = {r.names.sequential}({name.lstrip(', ')})")
        for kind, value in items:
            if kind == "group":
                sequential_group(r, value, "add")
            else:
                r.emit(f"model.add({value})", kind == "bad")
    elif all(kind != "group" for kind, _ in items) and r.flip(3) is False:
        inner = "".join(r.mark(f"    {v},", k == "bad") + "\n" for k, v in items)
        inner = "\n".join(("    " * r.indent + line) if line else line for line in inner.split("\n"))
        r.emit(f"model = {r.names.sequential}([\n{inner}]{name})")
    else:
        stack = r.fresh("stack")
        r.emit(f"{stack} = []")
        for kind, value in items:
            if kind == "group":
                sequential_group(r, value, stack)
            else:
                r.emit(f"{stack}.append({value})" if r.flip() else f"{stack} += [{value}]", kind == "bad")
        r.emit(f"model = {r.names.sequential}({stack}{name})")
    if how == "build":
        r.emit(f"model.build({r.lit((None, *shape), 'batch_shape')})")

def sequential_group(r: "Renderer", group: Group, target: str) -> None:
    template = [r.plan.ops[group.start + j] for j in range(group.body)]
    values = r.group_values(group)
    mode = r.draw(st.sampled_from(["loop", "helper", "unrolled"]))
    r.idiom.append(mode)
    if mode == "unrolled":
        for i in group.ops():
            sequential_emit(r, target, r.layer_expr(r.plan.ops[i]))
        return
    if mode == "loop":
        header, exprs = r.loop_header(values, group.count)
        r.emit(header)
        r.indent += 1
        for j, op in enumerate(template):
            e = {vary: n for (jj, vary), n in exprs.items() if jj == j}
            sequential_emit(r, target, r.layer_expr(op, e))
        r.indent -= 1
        return
    if target == "add":
        fname = r.helper(template, values, "model", sequential="add")
        for i in range(group.count):
            vals = [r.lit(v[i], vary) for _, vary, v in values]
            r.emit(f"{fname}({', '.join(['model'] + vals)})")
    else:
        fname = r.helper(template, values, None, sequential="list")
        for i in range(group.count):
            vals = [r.lit(v[i], vary) for _, vary, v in values]
            r.emit(f"{target}.extend({fname}({', '.join(vals)}))" if r.flip()
                      else f"{target} += {fname}({', '.join(vals)})")

def sequential_emit(r: "Renderer", target: str, expr: str) -> None:
    r.emit(f"model.add({expr})" if target == "add" else f"{target}.append({expr})")
