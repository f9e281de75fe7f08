"""``keras.layers.RNN`` over cell objects, and ``StackedRNNCells``.

The cells are layer objects the analysed code created (``LSTMCell(8)``); their specs
provide Keras's cell protocol (``state_size``, ``output_size``). A list of cells is
wrapped in a ``StackedRNNCells``, as ``RNN.__init__`` does.
"""

from __future__ import annotations

from typing import Any

from ..analysis.shapes import OutputShapes
from . import inner
from .recurrent import RNN_CALL, check_stateful, rnn_output_shape
from .spec import ArgumentError, Call, Config, LayerSpec, Params, ShapeError, Unknowable, Weight, require_min_rank


def _check_cell(cell: Any) -> None:
    spec = cell.spec
    if spec is not None and not hasattr(spec, "state_size"):
        raise ArgumentError(f"The RNN cell should have a `state_size` attribute: {cell.class_name} has none")


def cell_state_size(cell: Any) -> Any:
    """Keras's ``cell.state_size`` (an int, or a list for several states)."""
    if cell.spec is None or not hasattr(cell.spec, "state_size"):
        raise Unknowable(f"{cell.class_name} is not a cell kerasaudit knows")
    return cell.spec.state_size(cell.cfg)


def cell_output_size(cell: Any) -> int:
    if cell.spec is None or not hasattr(cell.spec, "output_size"):
        raise Unknowable(f"{cell.class_name} is not a cell kerasaudit knows")
    return cell.spec.output_size(cell.cfg)


class StackedRNNCells(LayerSpec):
    name = "StackedRNNCells"
    family = "recurrent"
    params = Params("cells")
    call_params = Params("inputs", "states", training=False)

    def sublayers(self, cfg: Config) -> list:
        cells = inner.layer_list_arg(cfg, "cells")
        for cell in cells:
            _check_cell(cell)
        return cells

    def state_size(self, cfg: Config) -> Any:
        return [cell_state_size(c) for c in inner.layer_list_arg(cfg, "cells")]

    def output_size(self, cfg: Config) -> int:
        cells = inner.layer_list_arg(cfg, "cells")
        if not cells:
            raise ShapeError("StackedRNNCells needs at least one cell")
        return cell_output_size(cells[-1])

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        """``StackedRNNCells.build``: each cell sees the previous cell's output size."""
        shape = call.input
        for cell in inner.layer_list_arg(cfg, "cells"):
            inner.build(cell, shape)
            shape = (shape[0], cell_output_size(cell))
        return []

    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        batch = call.input[0]
        states = []
        for size in self.state_size(cfg):
            states.append([(batch, s) for s in size] if isinstance(size, list) else (batch, size))
        return [(batch, self.output_size(cfg)), states]


class RNN(LayerSpec):
    name = "RNN"
    family = "recurrent"
    params = Params("cell", return_sequences=False, return_state=False, go_backwards=False, stateful=False,
                    unroll=False, zero_output_for_mask=False)
    call_params = RNN_CALL

    def internal_layers(self, cfg: Config) -> list[str]:
        # RNN([cell, cell]) wraps the list in a StackedRNNCells with an automatic name.
        return ["StackedRNNCells"] if isinstance(cfg.get("cell"), (list, tuple)) else []

    def sublayers(self, cfg: Config) -> list:
        value = cfg.get("cell")
        if isinstance(value, (list, tuple)):
            cells = inner.layer_list_arg(cfg, "cell")
            if not cells:
                raise ArgumentError("RNN was given an empty list of cells")
            for cell in cells:
                _check_cell(cell)
            stacked = _stacked_cells(cells)
            cfg.values["_cell"] = stacked
            return [stacked]
        cell = inner.layer_arg(cfg, "cell")
        _check_cell(cell)
        cfg.values["_cell"] = cell
        return [cell]

    def cell(self, cfg: Config) -> Any:
        cell = cfg.get("_cell")
        if cell is None:
            self.sublayers(cfg)  # raises why the cell is not known
            cell = cfg.get("_cell")
        return cell

    def output_shape(self, cfg: Config, call: Call) -> OutputShapes:
        shape = call.input
        require_min_rank(self.name, shape, 3)
        cell = self.cell(cfg)
        size = cell_state_size(cell)
        sizes = list(size) if isinstance(size, list) else [size]
        return rnn_output_shape(cfg, shape, cell_output_size(cell), sizes)

    def weights(self, cfg: Config, call: Call) -> list[Weight]:
        shape = call.input
        require_min_rank(self.name, shape, 3)
        check_stateful(cfg, shape)
        inner.build(self.cell(cfg), (shape[0], *shape[2:]))
        return []


def _stacked_cells(cells: list) -> Any:
    """The ``StackedRNNCells`` that ``RNN([cell, cell])`` makes for itself."""
    from ..analysis.graph import LayerObj
    spec = LayerSpec.registry["StackedRNNCells"]
    cfg = Config("StackedRNNCells", {"cells": list(cells)})
    stacked = LayerObj(spec, "StackedRNNCells", cfg, "stacked_rnn_cells", cells[0].site, explicit_name=True)
    stacked.inner_layers = list(cells)
    return stacked
