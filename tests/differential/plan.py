"""Random model graphs of catalog layers, drawn with hypothesis, checked step by step in Keras.

A :class:`Plan` is what a generated script builds, independent of how it is written: its
inputs, the layer applications (ops) in order, which ops repeat a template (rendered as a
loop or a helper function), which share a layer object, and the outputs. While drawing,
every op is applied in real Keras (``keras_oracle.apply``) so the generator always knows
the shape it works on and only keeps what Keras accepts -- except, in an *invalid* plan,
one last op that Keras rejects.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from . import keras_oracle as oracle
from .entries import Ctx, Entry, active_entries

# Keep generated models small: weights are really allocated by Keras on every build.
MAX_ELEMENTS = 20_000  # per output tensor (batch excluded, unknown sizes ignored)
MAX_PARAMS = 300_000  # per layer


@dataclass
class TensorInfo:
    id: int
    shape: tuple
    kt: Any  # the KerasTensor from the oracle's graph
    dtype: str = "float32"


@dataclass
class Op:
    index: int
    entry: Entry
    kwargs: dict
    inputs: list[int]  # tensor ids (a merge takes several)
    output: int | None  # tensor id (the first output); None for the op Keras rejects
    layer: Any = None  # the oracle's Keras layer object
    shares: int | None = None  # index of the op whose layer object this call reuses
    name: str | None = None  # explicit name=
    group: int | None = None  # index into Plan.groups
    rejected: str | None = None  # what Keras raised (the invalid op only)
    extra: list[int] = field(default_factory=list)  # further outputs (an RNN's states...)

    @property
    def outputs(self) -> list[int]:
        return ([] if self.output is None else [self.output]) + self.extra


@dataclass
class Group:
    """``count`` iterations of a template of ``body`` consecutive ops on one chain; within
    one template op only the argument ``varying[j]`` may differ between iterations."""

    start: int
    body: int
    count: int
    varying: list[str | None]

    def ops(self) -> range:
        return range(self.start, self.start + self.body * self.count)


@dataclass
class Plan:
    inputs: list[TensorInfo]
    ops: list[Op] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    outputs: list[int] = field(default_factory=list)
    tensors: dict[int, TensorInfo] = field(default_factory=dict)
    sequential: bool = False
    invalid: Op | None = None
    input_names: dict[int, str] = field(default_factory=dict)

    def consumers(self, tensor: int) -> list[Op]:
        return [op for op in self.ops if tensor in op.inputs]


def too_big(shapes: Any, params: int) -> bool:
    flat = shapes if isinstance(shapes, list) else [shapes]
    for s in flat:
        if math.prod(d for d in s[1:] if d is not None) > MAX_ELEMENTS:
            return True
    return params > MAX_PARAMS


class Builder:
    """Draws a plan; every method that adds an op first asks Keras."""

    def __init__(self, draw: Any, sequential: bool) -> None:
        self.draw = draw
        self.entries = active_entries()
        self.plan = Plan(inputs=[], sequential=sequential)
        self.open: list[int] = []  # tensors no op has consumed yet: the model's outputs

    # -- tensors
    def add_tensor(self, shape: tuple, kt: Any, dtype: str = "float32") -> int:
        tid = len(self.plan.tensors)
        self.plan.tensors[tid] = TensorInfo(tid, shape, kt, dtype)
        self.open.append(tid)
        return tid

    def add_input(self, shape: tuple, dtype: str = "float32") -> int:
        tid = self.add_tensor(shape, oracle.make_input(shape[1:], dtype), dtype)
        self.plan.inputs.append(self.plan.tensors[tid])
        if self.draw(st.integers(0, 3)) == 3:
            self.plan.input_names[tid] = f"input_{tid}"
        return tid

    def shape(self, tid: int) -> tuple:
        return self.plan.tensors[tid].shape

    def consume(self, tids: list[int]) -> None:
        for t in tids:
            if t in self.open:
                self.open.remove(t)

    # -- ops
    def dtype(self, tid: int) -> str:
        return self.plan.tensors[tid].dtype

    def candidates(self, tid: int, ops: bool = True) -> list[Entry]:
        """Layers (and, in functional code, tensor operations) that take this tensor."""
        ops = ops and not self.plan.sequential
        return [e for e in self.entries.values()
                if e.accepts(self.shape(tid), self.dtype(tid)) and (ops or not e.is_op)]

    def try_op(self, tid: int, entry: Entry | None = None, kwargs: dict | None = None, keep: bool = False,
               group: int | None = None) -> Op | None:
        """Apply one single-input layer to tensor ``tid`` if Keras accepts it."""
        shape = self.shape(tid)
        if entry is not None and not entry.accepts(shape, self.dtype(tid)):
            return None
        if entry is not None and kwargs is not None and entry.still_fits and not entry.still_fits(shape, kwargs):
            return None
        if entry is None:
            options = self.candidates(tid, ops=group is None)
            if keep:
                options = [e for e in options if e.keep] or options
            if not options:
                return None
            entry = self.draw(st.sampled_from(options))
        if kwargs is None:
            kwargs = entry.draw(Ctx(self.draw, [shape], keep))
            if kwargs is None:
                return None
        return self.commit(entry, kwargs, [tid], group=group)

    def commit(self, entry: Entry, kwargs: dict, tids: list[int], layer: Any = None, shares: int | None = None,
               group: int | None = None) -> Op | None:
        inputs = [self.plan.tensors[t].kt for t in tids]
        if not entry.is_op and layer is None and "trainable" not in kwargs and self.draw(st.integers(0, 7)) == 7:
            kwargs = {**kwargs, "trainable": False}  # frozen: its weights count as non-trainable
        name = None
        if group is None and shares is None and not entry.is_op and self.draw(st.integers(0, 5)) == 5:
            name = f"l{len(self.plan.ops)}_{entry.name.lower()}"  # never an automatic name
        applied = oracle.apply(entry.name, [], {**kwargs, "name": name} if name else kwargs,
                               entry.keras_inputs(inputs), layer=layer)
        if isinstance(applied, oracle.Rejected) or too_big(applied.shapes, applied.params):
            return None
        flat = [applied.outputs] if not isinstance(applied.shapes, list) else list(applied.outputs)
        if len(flat) > 1 and (self.plan.sequential or group is not None or not isinstance(applied.outputs, list)
                              or len(oracle.keras().tree.flatten(applied.outputs)) != len(flat)):
            return None  # several outputs: only as a flat list, and not in a Sequential or a loop
        self.consume(tids)
        outs = [self.add_tensor(tuple(t.shape), t, str(t.dtype)) for t in flat]
        op = Op(len(self.plan.ops), entry, kwargs, tids, outs[0], applied.layer, shares, name, group,
                extra=outs[1:])
        self.plan.ops.append(op)
        return op

    def pick(self, pool: list[int]) -> int:
        return self.draw(st.sampled_from(pool))

    def usable(self) -> list[int]:
        """Tensors later code can name: not the inner tensors of a loop or helper body."""
        inner = set()
        for g in self.plan.groups:
            inner |= {self.plan.ops[i].output for i in g.ops()} - {self.plan.ops[g.ops()[-1]].output}
        for op in self.plan.ops:
            if op.group is not None and op.group >= len(self.plan.groups):
                inner.add(op.output)  # a group still being drawn
        return [t for t in sorted(self.plan.tensors) if t not in inner]

    # -- steps
    def step_op(self) -> None:
        tid = self.chain_tensor()
        for _ in range(3):
            if self.try_op(tid) is not None:
                return

    def chain_tensor(self) -> int:
        if self.plan.sequential:
            return self.open[0]
        # Mostly continue an open chain; sometimes branch off any earlier tensor.
        if self.draw(st.integers(0, 5)) == 5:
            return self.pick(self.usable())
        return self.pick([t for t in self.open if t in self.usable()] or self.usable())

    def step_repeat(self) -> None:
        tid = self.chain_tensor()
        gid = len(self.plan.groups)
        start = len(self.plan.ops)
        body_len = self.draw(st.integers(1, 2))
        template: list[Op] = []
        for _ in range(body_len):
            op = self.try_op(tid, group=gid)
            if op is None:
                break
            template.append(op)
            tid = op.output
        if len(template) < body_len:
            for op in template:
                op.group = None
            return
        varying = [op.entry.width if op.entry.width and self.draw(st.booleans()) else None for op in template]
        count = 1
        for _ in range(self.draw(st.integers(1, 2))):
            made = []
            for op, vary in zip(template, varying):
                kwargs = dict(op.kwargs)
                if vary:
                    kwargs[vary] = kwargs[vary] * self.draw(st.integers(1, 3))
                new = self.try_op(tid, op.entry, kwargs, group=gid)
                if new is None:
                    break
                made.append(new)
                tid = new.output
            if len(made) < len(template):
                # Keep what Keras accepted as plain ops; the loop ends with the last full iteration.
                for new in made:
                    new.group = None
                break
            count += 1
        if count < 2:
            for op in template:
                op.group = None
            return
        self.plan.groups.append(Group(start, body_len, count, varying))
        for i in range(start + body_len * count, len(self.plan.ops)):
            self.plan.ops[i].group = None

    def step_residual(self) -> None:
        base = self.chain_tensor()
        tid = base
        for _ in range(self.draw(st.integers(1, 2))):
            op = self.try_op(tid, keep=True)
            if op is None:
                break
            tid = op.output
        if tid != base and self.dtype(base) == self.dtype(tid) == "float32":
            self.merge([base, tid])

    def step_merge(self) -> None:
        pool = [t for t in self.open if self.dtype(t) == "float32"]
        if len(pool) < 2:
            return
        order = self.draw(st.permutations(pool))
        n = self.draw(st.integers(2, min(3, len(order))))
        self.merge(list(order[:n]))

    def merge(self, tids: list[int]) -> Op | None:
        shapes = [self.shape(t) for t in tids]
        merges = [e for e in self.entries.values() if e.inputs != "one" and not (e.is_op and self.plan.sequential)]
        if not merges:
            return None
        for entry in self.draw(st.permutations(merges))[:3]:
            if "pair" in entry.tags and len(tids) != 2:
                continue
            kwargs = entry.draw(Ctx(self.draw, shapes))
            if kwargs is None:
                continue
            op = self.commit(entry, kwargs, tids)
            if op is not None:
                return op
        return None

    def step_share(self) -> None:
        shareable = [op for op in self.plan.ops
                     if op.entry.inputs == "one" and op.group is None and op.shares is None and not op.entry.is_op]
        pairs = [(op, t) for op in shareable for t in self.usable()
                 if self.shape(t) == self.shape(op.inputs[0]) and self.dtype(t) == self.dtype(op.inputs[0])
                 and t not in op.outputs]
        if not pairs:
            return
        op, tid = self.draw(st.sampled_from(pairs))
        self.commit(op.entry, op.kwargs, [tid], layer=op.layer, shares=op.index)

    # -- the op Keras rejects
    def step_invalid(self) -> bool:
        tid = self.chain_tensor()
        shape = self.shape(tid)
        kinds = ["args", "rank"]
        if not self.plan.sequential and len(self.usable()) >= 2:
            kinds.append("merge")
        kind = self.draw(st.sampled_from(kinds))
        for _ in range(3):
            if kind == "args":
                options = [e for e in self.candidates(tid, ops=False) if e.invalid]
                if not options:
                    return False
                entry = self.draw(st.sampled_from(options))
                kwargs = entry.invalid(Ctx(self.draw, [shape]))
                tids = [tid]
            elif kind == "rank":
                options = [e for e in self.entries.values() if e.inputs == "one" and e.ranks and not e.is_op
                           and len(shape) not in e.ranks and e.dtype == self.dtype(tid)]
                if not options:
                    return False
                entry = self.draw(st.sampled_from(options))
                fake = (None, *([6] * (entry.ranks[0] - 1)))
                kwargs = entry.draw(Ctx(self.draw, [fake]))
                tids = [tid]
            else:
                merges = [e for e in self.entries.values() if "elementwise" in e.tags and not e.is_op]
                if not merges:
                    return False
                entry = self.draw(st.sampled_from(merges))
                order = self.draw(st.permutations(self.usable()))
                tids, kwargs = list(order[:2]), {}
            if kwargs is None:
                continue
            inputs = [self.plan.tensors[t].kt for t in tids]
            result = oracle.apply(entry.name, [], kwargs, entry.keras_inputs(inputs))
            if isinstance(result, oracle.Rejected):
                op = Op(len(self.plan.ops), entry, kwargs, tids, None, rejected=result.error)
                self.plan.ops.append(op)
                self.plan.invalid = op
                return True
        return False


def input_shape(draw: Any) -> tuple:
    """An input: a vector, a sequence, an image or a volume, sizes small, some left open."""
    rank = draw(st.sampled_from([1, 2, 2, 3, 3, 3, 4]))

    def size(lo: int, hi: int, open_ok: bool = True) -> int | None:
        if open_ok and draw(st.integers(0, 7)) == 7:
            return None
        return draw(st.integers(lo, hi))

    if rank == 1:
        return (None, draw(st.integers(1, 16)))
    if rank == 2:
        return (None, size(1, 12), draw(st.integers(1, 8)))
    if rank == 3:
        return (None, size(1, 16), size(1, 16), draw(st.integers(1, 4)))
    return (None, size(1, 6), size(1, 6), size(1, 6), draw(st.integers(1, 3)))


@st.composite
def plans(draw: Any, sequential: bool | None = None, invalid: bool | None = None) -> Plan:
    if sequential is None:
        sequential = draw(st.booleans())
    if invalid is None:
        invalid = draw(st.integers(0, 4)) == 4
    b = Builder(draw, sequential)
    n_inputs = 1 if sequential else draw(st.sampled_from([1, 1, 1, 2, 2, 3]))
    ints = [e for e in b.entries.values() if e.dtype != "float32"]

    def one_input() -> int:
        if ints and draw(st.integers(0, 4)) == 4:  # token ids for an Embedding
            entry = draw(st.sampled_from(ints))
            return b.add_input((None, draw(st.sampled_from([None, *range(1, 13)]))), entry.dtype)
        return b.add_input(input_shape(draw))

    first = one_input()
    for _ in range(n_inputs - 1):
        if draw(st.booleans()):
            b.add_input(b.shape(first), b.dtype(first))
        else:
            one_input()
    kinds = ["op", "op", "op", "repeat"] + ([] if sequential else ["residual", "merge", "share"])
    for _ in range(draw(st.integers(2, 8))):
        kind = draw(st.sampled_from(kinds))
        getattr(b, f"step_{kind}")()
    if not b.plan.ops:
        b.step_op()
    if invalid:
        b.step_invalid()
    outputs = list(b.open)
    if b.plan.invalid is not None:
        # The rejected op stands where its output would be: the script uses it as an output.
        outputs = [t for t in outputs if t not in b.plan.invalid.inputs] + [-1]
    b.plan.outputs = draw(st.permutations(outputs)) if len(outputs) > 1 else outputs
    return b.plan
