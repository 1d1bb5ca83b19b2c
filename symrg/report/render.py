r"""Render a derivation record to LaTeX and write the report files.

The record is the JSON-ready dict that is also written as NAME.json; reporting
computes nothing.  The skeleton ``model_report.tex.j2`` includes the fragment
``sections/<key>.tex.j2`` for each key of :data:`SECTION_ORDER` present in the
record, in that order, with ``section`` bound to ``record[key]``.
"""

import json
import re
import shutil
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path

import jinja2

from ..errors import ReportError
from .compile import LATEXMK_HINT, compile_pdf, latexmk_available
from .figures import FIGURE_DIR, figure_plan, write_figures
from .io import SOURCE_KEY, report_directory, slugify, source_reference
from .latex import get_environment
from .watch import latex_progress

__all__ = ["SECTION_ORDER", "TYPE_SECTION_ORDER", "render_report", "render_scan_report", "record_json", "write_report"]

#: Top-level record keys that have a report section, in document order.
SECTION_ORDER = ("model", "network", "decimation", "fixed_points", "series_parallel",
                 "correlations",
                 "montecarlo", "appendices", "ising", "exponential_family",
                 "paper_comparison", "width")


#: Keys of a record on types (``route == "types"``, :mod:`symrg.records.typerecord`) with a
#: report section, in document order; fragments ``types/<key>.tex.j2`` except ``model``.
TYPE_SECTION_ORDER = ("model", "types", "rg_map_blocks", "fixed_points", "decimation",
                      "width", "skipped_sections")

#: How the introduction names a section of a record on types.
TYPE_SECTION_TITLES = {"types": "types and symmetric couplings",
                       "rg_map_blocks": "the RG map per isotypic block",
                       "fixed_points": "fixed points", "decimation": "renormalized weights",
                       "width": "correlations on types",
                       "skipped_sections": "what is not derived on types"}


def _fragment(record, key) -> str:
    """Template of the section ``key``: ``types/<key>.tex.j2`` on types (the model table is
    shared), else ``sections/<key>.tex.j2``."""
    if record.get("route") == "types" and key != "model":
        return f"types/{key}.tex.j2"
    return f"sections/{key}.tex.j2"


