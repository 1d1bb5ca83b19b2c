"""``symrg report`` and ``symrg reproduce``: derive, render and write the reports.

``reproduce`` covers every seed system symrg handles: the Lee-Lee-Yi toy model
(Sec. II-V with the Monte Carlo check of Fig. 7 and Appendices A-B) and the
Gong-Xia seeds (1D Ising decimation, exponential-family scaling RG).
"""

from pathlib import Path

from . import __version__
from .model.network import DEFAULT_MAX_STATES, Model, paper_model
from .records.derive import DERIVE_STAGES, Progress, derive_record

__all__ = ["report_model", "paper_record", "gong_xia_record", "sign_network_record",
           "sign_network_model", "reproduce", "MONTE_CARLO", "SIGN_NETWORK_WIDTHS",
           "SEED_REPORTS"]

#: Report directories written by :func:`reproduce`.
SEED_REPORTS = ("paper", "gong-xia", "sign-network")

#: Settings of the paper's Monte Carlo run (Sec. V: depth 10^4, beta = beta_v = 1).
MONTE_CARLO = {"depth": 10_000, "sweeps": 4_000, "seed": 20241001, "beta": 1, "beta_v": 1}


def report_model(model: Model, outdir, *, digits=50, pdf=True, quiet=False, name=None,
                 widths=None, source=None, force=False, sections=None,
                 max_states=DEFAULT_MAX_STATES, equations=None, budget=None) -> dict:
    """Derive ``model`` and write the report directory ``<outdir>/<name>/``.

    ``widths`` adds the width analysis (record and report section ``width``, with its
    figures) at those widths N; ``max_states`` bounds its type count; ``equations``: the
    families' implicit equations and ``budget``: the CPU seconds of the cost model
    (:func:`symrg.records.derive.derive_record`).

    ``name`` is the report stem (the CLI passes the model file's safe stem,
    :func:`symrg.report.io.report_stem`); it defaults to the slug of the model name.
    The directory (NAME.json, NAME.tex, NAME.pdf, figures/) replaces the previous one
    as a whole; ``source`` (the model file, recorded in NAME.json) and ``force`` are
    passed to :func:`symrg.report.write_report`, which does not replace a report
    made from another model file unless forced.  ``sections`` chooses the optional
    sections as in :func:`symrg.derive.derive_record`.

    Returns the paths of :func:`symrg.report.write_report` and, under ``"record"``, the
    record written (its ``failed_sections`` say whether the report is partial).
    """
    from .records.derive import SECTIONS
    from .report import write_report
    chosen = SECTIONS if sections is None else tuple(sections)
    stages = 2 + len(chosen) + (widths is not None)
    record = derive_record(model, digits=digits, progress=Progress(stages, quiet), widths=widths,
                           sections=chosen, max_states=max_states, equations=equations,
                           budget=budget)
    paths = write_report(record, Path(outdir), name, pdf=pdf, quiet=quiet, source=source,
                         force=force)
    return {**paths, "record": record}


def paper_record(*, digits=50, quiet=False) -> dict:
    """The full record of the paper's model: Sec. II-V, Fig. 7 and the appendices."""
    from .seeds.appendices import appendices_record
    from .seeds.montecarlo import montecarlo_record
    model = paper_model()
    progress = Progress(DERIVE_STAGES + 2, quiet)
    record = derive_record(model, digits=digits, progress=progress, cross_check=True)
    progress("Monte Carlo check of Fig. 7 (depth 10^4)")
    record["montecarlo"] = montecarlo_record(model, progress=not quiet, **MONTE_CARLO)
    progress("Appendices A and B")
    record["appendices"] = appendices_record(model)
    return record


def gong_xia_record(*, digits=50, quiet=False) -> dict:
    """The Gong-Xia seeds: 1D Ising decimation and the exponential-family scaling RG."""
    from .seeds.expfamily import exponential_family_record
    from .seeds.ising import ising_record
    progress = Progress(2, quiet)
    progress("Gong-Xia: 1D Ising chain decimation and teacher-student training")
    ising = ising_record(digits=digits)
    progress("Gong-Xia: exponential-family scaling RG")
    return {
        "symrg_version": __version__,
        "title": "Gong-Xia: 1D Ising decimation and exponential-family RG",
        "intro": ("This report re-derives, with symrg, the renormalization-group results on the "
                  "slides of F. Gong and Z. Xia, The interpretability of deep neural networks "
                  "based on renormalization group (2024): the real-space decimation of the "
                  "periodic 1D Ising chain through the same engine as the DNA models, a "
                  "numerical illustration of their Theorems 2-3, and the scaling RG of an "
                  "exponential-family data model. Each printed formula is compared with the "
                  "derived one."),
        "digits": digits,
        "ising": ising,
        "exponential_family": exponential_family_record(),
    }


#: Widths of the width report of the sign network (L = 2: up to 12,341 types at N = 40).
SIGN_NETWORK_WIDTHS = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 40)


def sign_network_model() -> Model:
    """The sign network with weights and biases +-1 and L = 2 (``symrg/models/sign_network.toml``),
    the model of ``derivations/width_sign_network.py``."""
    from .model.files import load_model
    return load_model(Path(__file__).parent / "models" / "sign_network.toml")


def sign_network_record(*, digits=50, quiet=False) -> dict:
    """The derivation of the sign network plus its width analysis up to N = 40."""
    model = sign_network_model()
    widths = SIGN_NETWORK_WIDTHS
    return derive_record(model, digits=digits, progress=Progress(DERIVE_STAGES + 1, quiet),
                         widths=widths, max_states=20_000)


def reproduce(outdir="reports", *, digits=50, pdf=True, quiet=False) -> dict:
    """Write every seed report: ``<outdir>/paper/``, ``<outdir>/gong-xia/`` and the width
    report of the sign network, ``<outdir>/sign-network/``.

    Returns {report name: {kind: path}}; each directory is swapped in whole.
    """
    from .report import write_report
    outdir = Path(outdir)
    written = {}
    written["paper"] = write_report(paper_record(digits=digits, quiet=quiet), outdir, "paper",
                                    pdf=pdf, quiet=quiet)
    written["gong-xia"] = write_report(gong_xia_record(digits=digits, quiet=quiet), outdir,
                                       "gong-xia", pdf=pdf, quiet=quiet)
    written["sign-network"] = write_report(sign_network_record(digits=digits, quiet=quiet),
                                           outdir, "sign-network", pdf=pdf, quiet=quiet)
    return written
