"""Command line: each command is a few lines over the library."""

from __future__ import annotations

import functools
import json
import os
import stat
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import ExitCode, NoticeParserError

# Imports of the parser stay inside the commands: `notice-parser --help` loads typer and this file only.

# Test hooks (fault injection), the OCRmyPDF way: a module whose hooks() the run installs.
Plugins = typer.Option([], "--plugin", hidden=True, help="import MODULE and install its hooks() (tests)")
Scheduler = typer.Option(None, "--scheduler", metavar="URL",
                         help="run on the Dask cluster of this scheduler (tcp://host:8786)")
Cluster = typer.Option(None, "--cluster", metavar="local:N",
                       help="run on a Dask LocalCluster of N worker processes (local:N)")
ShipSources = typer.Option(False, "--ship-sources",
                           help="send each document's bytes to the cluster (workers need not see the inputs)")
FollowExternalLinks = typer.Option(False, "--follow-external-links",
                                   help="follow symbolic links that lead out of the folder walked (not followed "
                                        "by default: they would publish files from elsewhere)")


class _Command(typer.core.TyperCommand):
    """Help as a user reads it: typer's "<str>" / "<list[Path]>" type column is left out of the
    arguments (their metavar and help say what they are), as plain help leaves it out of flags."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, typer.core.TyperArgument):
                param.display_type_rich = lambda ctx: None
        return params


# Plain help text (rich_markup_mode=None): rich's help renderer alone costs more than --help may take,
# and flags show no "<bool>"; options show the metavars given below.
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None)
app.command = functools.partial(app.command, cls=_Command)

OCR_MODES = ("auto", "force", "never")


def _choice(value: str, name: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}", param_hint=name)
    return value


def _positive(value: float, name: str) -> float:
    if not value > 0:  # also refuses NaN
        raise typer.BadParameter(f"must be more than 0 (got {value:g})", param_hint=name)
    return value


OcrMode = typer.Option("auto", "--ocr", metavar="auto|force|never", callback=lambda v: _choice(v, "--ocr", OCR_MODES),
                       help="PDF pages: auto = OCR only the pages whose text layer fails the quality check; "
                            "force = OCR every page; never = text layer only")
NoRepair = typer.Option("--no-repair", help="skip the text-repair stage (mojibake, legacy fonts, lost marks)")
Workers = typer.Option(metavar="N", min=0, help="worker processes (0: as many as cores, at most 2)")
Timeout = typer.Option(metavar="SECONDS", callback=lambda v: _positive(v, "--timeout"),
                       help="seconds one document may take before it fails (its time budget)")


def _options(ocr: str, no_repair: bool, timeout: float | None = None):
    from .options import ParseOptions

    return ParseOptions(ocr=ocr, repair=not no_repair, timeout=timeout)


def _hooks(plugins: list[str]) -> list[object]:
    from .runner.hooks import load_plugin

    try:
        return [hook for name in plugins for hook in load_plugin(name)]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--plugin") from None


def _executor(workers: int, timeout: float, plugin: list[str], scheduler: Optional[str], cluster: Optional[str],
              ship_sources: bool):
    """The executor a run's options ask for: the local process pool, or a Dask cluster."""
    from .runner.contract import kill_after
    from .runner.executors import make_executor

    try:  # the parser keeps the budget itself; a worker that does not stop is killed a grace later
        return make_executor(workers=workers or None, timeout=kill_after(timeout), hooks=_hooks(plugin),
                             scheduler=scheduler, cluster=cluster, ship_sources=ship_sources)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--cluster") from None
    except NoticeParserError as exc:
        _fail(exc)


def _fail(exc: NoticeParserError) -> None:
    typer.echo(f"notice-parser: error: {exc}", err=True)
    raise typer.Exit(int(exc.exit_code))


def _show_version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help="print the version and exit")] = False,
) -> None:
    """Turn Vietnamese administrative notices into structured JSON."""


