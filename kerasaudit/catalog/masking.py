"""Pass-through layers: Masking (marks timesteps to skip) and Identity."""

from __future__ import annotations

from .spec import LayerSpec, Params


class Masking(LayerSpec):
    name = "Masking"
    family = "core"
    params = Params(mask_value=0.0)


class Identity(LayerSpec):
    name = "Identity"
    family = "core"
    params = Params()
