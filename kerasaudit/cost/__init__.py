"""What a forward pass costs, per sample: multiply-adds (MACs), FLOPs, activation memory,
and parameter memory by dtype — all derived from each layer's weights and the shapes the
analysis found, never from a second description of the layer.

Conventions (documented in the README):

- **MACs** count the multiply-accumulates of the matrix products and convolutions that do
  a model's arithmetic: Dense, the convolutions (plain, transposed, depthwise, separable),
  recurrent layers (every time step, input and recurrent kernels) and attention (the
  projections and the two products of scaled dot-product attention). **FLOPs = 2 × MACs**
  (one multiply-add is two floating-point operations). Element-wise work — bias adds,
  activations, normalisation, pooling, merges, reshapes — counts 0: it is small beside the
  products and every tool counts it differently.
- Costs are **per sample** (batch size 1). A layer called twice in a model costs twice.
- A layer whose arithmetic kerasaudit cannot see (a class without a cost model, ``Lambda``,
  an operation the analysis could not follow, a size that depends on an unknown input
  dimension) makes the cost unknown, with the reason — never a guess.
- **Activation memory** is the size of every tensor the forward pass produces for one
  sample, the model's inputs included, at the layers' compute dtype (float32 unless the
  layer or a global ``keras.mixed_precision`` policy says otherwise).
- **Parameter memory** is each weight's element count times the size of the layer's
  variable dtype (float32 by default; mixed policies keep float32 variables).

The work is split by job: :mod:`.formulas` (MACs per layer class), :mod:`.macs` (layer
calls, layers, models), :mod:`.memory` (activation and parameter bytes), :mod:`.policy` (the
file's global dtype policy) and :mod:`.annotate` (filling in the summaries). This package
gathers their public names, so ``kerasaudit.cost.X`` is the one place to import them from.
"""

from __future__ import annotations

from .annotate import annotate_costs
from .formulas import FORMULAS, Formula, prod, sample_dims, weight_shape
from .macs import ZERO, ZERO_CLASSES, ZERO_FAMILIES, Cost, layer_cost, model_cost, model_nodes, node_cost
from .memory import DTYPE_BYTES, POLICIES, activation_bytes, dtypes, layer_activation_bytes, param_bytes
from .policy import POLICY_SETTERS, GlobalPolicy, global_policy

__all__ = [
    "annotate_costs",
    "FORMULAS", "Formula", "prod", "sample_dims", "weight_shape",
    "ZERO", "ZERO_CLASSES", "ZERO_FAMILIES", "Cost", "layer_cost", "model_cost", "model_nodes", "node_cost",
    "DTYPE_BYTES", "POLICIES", "activation_bytes", "dtypes", "layer_activation_bytes", "param_bytes",
    "POLICY_SETTERS", "GlobalPolicy", "global_policy",
]