def _write_output(target: str, text: str) -> None:
    """``-o``: ``-`` is standard output; a symlink is written through (the link stays, its
    target gets the JSON); an existing regular file is replaced atomically, keeping its mode;
    anything else that exists there (a folder, a FIFO, a device) is refused, never replaced."""
    from .errors import OutputError
    from .runner.outputs import write_atomic
    from .ingest import file_kind

    if target == "-":
        sys.stdout.write(text + "\n")
        return
    real = Path(os.path.realpath(target))
    try:
        existing = os.stat(real)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise OutputError(f"{target} is {file_kind(existing.st_mode)}: refused, only a regular file is replaced",
                          hint="-o - writes to standard output")
    try:
        write_atomic(real, text)
        if existing is not None:
            os.chmod(real, stat.S_IMODE(existing.st_mode))
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc


@app.command()
def parse(
    file: Annotated[str, typer.Argument(metavar="FILE", help="the notice; - reads standard input")],
    output: Annotated[Optional[str], typer.Option("-o", "--output", metavar="PATH",
                                                  help="write the JSON here (atomically, through a symlink to "
                                                       "its target) instead of standard output; - is standard "
                                                       "output")] = None,
    ocr: str = OcrMode,
    no_repair: Annotated[bool, NoRepair] = False,
    timeout: Annotated[float, Timeout] = 600.0,
) -> None:
    """Parse one notice; print its JSON (or write it with -o).

    The type is sniffed from the content, never the name: PDF (text layer, or OCR of scanned
    pages), PNG, JPEG, TIFF, DOCX, HTML and plain text (UTF-8, UTF-16, Windows-1258, legacy
    TCVN3/VNI fonts).

    \b
    Exit codes:
      0  parsed (status success, or partial: see its warnings)
      1  internal error
      2  unreadable, unsupported or non-Vietnamese input; bad arguments
      3  a system dependency (Tesseract, its Vietnamese data) is missing
      4  the document took longer than --timeout
      5  the output cannot be written (-o names a folder or a device, no space, read-only)
    """
    from .ingest import read_bounded
    from .pipeline import parse_bytes, parse_file

    options = _options(ocr, no_repair, timeout)
    try:
        if file == "-":
            notice = parse_bytes(read_bounded(sys.stdin.buffer, options.max_bytes, "standard input"), "-", options)
        else:
            notice = parse_file(Path(file), options)
        if output is None:
            sys.stdout.write(notice.to_json() + "\n")
        else:
            _write_output(output, notice.to_json())
    except NoticeParserError as exc:
        _fail(exc)


@app.command()
def batch(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUT...", help="files and folders (walked recursively)")],
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="output folder")],
    workers: Annotated[int, Workers] = 0,
    ocr: str = OcrMode,
    no_repair: Annotated[bool, NoRepair] = False,
    table: Annotated[bool, typer.Option("--table", help="print a table of what was found per notice")] = False,
    timeout: Annotated[float, Timeout] = 600.0,
    scheduler: Optional[str] = Scheduler,
    cluster: Optional[str] = Cluster,
    ship_sources: bool = ShipSources,
    plugin: list[str] = Plugins,
    html: Annotated[bool, typer.Option("--html", help="write review pages: OUT/index.html, OUT/review/<name>.html")] = False,
    export: Annotated[str, typer.Option("--export", metavar="FORMATS", help="task exports to write, of csv,xlsx,ics,jsonl")] = "",
    days: Annotated[int, typer.Option(metavar="N", min=0, help="the review index lists deadlines of the next N days")] = 14,
    follow_external_links: bool = FollowExternalLinks,
) -> None:
    """Parse files and folders into OUT/<name>.json; a failure never stops the run.

    \b
    Exit codes:
      0  every file parsed (files that are not documents are listed as skipped)
      1  some files failed (each listed on stderr with its reason)
      2  bad arguments
      3  a system dependency is missing (Dask for --cluster / --scheduler)
      5  the exports (--export, --html) cannot be written (disk full, read-only, a folder in the way)
    """
    from .batch import export_batch, run_batch
    from .export import parse_formats
    from .progress import Progress

    try:
        formats = parse_formats(export)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--export") from None
    options = _options(ocr, no_repair, timeout)
    with _executor(workers, timeout, plugin, scheduler, cluster, ship_sources) as executor, Progress() as progress:
        report = run_batch(inputs, out, options, on_item=progress.update, executor=executor, hooks=_hooks(plugin),
                           follow_external_links=follow_external_links, pages=html)
    for item in report.items:
        if item.status in ("failed", "skipped"):
            typer.echo(f"{item.status.upper()} {item.source}: {item.error}", err=True)
    if table:
        from .report import format_table

        typer.echo(format_table(report))
    export_error = None
    if html or formats:
        try:
            for path in export_batch(report, out, formats, html=html, days=days):
                typer.echo(f"wrote {path}")
        except OSError as exc:  # disk full, read-only, a folder in the way: the outputs stand, said and exit 5
            export_error = f"cannot write the exports in {out}: {exc.strerror or exc}"
            typer.echo(f"notice-parser: error: {export_error}", err=True)
    typer.echo(f"{report.parsed} parsed, {report.failed} failed" + (f", {report.skipped} skipped (not documents)"
                                                                     if report.skipped else ""))
    if export_error:
        raise typer.Exit(ExitCode.OUTPUT_ERROR)
    if report.failed:
        raise typer.Exit(ExitCode.FILES_FAILED)