def _template_location(exc) -> str:
    """``name:line`` of the innermost template frame of a jinja2 error, if any."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return f"{exc.name or exc.filename}:{exc.lineno}"
    where = ""
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if name.endswith(".j2"):
            where = f"{Path(name).name}:{lineno}"
    return where


def _check_sections(env, record) -> list:
    order = TYPE_SECTION_ORDER if record.get("route") == "types" else SECTION_ORDER
    present = [key for key in order if key in record]
    for key in present:
        try:
            env.get_template(_fragment(record, key))
        except jinja2.TemplateNotFound:
            raise ReportError(f"record key {key!r}: no report fragment "
                              f"{_fragment(record, key)} in symrg/report/templates") from None
        except jinja2.TemplateSyntaxError as exc:
            raise ReportError(f"template {_template_location(exc)}: {exc.message}") from None
    return present


def render_report(record: Mapping, template: str = "model_report.tex.j2") -> str:
    r"""Render a derivation record to a complete LaTeX document.

    Parameters
    ----------
    record : Mapping
        JSON-ready derivation record; any subset of :data:`SECTION_ORDER` may be present.
    template : str
        Skeleton template name inside ``symrg/report/templates``.

    Returns
    -------
    str
        The LaTeX source (pure ASCII, deterministic: same record, same bytes).

    Raises
    ------
    ReportError
        Record not a mapping, a present key without fragment, or a template error
        (the message names the template and line).
    """
    if not isinstance(record, Mapping):
        raise ReportError(f"record: expected a dict, got {type(record).__name__}")
    env = get_environment()
    sections = _check_sections(env, record)
    types = record.get("route") == "types"
    try:
        text = env.get_template(template).render(
            record=record, sections=sections, figures=figure_plan(record),
            fragments={key: _fragment(record, key) for key in sections},
            titles=TYPE_SECTION_TITLES if types else {})
    except jinja2.TemplateNotFound as exc:
        raise ReportError(f"template {exc.name!r} not found in symrg/report/templates") from None
    except (jinja2.TemplateError, TypeError, KeyError, AttributeError) as exc:
        where = _template_location(exc)
        message = getattr(exc, "message", None) or str(exc)
        raise ReportError(f"template {where or template}: {message}") from None
    if not text.isascii():
        bad = next(c for c in text if not c.isascii())
        raise ReportError(f"rendered report contains non-ASCII character {bad!r}; "
                          f"a template bypassed escaping")
    return natural_log(text)


def natural_log(tex: str) -> str:
    r"""Write every logarithm of a report as ``\ln``: sympy's ``\log`` is the natural one.

    The engine's own LaTeX (:mod:`symrg.text.rglatex`, the fixed points) already writes
    ``\ln``; formulas printed by ``sympy.latex`` without ``ln_notation`` are aligned here,
    so one page never shows both.

    >>> print(natural_log(r"D' = \ln Z = - 2 \log \bigl(u \bigr), \logical"))
    D' = \ln Z = - 2 \ln \bigl(u \bigr), \logical
    """
    return re.sub(r"\\log(?![A-Za-z])", r"\\ln", tex)


def render_scan_report(summary: Mapping, template: str = "scan_report.tex.j2") -> str:
    """Render a scan summary (:func:`symrg.scan.report.scan_summary`) to LaTeX.

    Same environment, escaping and error handling as :func:`render_report`.
    """
    env = get_environment()
    try:
        text = env.get_template(template).render(scan=summary)
    except (jinja2.TemplateError, TypeError, KeyError, AttributeError) as exc:
        where = _template_location(exc)
        message = getattr(exc, "message", None) or str(exc)
        raise ReportError(f"template {where or template}: {message}") from None
    if not text.isascii():
        raise ReportError("rendered scan report contains a non-ASCII character")
    return text


def record_json(record: Mapping) -> str:
    """The record as written to NAME.json (sorted keys, 2-space indent, final newline)."""
    try:
        return json.dumps(record, indent=2, sort_keys=True) + "\n"
    except (TypeError, ValueError) as exc:
        raise ReportError(f"record: not JSON-serialisable ({exc})") from None


def _default_name(record) -> str:
    model = record.get("model")
    return model.get("name", "report") if isinstance(model, Mapping) else "report"


def write_report(record: Mapping, outdir, name=None, *, pdf: bool = True,
                 quiet: bool = False, source=None, force: bool = False) -> dict:
    """Write the report directory ``<outdir>/<stem>/`` (NAME.json, NAME.tex, NAME.pdf).

    The report is built in a temporary directory inside ``outdir`` (rendering,
    compiling) and swapped in as a whole (:func:`symrg.report.io.report_directory`),
    so a failed or interrupted run leaves the previous report intact and a reader
    never sees a mix of old and new files.

    Parameters
    ----------
    record : Mapping
        JSON-ready derivation record.
    outdir : path-like
        Output directory (created if missing).
    name : str, optional
        Report name; the stem is its slug (only ``[A-Za-z0-9_-]``).  Defaults to the
        model name of the record.
    pdf : bool
        Compile the PDF (skipped, with a hint on stderr, when pdflatex is missing).
    quiet : bool
        Print nothing.
    source : path-like, optional
        The model file the record was derived from; recorded in NAME.json as
        ``model_file`` (relative to the report directory).  A report made from
        another model file is not replaced
        (:func:`symrg.report.io.check_report_source`).
    force : bool
        Replace the report directory whatever made it.

    Returns
    -------
    dict
        ``{"dir": Path, "json": Path, "tex": Path}`` plus ``"pdf": Path`` when a PDF
        was made and ``"figures": [Path, ...]`` (``figures/*.pdf|png``, drawn by
        :func:`symrg.report.figures.write_figures` into the build directory first).

    Raises
    ------
    ReportError
        Unwritable ``outdir``, a report of another model file in the way, a template
        error, or a LaTeX error (the message quotes the first LaTeX error).
    """
    stem = slugify(_default_name(record) if name is None else name)
    target = Path(outdir) / stem
    if source is not None:
        record = {**record, SOURCE_KEY: source_reference(source, target)}
    json_text, tex_text = record_json(record), render_report(record)
    paths = {"dir": target, "json": target / f"{stem}.json", "tex": target / f"{stem}.tex"}
    with report_directory(outdir, stem, source, force=force) as build:
        (build / f"{stem}.json").write_text(json_text, encoding="utf-8")
        (build / f"{stem}.tex").write_text(tex_text, encoding="utf-8")
        figures = write_figures(record, build)
        if figures:
            paths["figures"] = [target / f.relative_to(build) for f in figures]
        if pdf and latexmk_available():
            with latex_progress(build / f"{stem}.log", f"LaTeX {stem}.pdf", quiet=quiet):
                compile_pdf(build / f"{stem}.tex", outdir=build)
            paths["pdf"] = target / f"{stem}.pdf"
        elif pdf and not quiet:
            print(f"symrg: pdflatex not found, wrote {paths['tex']} without PDF; "
                  + LATEXMK_HINT.format(name=paths["tex"].name), file=sys.stderr)
        _keep_only(build, {f"{stem}.json", f"{stem}.tex", f"{stem}.pdf", FIGURE_DIR})
    return paths


def _keep_only(build: Path, names):
    """Remove LaTeX's auxiliary files from the build directory."""
    for entry in build.iterdir():
        if entry.name not in names:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
