"""A plan written as a subclassed ``keras.Model``: layers created in ``__init__`` (attributes,
lists built in loops or comprehensions), used in ``call``, and the model built by calling it
on ``keras.Input`` or by ``build``.

Keras lists a subclassed model's layers in the order they are tracked (assigned), which here
is the plan's order, so the summary must come out exactly as for the functional version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import strategies as st

from .config import gap_allowed

if TYPE_CHECKING:
    from .render import Renderer


def can_subclass(plan) -> bool:
    """Keras must be able to trace every layer of the plan inside call()."""
    return not any("untraceable" in op.entry.tags for op in plan.ops)


def subclassed(r: "Renderer") -> None:
    plan = r.plan
    r.idiom.append("subclassed")
    cls = r.draw(st.sampled_from(["Net", "GeneratedModel", "MyModel"]))
    init: list[str] = []  # lines of __init__'s body
    call: list[str] = []  # lines of call's body
    var: dict[int, str] = {}
    names = [f"input_{i}" for i in range(len(plan.inputs))]
    if len(names) == 1:
        call.append(f"{names[0]} = inputs")
    else:
        call.append(f"{', '.join(names)} = inputs")
    for name, info in zip(names, plan.inputs):
        var[info.id] = name
    attr: dict[int, str] = {}  # op index -> attribute holding its layer
    i = 0
    while i < len(plan.ops):
        op = plan.ops[i]
        bad = op is plan.invalid
        if op.group is not None:
            group = plan.groups[op.group]
            _group(r, group, init, call, var)
            i = group.start + group.body * group.count
            continue
        if op.entry.is_op:
            out = r.fresh("x")
            call.append(r.mark(f"{out} = {r.op_code(op, [var[t] for t in op.inputs])}", bad))
            var[op.output] = out
            i += 1
            continue
        if op.shares is not None:
            holder = attr[op.shares]
        else:
            holder = f"self.{op.entry.name.lower()}_{op.index}"
            init.append(r.mark(f"{holder} = {r.layer_expr(op)}", bad))
            attr[op.index] = holder
        outs = [r.fresh("x") for _ in op.outputs] or [r.fresh("x")]
        call.append(r.mark(f"{', '.join(outs)} = {holder}{r.call_suffix(op, [var[t] for t in op.inputs])}", bad))
        if op.output is None:
            var[-1] = outs[0]
        for tid, name in zip(op.outputs, outs):
            var[tid] = name
        i += 1
    results = [var[t] for t in plan.outputs]
    call.append(f"return {results[0]}" if len(results) == 1 else f"return [{', '.join(results)}]")
    base = r.names.model
    if r.flip(3):
        head = [f"class {cls}({base}):", "    def __init__(self):", f"        super({cls}, self).__init__()"]
    else:
        head = [f"class {cls}({base}):", "    def __init__(self, **kwargs):", "        super().__init__(**kwargs)"]
    lines = head + ["        " + line.replace("\n", "\n        ") for line in init]
    lines += ["", "    def call(self, inputs):"] + ["        " + line.replace("\n", "\n        ") for line in call]
    r.helpers.append(lines)
    _build(r, cls)


def _group(r: "Renderer", group, init: list[str], call: list[str], var: dict) -> None:
    """A repeated block: a list attribute filled in a loop (or a comprehension), run in a loop."""
    template = [r.plan.ops[group.start + j] for j in range(group.body)]
    values = r.group_values(group)
    first_in = template[0].inputs[0]
    last = r.plan.ops[group.start + group.body * group.count - 1]
    holder = f"self.blocks_{group.start}"
    header, exprs = r.loop_header(values, group.count)
    exprs_for = [{vary: n for (jj, vary), n in exprs.items() if jj == j} for j in range(group.body)]
    if group.body == 1 and r.flip():
        expr = r.layer_expr(template[0], exprs_for[0])
        init.append(f"{holder} = [{expr} {header[:-1]}]")
    else:
        init.append(f"{holder} = []")
        init.append(header)
        for j, op in enumerate(template):
            init.append(f"    {holder}.append({r.layer_expr(op, exprs_for[j])})")
    x = r.fresh("h")
    call.append(f"{x} = {var[first_in]}")
    call.append(f"for layer in {holder}:")
    call.append(f"    {x} = layer({x})")
    var[last.output] = x


def _build(r: "Renderer", cls: str) -> None:
    plan = r.plan
    r.emit(f"model = {cls}()")
    how = r.draw(st.sampled_from(["call", "build"])) if gap_allowed("subclass-build") else "call"
    r.idiom.append(how)
    if how == "build":
        shapes = [repr(tuple(info.shape)) for info in plan.inputs]
        arg = shapes[0] if len(shapes) == 1 else "[" + ", ".join(shapes) + "]"
        r.emit(f"model.build({arg})")
        return
    ins = [r.input_expr(info.id) for info in plan.inputs]
    arg = ins[0] if len(ins) == 1 else "[" + ", ".join(ins) + "]"
    r.emit(f"outputs = model({arg})")