@app.command()
def nightly(
    archive: Annotated[Path, typer.Argument(metavar="ARCHIVE", help="archive folder, walked recursively")],
    out: Annotated[Path, typer.Option("--out", metavar="DIR",
                                      help="output folder (mirrors the archive; holds the state)")],
    workers: Annotated[int, Workers] = 0,
    timeout: Annotated[float, Timeout] = 600.0,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="parse failed files again")] = False,
    force: Annotated[bool, typer.Option("--force", help="parse every file again")] = False,
    remove_orphans: Annotated[bool, typer.Option("--remove-orphans", help="delete outputs of removed files")] = False,
    days: Annotated[int, typer.Option(metavar="N", min=0, help="report deadlines falling in the next N days")] = 14,
    wait: Annotated[float, typer.Option(metavar="SECONDS", min=0,
                                        help="seconds to wait for a concurrent run's lock")] = 0.0,
    ocr: str = OcrMode,
    no_repair: Annotated[bool, NoRepair] = False,
    scheduler: Optional[str] = Scheduler,
    cluster: Optional[str] = Cluster,
    ship_sources: bool = ShipSources,
    follow_external_links: bool = FollowExternalLinks,
    plugin: list[str] = Plugins,
) -> None:
    """Bring OUT up to date with ARCHIVE: parse new/changed files only, export tasks, report.

    \b
    Exit codes:
      0    every file processed in this run succeeded
      1    some files failed (listed in the report; --retry-failed tries them again)
      2    bad arguments, or no archive folder
      5    the state, an output folder or an export cannot be written (disk full, read-only)
      6    the state database was corrupt: moved aside and rebuilt (every file parsed again)
      75   another run holds the lock on OUT (--wait to queue instead)
      130  stopped by SIGINT, 143 by SIGTERM (unfinished files are parsed next run)
    """
    from .nightly import format_summary, run_nightly
    from .progress import Progress

    options = _options(ocr, no_repair, timeout)
    hooks = _hooks(plugin)
    try:
        with _executor(workers, timeout, plugin, scheduler, cluster, ship_sources) as executor, \
                Progress() as progress:
            report = run_nightly(archive, out, options, retry_failed=retry_failed, force=force,
                                 remove_orphans=remove_orphans, days=days, wait_lock=wait, handle_signals=True,
                                 hooks=hooks, executor=executor, follow_external_links=follow_external_links,
                                 on_item=lambda _path, done, total: progress.update(None, done, total))
    except NoticeParserError as exc:
        _fail(exc)
    typer.echo(format_summary(report))
    raise typer.Exit(int(report.exit_code))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    from .schema import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=1))


@app.command("eval")
def eval_cmd(
    gold_dir: Annotated[Path, typer.Argument(metavar="GOLD_DIR", help="folder of NAME.gold.json (and NAME.clean.txt)")],
    pred_dir: Annotated[Path, typer.Argument(metavar="PRED_DIR", help="folder of NAME.json written by batch")],
    as_json: Annotated[bool, typer.Option("--json", help="print the scores as JSON")] = False,
) -> None:
    """Per-field precision / recall / F1 of predictions against gold annotations."""
    from .evaluate import evaluate_dirs, format_scores, labelled

    try:
        result = evaluate_dirs(gold_dir, pred_dir)
    except NoticeParserError as exc:
        _fail(exc)
    if as_json:
        result = {**result, "documents": {k: labelled(v) for k, v in result["documents"].items()}}
    typer.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else format_scores(result))


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    app()
