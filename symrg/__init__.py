"""symrg: exact renormalization-group analysis of discrete deep networks.

The dynamic neuron approach (DNA) of Lee, Lee & Yi turns a deep network into a
one-dimensional lattice model along depth; symrg builds its exact partition
function, decimates layers into an RG map, finds every fixed point and derives
the scaling laws, for any small discrete model.
"""

__version__ = "0.1.0"

import importlib

from .errors import (ConvergenceError, ModelError, ModelTooLargeError, ReportError,
                     SymRGError)

#: Public name -> submodule that defines it.  Imported on first use (PEP 562), so
#: ``symrg --help`` and a small derivation do not pay for networkx, numpy, jinja2 or
#: matplotlib, which only some stages need.
_LAZY = {
    "Model": "model", "load_model": "model", "paper_model": "model",
    "Activation": "activation", "BUILTIN_ACTIVATIONS": "activation",
    "count_matrix": "counting", "dna_bond_weights": "weights",
    "CouplingBasis": "couplings", "coupling_basis": "couplings",
    "RGMap": "decimation", "PartialSum": "decimation", "decimate": "decimation",
    "renormalized_constraints": "decimation", "renormalized_hamiltonian": "decimation",
    "renormalized_weights": "decimation", "rg_map": "decimation",
    "dna_hamiltonian": "hamiltonian", "original_hamiltonian": "hamiltonian",
    "interaction_facts": "graph", "interaction_graph": "graph",
    "partition_function": "partition", "strong_constraint_limit": "partition",
    "correlation_function": "transfer", "correlation_length": "transfer",
    "mean_neuron": "transfer", "transfer_matrix": "transfer",
    "FixedPoint": "fixedpoints", "FixedPointAnalysis": "fixedpoints",
    "FixedPointFamily": "fixedpoints", "find_fixed_points": "fixedpoints",
    "Linearization": "linearize", "linearize": "linearize",
    "scaling_exponents": "scaling", "flow_field": "flow", "rg_trajectory": "flow",
    "rg_step": "flow", "derive_record": "derive",
}


def __getattr__(name):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'symrg' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "SymRGError", "ModelError", "ModelTooLargeError", "ConvergenceError", "ReportError",
    "Model", "load_model", "paper_model", "Activation", "BUILTIN_ACTIVATIONS",
    "count_matrix", "dna_bond_weights", "CouplingBasis", "coupling_basis",
    "RGMap", "PartialSum", "decimate", "renormalized_constraints", "renormalized_hamiltonian",
    "renormalized_weights", "rg_map",
    "dna_hamiltonian", "original_hamiltonian", "interaction_facts", "interaction_graph",
    "partition_function", "strong_constraint_limit",
    "correlation_function", "correlation_length", "mean_neuron", "transfer_matrix",
    "FixedPoint", "FixedPointAnalysis", "FixedPointFamily", "find_fixed_points",
    "Linearization", "linearize", "scaling_exponents", "flow_field", "rg_trajectory",
    "rg_step", "derive_record",
]
