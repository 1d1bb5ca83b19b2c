"""Command line: ``symrg derive | report | reproduce | flow | schema | width | scan``.

Every user error (bad model file, bad option, unwritable output) prints one line
``symrg: error: ...`` on stderr and exits with status 2, without a traceback; so
does an internal error (``--debug`` shows its traceback).  ``--timeout S`` gives up
cleanly after S seconds with exit status 3.  ``derive`` and ``report`` write every
section that succeeded; when a section could not be derived or was skipped as over the
budget (``--budget``; listed with its reason under ``failed_sections`` of the record, in
the summary and in the PDF) they exit with status 4 (partial).  Output targets are checked before any work.  SIGTERM and SIGINT
unwind normally, so temporary build directories are removed and pdflatex is ended.

Exit status: 0 success, 2 error, 3 timeout, 4 partial (some sections of a derive or
report, or some models of a scan, failed), 5 (``scan``: no model done), 130 interrupted,
143 terminated.
"""

import argparse
import contextlib
import os
import shutil
import signal
import sys
import threading
import traceback

from . import __version__
from .errors import SymRGError
from .fixedpoints.points import DIGITS_RANGE
from .model.files import load_model_file
from .model.loader import quote
from .model.network import DEFAULT_MAX_STATES

__all__ = ["main", "build_parser", "GaveUp", "Terminated", "EXIT_TIMEOUT", "EXIT_PARTIAL",
           "EXIT_SCAN_PARTIAL", "EXIT_SCAN_FAILED", "scan_status"]

#: Exit status of a run that gave up at ``--timeout``.
EXIT_TIMEOUT = 3
#: Exit status of a derive or report that wrote a record with some sections failed.
EXIT_PARTIAL = 4
#: Exit status of ``symrg scan`` when some models failed or timed out (others done):
#: the same "partial" as a derive with failed sections.
EXIT_SCAN_PARTIAL = EXIT_PARTIAL
#: Exit status of ``symrg scan`` when no model of the scan is done.
EXIT_SCAN_FAILED = 5
#: Seconds after the timeout before a run stuck outside Python is ended by force.
_GRACE = 5.0


