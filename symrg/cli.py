"""Command line: ``symrg derive | report | reproduce``.

Every user error (bad model file, bad option, unwritable output) prints one line
``symrg: error: ...`` on stderr and exits with status 2, without a traceback; so
does an internal error (``--debug`` shows its traceback).  ``--timeout S`` gives up
cleanly after S seconds with exit status 3.  Output targets are checked before any
work.  SIGTERM and SIGINT unwind normally, so temporary build directories are
removed and latexmk is ended.

Exit status: 0 success, 2 error, 3 timeout, 130 interrupted, 143 terminated.
"""

import argparse
import contextlib
import os
import signal
import sys
import threading
import traceback

from .errors import SymRGError
from .fixedpoints import DIGITS_RANGE
from .loader import load_model_file, quote
from .model import DEFAULT_MAX_STATES

__all__ = ["main", "build_parser", "GaveUp", "Terminated", "EXIT_TIMEOUT"]

#: Exit status of a run that gave up at ``--timeout``.
EXIT_TIMEOUT = 3
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
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
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
    return parser


def _summary(record) -> str:
    model = record["model"]
    lines = [
        f"{model['name']}",
        f"  width N = {model['width']}, data L = {model['data']}, norm q = {model['norm']}, "
        f"depth ratio p = {model['scale']}",
        f"  values: W = {model['values']['W']}, b = {model['values']['b']}, h = {model['values']['h']}",
        f"  activation: {model['activation']['name']}, outputs sigma = "
        f"{sorted({v for v in model['activation']['table'].values()}, key=_numeric_key)}",
        f"  states: {len(record['states']['h'])} h-configurations x "
        f"{len(record['states']['sigma'])} sigma-configurations",
        f"  count matrix Omega: {record['count_matrix'] if len(record['count_matrix']) <= 8 else '...'}",
        f"  couplings: {record['coupling_count']['symmetric']} "
        f"(permutation-symmetric; {record['coupling_count']['full']} without symmetry): "
        f"{', '.join(record['couplings'][:12])}{' ...' if len(record['couplings']) > 12 else ''}",
        "  RG map (Eq. 27):",
    ]
    for name, expr in list(record["rg_map"].items())[:6]:
        text = expr if len(expr) < 400 else expr[:400] + " ..."
        lines.append(f"    {name}' = {text}")
    if len(record["rg_map"]) > 6:
        lines.append(f"    ... ({len(record['rg_map']) - 6} more in the JSON record)")
    lines.extend(_fixed_point_lines(record))
    for entry in record.get("paper_comparison", []):
        verdict = "agrees" if entry["agrees"] else "DIFFERS"
        lines.append(f"  paper Eq. {entry['equation']}: {verdict} - {entry['detail']}")
    return "\n".join(lines)


def _numeric_key(text):
    """Sort key for exact numeric strings such as "-1/2" (no eval)."""
    num, _, den = str(text).partition("/")
    return int(num) / int(den or 1)


def _fixed_point_lines(record):
    fp = record.get("fixed_points")
    if not fp:
        return []
    lines = [f"  fixed points ({'complete' if fp['complete'] else 'completeness not proven'}; "
             f"{fp['method']}; {record['digits']} digits):"]
    for point in fp["points"]:
        kind = point["kind"]
        phys = "physical" if point["physical"] else "fictitious"
        if kind == "family":
            equations = "; ".join(point["equations"])
            if len(equations) > 300:
                equations = equations[:300] + f" ... ({len(point['equations'])} equations)"
            lines.append(f"    family, dimension {point['dimension']} ({phys}): {equations}")
        else:
            coup = ", ".join(f"exp({k}) = {v}" for k, v in point["couplings"].items())
            lines.append(f"    isolated ({phys}): {coup}; eigenvalues "
                         + ", ".join(point.get("eigenvalues", [])))
    for rej in fp.get("rejected", []):
        lines.append(f"    rejected candidate {rej['candidate']}: {rej['reason']}")
    return lines


def _load(args):
    """The model through the gate; then room for --digits decimal strings."""
    model = load_model_file(args.model, max_states=args.max_states)
    needed = 2 * args.digits + 1000
    if sys.get_int_max_str_digits() and sys.get_int_max_str_digits() < needed:
        sys.set_int_max_str_digits(needed)
    return model


def _cmd_derive(args):
    from .derive import DERIVE_STAGES, Progress, derive_record
    if args.json is not None:
        from .report.io import check_output_file
        check_output_file(args.json)
    model = _load(args)
    record = derive_record(model, digits=args.digits, progress=Progress(DERIVE_STAGES, args.quiet))
    if args.json is not None:
        from .report.io import atomic_write_text
        from .report.render import record_json
        atomic_write_text(args.json, record_json(record))
    print(_summary(record))
    return 0


def _cmd_report(args):
    from .report.io import check_output_directory, report_stem
    from .reproduce import report_model
    stem = report_stem(args.model)
    check_output_directory(args.output, stem)
    model = _load(args)
    paths = report_model(model, args.output, digits=args.digits, pdf=not args.no_pdf,
                         quiet=args.quiet, name=stem)
    for kind, path in paths.items():
        print(f"{kind}: {path}")
    return 0


def _cmd_reproduce(args):
    from .report.io import check_output_directory
    from .reproduce import reproduce
    check_output_directory(args.output)
    written = reproduce(args.output, digits=args.digits, pdf=not args.no_pdf, quiet=args.quiet)
    for name, paths in written.items():
        print(f"{name}:")
        for kind, path in paths.items():
            print(f"  {kind}: {path}")
    return 0


_COMMANDS = {"derive": _cmd_derive, "report": _cmd_report, "reproduce": _cmd_reproduce}


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
        with _signals_and_deadline(timeout):
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
