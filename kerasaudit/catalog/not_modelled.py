"""Public ``keras.layers`` classes that have no spec, each with the reason it cannot have one.

Reviewed: every entry here is a class whose shapes or weights are defined by code or files
kerasaudit does not read (or that is not a usable layer at all). tests/test_catalog_completeness.py
fails for any public class that has neither a spec nor an entry here.
"""

from __future__ import annotations

NOT_MODELLED: dict[str, str] = {
    "Layer": "the base class of custom layers: what a subclass computes is defined by its own code",
    "InputSpec": "not a layer: it describes the inputs a layer accepts",
    "Wrapper": "an abstract base class (its call is not implemented); Keras's wrappers Bidirectional, "
               "TimeDistributed and SpectralNormalization have specs",
    "FlaxLayer": "wraps a Flax module: its parameters and outputs are defined by that module's code",
    "JaxLayer": "wraps JAX functions (call_fn, init_fn): shapes and weights come from running them",
    "TorchModuleWrapper": "wraps a PyTorch module: its parameters and outputs are defined by the module's code",
    "TFSMLayer": "loads a TensorFlow SavedModel from disk: its inputs and outputs are only known from that file",
}


def reason(class_name: str) -> str | None:
    return NOT_MODELLED.get(class_name)