class GaveUp(BaseException):
    """Raised in the main thread when ``--timeout`` expires (not an Exception:
    library code must not swallow it)."""


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM, so cleanup code runs."""

MIN_DIGITS, MAX_DIGITS = DIGITS_RANGE


def _digits(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {quote(text)}") from None
    if not MIN_DIGITS <= value <= MAX_DIGITS:
        raise argparse.ArgumentTypeError(
            f"expected {MIN_DIGITS} <= digits <= {MAX_DIGITS}, got {value}")
    return value


def _seconds(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {quote(text)}") from None
    if not 0 < value <= 10 ** 7:
        raise argparse.ArgumentTypeError(f"expected 0 < seconds <= 10000000, got {quote(text)}")
    return value


def _positive(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a positive integer, got {quote(text)}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``symrg: error: ...`` and exit status 2."""

    def error(self, message):
        self.exit(2, f"symrg: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="symrg", description="Exact RG analysis of discrete deep networks (DNA).")
    parser.add_argument("--version", action="version", version=f"symrg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(p):
        p.add_argument("--digits", type=_digits, default=50,
                       help="significant digits of numerical results (default 50)")
        p.add_argument("--max-states", type=_positive, default=DEFAULT_MAX_STATES,
                       help=f"largest bond-weight matrix accepted (default {DEFAULT_MAX_STATES})")
        p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
        p.add_argument("--timeout", type=_seconds, metavar="S",
                       help="give up after S seconds (exit status 3)")
        p.add_argument("--debug", action="store_true",
                       help="show the traceback of an internal error")

    d = sub.add_parser("derive", help="derive the RG analysis of a model file and summarise it")
    d.add_argument("model", help="model file (TOML)")
    d.add_argument("--json", metavar="FILE", help="write the derivation record as JSON")
    d.add_argument("--sections", type=_sections, default=None, metavar="LIST",
                   help="comma-separated sections to compute besides the RG map "
                        "(network,fixed_points,correlations; default all)")
    d.add_argument("-v", "--verbose", action="store_true",
                   help="also show rejected fixed-point candidates")
    d.add_argument("--equations", action="store_true", default=None,
                   help="write the implicit polynomial equations in e^K of every fixed-point "
                        "family even past 24 couplings (slow; families are always given by "
                        "their parametrisation)")
    d.add_argument("--cross-check", action="store_true",
                   help="also solve the cleared fixed-point numerators with sympy.solve and "
                        "list its spurious candidates (slow beyond a few couplings)")
    _budget_option(d)
    common(d)
    r = sub.add_parser("report", help="write NAME.tex, NAME.json and NAME.pdf for a model")
    r.add_argument("model", help="model file (TOML), or a scan store (.sqlite) for a scan report")
    r.add_argument("-o", "--output", default="reports", help="output directory (default reports/)")
    r.add_argument("--no-pdf", action="store_true", help="skip compiling the PDF")
    r.add_argument("--equations", action="store_true", default=None,
                   help="write the implicit equations in e^K of every fixed-point family even "
                        "past 24 couplings (as for derive)")
    r.add_argument("--sections", type=_sections, default=None, metavar="LIST",
                   help="comma-separated sections to compute besides the RG map "
                        "(network,fixed_points,correlations; default all)")
    r.add_argument("--widths", type=_widths, metavar="LIST",
                   help="also add the width analysis at these comma-separated widths N "
                        "(section 'width' with its figures; e.g. 1,2,4,8)")
    r.add_argument("--force", action="store_true",
                   help="replace OUTPUT/STEM even when another model file made it")
    _budget_option(r)
    common(r)
    p = sub.add_parser("reproduce", help="derive the paper and the other seeds; write reports")
    p.add_argument("-o", "--output", default="reports", help="output directory (default reports/)")
    p.add_argument("--no-pdf", action="store_true", help="skip compiling the PDFs")
    common(p)
    _add_flow_parser(sub, common)
    sub.add_parser("schema", help="print the JSON Schema of the derivation record")
    _add_width_parser(sub, common)
    _add_scan_parser(sub)
    return parser


def _budget_option(p):
    from .model.budget import DEFAULT_BUDGET
    p.add_argument("--budget", type=_seconds, default=None, metavar="SECONDS",
                   help=f"CPU seconds the derivation may take by its estimated cost per stage "
                        f"(default {DEFAULT_BUDGET:.0f}, scaled by --max-states / "
                        f"{DEFAULT_MAX_STATES}): a model whose RG map alone exceeds it is "
                        f"refused; an optional stage that does not fit is "
                        f"skipped with its reason (exit status 4)")


def _widths(text):
    from .errors import ModelError
    from .width.chain import parse_widths
    try:
        return parse_widths(text)
    except ModelError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _sections(text):
    from .records.derive import SECTIONS
    names = [t.strip() for t in text.split(",") if t.strip()]
    bad = [n for n in names if n not in SECTIONS]
    if bad or not names:
        raise argparse.ArgumentTypeError(
            f"expected a comma-separated list of {', '.join(SECTIONS)}, got {text!r}")
    return tuple(n for n in SECTIONS if n in names)


def _add_scan_parser(sub):
    """The ``scan`` subcommand (symrg.scan): options of the Dask engine and the store."""
    from .scan.spec import DEFAULT_MAX_MODELS
    s = sub.add_parser("scan", help="derive every model of a scan spec on Dask into SQLite")
    s.add_argument("spec", help="scan spec (TOML: [scan], [base], [axes]; docs/scan.rst)")
    s.add_argument("--store", metavar="FILE",
                   help="scan store (SQLite; default SPEC-STEM.sqlite in the current directory); "
                        "re-running resumes it")
    s.add_argument("--workers", type=_positive, default=2,
                   help="worker processes of the embedded Dask LocalCluster (default 2)")
    s.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on an existing Dask scheduler (e.g. tcp://host:8786) instead")
    s.add_argument("--timeout", dest="model_timeout", type=_seconds, default=None,
                   help="seconds per model; a slower model is recorded as timed out "
                        "(the scan goes on)")
    s.add_argument("--max-models", type=_positive, default=DEFAULT_MAX_MODELS,
                   help=f"refuse larger scans (default {DEFAULT_MAX_MODELS})")
    s.add_argument("--recycle", type=_positive, default=100,
                   help="models per derivation process before it is replaced (default 100)")
    s.add_argument("--retry", action="store_true",
                   help="run failed and timed-out models of the store again")
    s.add_argument("--export", metavar="FILE",
                   help="write the summary table to FILE.csv or FILE.parquet (needs pyarrow)")
    s.add_argument("--max-states", type=_positive, default=DEFAULT_MAX_STATES,
                   help=f"largest bond-weight matrix accepted (default {DEFAULT_MAX_STATES})")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.add_argument("--debug", action="store_true",
                   help="show the traceback of an internal error")


def _add_width_parser(sub, common):
    w = sub.add_parser("width", help="exact xi(N) and chi at widths N (type-class reduction)")
    w.add_argument("model", help="model file (TOML)")
    w.add_argument("--widths", default="1,2,4,8,16,32", help="comma-separated widths N")
    w.add_argument("--json", metavar="FILE", help="write the width record section as JSON")
    w.add_argument("--figures", metavar="STEM", help="write figures STEM-xi.pdf/png, ...")
    common(w)


def _add_flow_parser(sub, common):
    f = sub.add_parser("flow", help="iterate the RG map from a starting point and print "
                                    "the trajectory")
    f.add_argument("model", help="model file (TOML)")
    f.add_argument("--from", dest="start", required=True, metavar="A=...,B=...",
                   help="starting couplings: NAME=K or exp_NAME=e^K (exact numbers such as "
                        "1/2, or decimals); couplings left out are K = 0")
    f.add_argument("--steps", type=_positive, default=5, help="RG steps (default 5)")
    f.add_argument("--digits", type=_digits, default=None,
                   help="iterate at this precision (default 50 digits)")
    f.add_argument("--exact", action="store_true",
                   help="iterate exactly (rational e^K stay rational; values grow about "
                        "p-fold in length per step)")
    f.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    f.add_argument("--plot", metavar="FILE", help="also plot the trajectory (FILE.pdf, FILE.png)")
    f.add_argument("--max-states", type=_positive, default=DEFAULT_MAX_STATES,
                   help=f"largest bond-weight matrix accepted (default {DEFAULT_MAX_STATES})")
    f.add_argument("--timeout", type=_seconds, metavar="S",
                   help="give up after S seconds (exit status 3)")
    f.add_argument("--debug", action="store_true",
                   help="show the traceback of an internal error")


def _terminal_width():
    """Width of the summary: the terminal's on a TTY, 100 columns otherwise."""
    if sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((100, 24)).columns)
    return 100


def _cmd_derive(args):
    from .records.derive import SECTIONS, Progress, derive_record
    from .text.summary import summary_text
    if args.json is not None:
        from .report.io import check_output_file
        check_output_file(args.json)
    model = _load(args)
    sections = SECTIONS if args.sections is None else args.sections
    progress = Progress(2 + len(sections), args.quiet)
    record = derive_record(model, digits=args.digits, progress=progress, sections=sections,
                          cross_check=args.cross_check, max_states=args.max_states,
                          equations=args.equations, budget=args.budget)
    if args.json is not None:
        from .report.io import atomic_write_text
        from .report.render import record_json
        atomic_write_text(args.json, record_json(record))
    print(summary_text(record, model, width=_terminal_width(), verbose=args.verbose))
    return _partial(record)


def _partial(record) -> int:
    """0, or :data:`EXIT_PARTIAL` with one line on stderr per failed section."""
    failed = record.get("failed_sections", [])
    for entry in failed:
        print(f"symrg: section {entry['section']} not derived: {_one_line(entry['reason'])}",
              file=sys.stderr)
    return EXIT_PARTIAL if failed else 0


def _load(args):
    """The model through the gate of :mod:`symrg.model.loader`; warnings as one line each.

    A :class:`SymRGWarning` (e.g. activation outputs outside V_h) prints one line
    ``symrg: warning: ...``.  Then Python's int-string limit is raised to fit
    ``--digits`` decimal strings (this process only).
    """
    import warnings
    from .errors import SymRGWarning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SymRGWarning)
        model = load_model_file(args.model, max_states=args.max_states)
    for w in caught:
        if issubclass(w.category, SymRGWarning):
            print(f"symrg: warning: {_one_line(w.message, 500)}", file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    needed = 2 * (getattr(args, "digits", None) or 50) + 1000
    if sys.get_int_max_str_digits() and sys.get_int_max_str_digits() < needed:
        sys.set_int_max_str_digits(needed)
    return model


def _cmd_schema(args):
    from .records.schema import schema_text
    print(schema_text(), end="")
    return 0


def _cmd_flow(args):
    from .flowcli import parse_start, run_flow
    _check_flow_targets(args)
    model = _load(args)
    from .progress import Progress
    start = parse_start(model, args.start)
    _check_flow_work(args, model, start)
    bar = Progress(1, args.quiet).bar
    print(run_flow(model, start, args.steps, digits=args.digits, exact=args.exact,
                   plot=args.plot, width=_terminal_width(), bar=bar))
    return 0


def _check_flow_targets(args):
    """``--plot`` and the files made from it, before any work (issue 22)."""
    if args.plot is not None:
        from .flowcli import check_plot_target
        check_plot_target(args.plot)


def _check_flow_work(args, model, start):
    """The total work of ``--steps``, in closed form before any work (issue 22)."""
    from .flowcli import check_flow_work
    check_flow_work(model, start, args.steps, args.digits, args.max_states, exact=args.exact)


def _cmd_report(args):
    if str(args.model).endswith((".sqlite", ".sqlite3", ".db")):
        return _cmd_scan_report(args)
    from .report.io import check_output_directory, check_report_source, report_stem
    from .reproduce import report_model
    stem = report_stem(args.model)
    check_output_directory(args.output, stem)
    check_report_source(args.output, stem, args.model, force=args.force)
    model = _load(args)
    if args.widths:
        _check_widths(model, args.widths, args.max_states)
    paths = report_model(model, args.output, digits=args.digits, pdf=not args.no_pdf,
                         quiet=args.quiet, name=stem, widths=args.widths, source=args.model,
                         force=args.force, sections=args.sections, equations=args.equations,
                         max_states=args.max_states, budget=args.budget)
    record = paths.pop("record")
    for kind, path in paths.items():
        print(f"{kind}: {_shown_path(path)}")
    return _partial(record)


def _shown_path(path) -> str:
    """A written path, or for a list of figures their directory and count."""
    if isinstance(path, (list, tuple)):
        dirs = sorted({str(p.parent) if hasattr(p, "parent") else str(p) for p in path})
        return f"{len(path)} files in {', '.join(dirs)}" if path else "none"
    return str(path)


def _cmd_reproduce(args):
    from .report.io import check_output_directory, check_report_source
    from .reproduce import SEED_REPORTS, reproduce
    check_output_directory(args.output)
    for stem in SEED_REPORTS:
        check_report_source(args.output, stem)
    written = reproduce(args.output, digits=args.digits, pdf=not args.no_pdf, quiet=args.quiet)
    for name, paths in written.items():
        print(f"{name}:")
        for kind, path in paths.items():
            print(f"  {kind}: {_shown_path(path)}")
    return 0


def _check_widths(model, widths, max_states):
    """Each width and the total type count of ``--widths``, before any work (issue 22)."""
    from .width.chain import check_width, check_widths_total
    for N in widths:
        check_width(model, N, max_states)
    check_widths_total(model, widths, max_states)


def _check_width_targets(args):
    """``--json`` and every figure ``--figures STEM-<name>.pdf|png``, before any work."""
    from .report.io import check_output_file, check_output_stem
    if args.json is not None:
        check_output_file(args.json, "--json")
    if args.figures is not None:
        from .plots.core import FIGURE_FORMATS
        from .plots.width import WIDTH_PLOTS
        check_output_stem(args.figures, [f"-{name}.{fmt}" for name in WIDTH_PLOTS
                                         for fmt in FIGURE_FORMATS], "--figures")


def _cmd_width(args):
    import json
    from .width.chain import parse_widths
    from .records.width import width_scan
    widths = parse_widths(args.widths)
    _check_width_targets(args)
    model = _load(args)
    _check_widths(model, widths, args.max_states)
    from .progress import Progress
    scan = width_scan(model, widths, digits=args.digits, max_states=args.max_states,
                      bar=Progress(0, quiet=getattr(args, "quiet", False)).bar)
    if args.json:
        from .report.io import atomic_write_text
        atomic_write_text(args.json, json.dumps(scan.record, indent=1, sort_keys=True) + "\n")
    if args.figures:
        scan.plot(args.figures)
    rec = scan.record
    from .text.summary import format_number

    def num(value, digits=18):
        """A record number cut to ``digits`` significant digits, never by slicing its text
        (slicing dropped the exponent of 2.1146e-5)."""
        return "-" if value is None else format_number(value, digits)

    print(f"{model.name}: beta_v = {rec['beta_v']} (DNA) and the plain network")
    print(f"{'N':>6} {'types':>8} {'classes':>8}  {'chi(N) DNA':<24} {'xi(N) DNA':<24} "
          f"{'xi(N) plain':<24}")
    for row in rec["rows"]:
        print(f"{row['N']:>6} {row['types']:>8} {row['classes']:>8}  {num(row['chi_dna']):<24} "
              f"{num(row['xi_dna']):<24} {num(row['xi_plain']):<24}")
    mf = rec["mean_field"]
    print(f"{'inf':>6} {'':>8} {'':>8}  {num(mf['chi']):<24} {num(mf['xi']):<24}"
          f"  ({mf['statement']})")
    for fit in rec["fits"]:
        if fit["exponent"] is not None:
            print(f"fit ({fit['chain']}): |chi(N) - chi_MF| ~ {num(fit['amplitude'], 8)} "
                  f"N^-{num(fit['exponent'], 6)} in the window N = {fit['widths']}")
        print(f"  {fit['statement']}")
    boundary = rec["boundary"]
    found = "; ".join(f"N = {p['N']}: s_c = {num(p['parameter'], 8) if p['parameter'] else 'none'}"
                      for p in boundary["finite"])
    print(f"order-chaos boundary: {boundary['statement']}" + (f" {found}." if found else ""))
    for row in rec["rows"]:
        if row.get("structure_plain"):
            print(f"plain network at N = {row['N']}: {row['structure_plain']['statement']}")
    for failure in rec.get("plain_failures", []):
        print(f"plain network at N = {failure['N']} not analysed: {failure['reason']}")
    return 0


def _cmd_scan(args):
    from pathlib import Path
    from .scan import ScanStore, export_summary, load_spec
    from .scan.engine import run_scan
    from .scan.store import check_export_target
    spec = load_spec(args.spec)
    store = args.store if args.store is not None else f"{Path(args.spec).stem}.sqlite"
    if args.export is not None:
        check_export_target(args.export)
    result = run_scan(spec, store, workers=args.workers, scheduler=args.scheduler,
                      timeout=args.model_timeout, max_models=args.max_models,
                      max_states=args.max_states, recycle=args.recycle, quiet=args.quiet,
                      retry=args.retry)
    c = result.counts
    print(f"scan {spec.name!r}: {result.total} models ({result.skipped} already in the store); "
          f"done {c['done']}, failed {c['failed']}, timed out {c['timeout']}, "
          f"pending {c['pending']}; {result.seconds:.1f} s; store {store}")
    if args.export is not None:
        with ScanStore(store) as opened:
            print(f"summary: {export_summary(opened, args.export)}")
    return scan_status(c)


def scan_status(counts: dict) -> int:
    """Exit status of ``symrg scan`` from the store's final counts per status.

    0 when every model is done, :data:`EXIT_SCAN_PARTIAL` when some are done and some
    failed, timed out or are still pending, :data:`EXIT_SCAN_FAILED` when none is done.

    Examples
    --------
    >>> scan_status({"done": 3, "failed": 0, "timeout": 0, "pending": 0})
    0
    >>> scan_status({"done": 3, "failed": 1, "timeout": 0, "pending": 0})
    4
    >>> scan_status({"done": 0, "failed": 2, "timeout": 1, "pending": 0})
    5
    """
    others = sum(counts.get(k, 0) for k in ("failed", "timeout", "pending"))
    if not others:
        return 0
    return EXIT_SCAN_PARTIAL if counts.get("done", 0) else EXIT_SCAN_FAILED


def _cmd_scan_report(args):
    from .scan.report import write_scan_report
    paths = write_scan_report(args.model, args.output, pdf=not args.no_pdf, quiet=args.quiet)
    for kind, path in paths.items():
        print(f"{kind}: {_shown_path(path)}")
    return 0


_COMMANDS = {"derive": _cmd_derive, "report": _cmd_report, "reproduce": _cmd_reproduce,
             "flow": _cmd_flow, "schema": _cmd_schema, "width": _cmd_width,
             "scan": _cmd_scan}


def _on_sigterm(signum, frame):
    raise Terminated()


@contextlib.contextmanager
def _signals_and_deadline(seconds):
    """SIGTERM raises :class:`Terminated`; after ``seconds`` SIGALRM raises :class:`GaveUp`.

    A watchdog thread ends the process (exit 3) if the main thread is stuck outside
    the interpreter ``_GRACE`` seconds after the deadline.
    """
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    done = threading.Event()

    def on_alarm(signum, frame):
        raise GaveUp()

    def watchdog():
        if not done.wait(seconds + _GRACE):
            sys.stderr.write(f"symrg: gave up after {seconds:g} s (--timeout)\n")
            sys.stderr.flush()
            os._exit(EXIT_TIMEOUT)
    if seconds:
        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        threading.Thread(target=watchdog, daemon=True, name="symrg-timeout").start()
    try:
        yield
    finally:
        done.set()
        if seconds:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, previous)


def _one_line(text, limit=2000) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + f"... ({len(text):,} characters)"


def _show_warning(message, category, filename, lineno, file=None, line=None):
    """``warnings.showwarning`` of the CLI: ``symrg: warning: <message>``, one line, no
    source line or internal path (scan workers, plotting and loading alike)."""
    print(f"symrg: warning: {_one_line(message, 500)}", file=file or sys.stderr)


@contextlib.contextmanager
def _one_line_warnings():
    import warnings
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        yield


def _error(message) -> int:
    print(f"symrg: error: {_one_line(message)}", file=sys.stderr)
    return 2


def _os_error(exc: OSError) -> str:
    where = f": {quote(str(exc.filename), 120)}" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def main(argv=None) -> int:
    """Entry point of the ``symrg`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    timeout = getattr(args, "timeout", None)
    int_digits = sys.get_int_max_str_digits()          # _load may raise it for --digits
    try:
        with _signals_and_deadline(timeout), _one_line_warnings():
            return _COMMANDS[args.command](args)
    except SymRGError as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(_os_error(exc))
    except GaveUp:
        print(f"symrg: gave up after {timeout:g} s (--timeout)", file=sys.stderr)
        return EXIT_TIMEOUT
    except KeyboardInterrupt:
        print("symrg: interrupted; files already written are intact", file=sys.stderr)
        return 130
    except Terminated:
        print("symrg: terminated; files already written are intact", file=sys.stderr)
        return 143
    except Exception as exc:                          # noqa: BLE001 - the one catch-all
        if getattr(args, "debug", False):
            traceback.print_exc()
        detail = _one_line(exc, 200)
        return _error(f"internal error: {type(exc).__name__}"
                      f"{': ' + detail if detail else ''} (run with --debug for the traceback)")
    finally:
        sys.set_int_max_str_digits(int_digits)


if __name__ == "__main__":
    sys.exit(main())
