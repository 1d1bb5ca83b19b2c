"""Command line: ``symrg derive | report | reproduce | flow | schema``.

Every user error (bad model file, bad option, unwritable output) prints one line
``symrg: error: ...`` on stderr and exits with status 2, without a traceback.
"""

import argparse
import shutil
import sys

from . import __version__
from .errors import SymRGError
from .fixedpoints import DIGITS_RANGE
from .model import DEFAULT_MAX_STATES, load_model

__all__ = ["main", "build_parser"]

MIN_DIGITS, MAX_DIGITS = DIGITS_RANGE


def _digits(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if not MIN_DIGITS <= value <= MAX_DIGITS:
        raise argparse.ArgumentTypeError(
            f"expected {MIN_DIGITS} <= digits <= {MAX_DIGITS}, got {value}")
    return value


def _positive(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
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

    d = sub.add_parser("derive", help="derive the RG analysis of a model file and summarise it")
    d.add_argument("model", help="model file (TOML)")
    d.add_argument("--json", metavar="FILE", help="write the derivation record as JSON")
    d.add_argument("--sections", type=_sections, default=None, metavar="LIST",
                   help="comma-separated sections to compute besides the RG map "
                        "(network,fixed_points,correlations; default all)")
    d.add_argument("-v", "--verbose", action="store_true",
                   help="also show rejected fixed-point candidates")
    common(d)
    r = sub.add_parser("report", help="write NAME.tex, NAME.json and NAME.pdf for a model")
    r.add_argument("model", help="model file (TOML)")
    r.add_argument("-o", "--output", default="reports", help="output directory (default reports/)")
    r.add_argument("--no-pdf", action="store_true", help="skip compiling the PDF")
    common(r)
    p = sub.add_parser("reproduce", help="derive the paper and the other seeds; write reports")
    p.add_argument("-o", "--output", default="reports", help="output directory (default reports/)")
    p.add_argument("--no-pdf", action="store_true", help="skip compiling the PDFs")
    common(p)
    _add_flow_parser(sub, common)
    sub.add_parser("schema", help="print the JSON Schema of the derivation record")
    return parser


def _sections(text):
    from .derive import SECTIONS
    names = [t.strip() for t in text.split(",") if t.strip()]
    bad = [n for n in names if n not in SECTIONS]
    if bad or not names:
        raise argparse.ArgumentTypeError(
            f"expected a comma-separated list of {', '.join(SECTIONS)}, got {text!r}")
    return tuple(n for n in SECTIONS if n in names)


def _add_flow_parser(sub, common):
    f = sub.add_parser("flow", help="iterate the RG map from a starting point and print "
                                    "the trajectory")
    f.add_argument("model", help="model file (TOML)")
    f.add_argument("--from", dest="start", required=True, metavar="A=...,B=...",
                   help="starting couplings: NAME=K or exp_NAME=e^K for every coupling "
                        "(exact numbers such as 1/2, or decimals)")
    f.add_argument("--steps", type=_positive, default=5, help="RG steps (default 5)")
    f.add_argument("--digits", type=_digits, default=None,
                   help="iterate at this precision (default: exactly when every e^K is "
                        "rational, else 50 digits)")
    f.add_argument("--plot", metavar="FILE", help="also plot the trajectory (FILE.pdf, FILE.png)")
    f.add_argument("--max-states", type=_positive, default=DEFAULT_MAX_STATES,
                   help=f"largest bond-weight matrix accepted (default {DEFAULT_MAX_STATES})")


def _terminal_width():
    """Width of the summary: the terminal's on a TTY, 100 columns otherwise."""
    if sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((100, 24)).columns)
    return 100


def _cmd_derive(args):
    from .derive import SECTIONS, Progress, derive_record
    from .summary import summary_text
    model = _load(args)
    sections = SECTIONS if args.sections is None else args.sections
    progress = Progress(2 + len(sections), args.quiet)
    record = derive_record(model, digits=args.digits, progress=progress, sections=sections)
    if args.json:
        from .report.io import atomic_write_text
        from .report.render import record_json
        atomic_write_text(args.json, record_json(record))
    print(summary_text(record, model, width=_terminal_width(), verbose=args.verbose))
    return 0


def _load(args):
    """Load the model file; a :class:`SymRGWarning` (e.g. outputs outside V_h) is one line."""
    import warnings
    from .errors import SymRGWarning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SymRGWarning)
        model = load_model(args.model, max_states=args.max_states)
    for w in caught:
        if issubclass(w.category, SymRGWarning):
            print(f"symrg: warning: {w.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return model


def _cmd_schema(args):
    from .schema import schema_text
    print(schema_text(), end="")
    return 0


def _cmd_flow(args):
    from .flowcli import parse_start, run_flow
    model = _load(args)
    start = parse_start(model, args.start)
    print(run_flow(model, start, args.steps, digits=args.digits, plot=args.plot,
                   width=_terminal_width()))
    return 0


def _cmd_report(args):
    from .reproduce import report_model
    model = _load(args)
    paths = report_model(model, args.output, digits=args.digits, pdf=not args.no_pdf,
                         quiet=args.quiet)
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return 0


def _cmd_reproduce(args):
    from .reproduce import reproduce
    written = reproduce(args.output, digits=args.digits, pdf=not args.no_pdf, quiet=args.quiet)
    for name, paths in written.items():
        print(f"{name}:")
        for kind, path in paths.items():
            print(f"  {kind}: {path}")
    return 0


_COMMANDS = {"derive": _cmd_derive, "report": _cmd_report, "reproduce": _cmd_reproduce,
             "flow": _cmd_flow, "schema": _cmd_schema}


def main(argv=None) -> int:
    """Entry point of the ``symrg`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (SymRGError, OSError) as exc:
        message = str(exc) if isinstance(exc, SymRGError) else f"{exc.strerror}: {exc.filename}"
        print(f"symrg: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symrg: interrupted; files already written are intact", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
