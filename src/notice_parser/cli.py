"""Command line: each command is a few lines over the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import ExitCode, NoticeParserError

# Imports of the parser stay inside the commands: `notice-parser --help` loads typer and this file only.

# Plain help text (rich_markup_mode=None): rich's help renderer alone costs more than --help may take.
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Turn Vietnamese administrative notices into structured JSON.")

OcrMode = typer.Option("auto", "--ocr", help="auto | force | never")
# Test hooks (fault injection), the OCRmyPDF way: a module whose hooks() the run installs.
Plugins = typer.Option([], "--plugin", hidden=True, help="import MODULE and install its hooks() (tests)")
Scheduler = typer.Option(None, "--scheduler", help="run on the Dask cluster of this scheduler (tcp://host:8786)")
Cluster = typer.Option(None, "--cluster", help="run on a Dask LocalCluster of N worker processes (local:N)")
ShipSources = typer.Option(False, "--ship-sources",
                           help="send each document's bytes to the cluster (workers need not see the inputs)")


def _options(ocr: str, no_repair: bool):
    from .options import ParseOptions

    if ocr not in ("auto", "force", "never"):
        raise typer.BadParameter("--ocr must be auto, force or never")
    return ParseOptions(ocr=ocr, repair=not no_repair)


def _hooks(plugins: list[str]) -> list[object]:
    from .runner.hooks import load_plugin

    try:
        return [hook for name in plugins for hook in load_plugin(name)]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--plugin") from None


def _executor(workers: int, timeout: float, plugin: list[str], scheduler: Optional[str], cluster: Optional[str],
              ship_sources: bool):
    """The executor a run's options ask for: the local process pool, or a Dask cluster."""
    from .runner.executors import make_executor

    try:
        return make_executor(workers=workers or None, timeout=timeout, hooks=_hooks(plugin), scheduler=scheduler,
                             cluster=cluster, ship_sources=ship_sources)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--cluster") from None
    except NoticeParserError as exc:
        _fail(exc)


def _fail(exc: NoticeParserError) -> None:
    typer.echo(f"notice-parser: error: {exc}", err=True)
    raise typer.Exit(int(exc.exit_code))


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="notice file (.txt, .pdf, image)")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="write JSON here instead of stdout")] = None,
    ocr: str = OcrMode,
    no_repair: Annotated[bool, typer.Option("--no-repair", help="skip the text-repair stage")] = False,
) -> None:
    """Parse one notice; print its JSON (or write it with -o)."""
    from .runner.outputs import write_atomic
    from .pipeline import parse_file

    try:
        notice = parse_file(file, _options(ocr, no_repair))
    except NoticeParserError as exc:
        _fail(exc)
    if output:
        write_atomic(output, notice.to_json())
    else:
        sys.stdout.write(notice.to_json() + "\n")


@app.command()
def batch(
    inputs: Annotated[list[Path], typer.Argument(help="files and folders")],
    out: Annotated[Path, typer.Option("--out", help="output folder")],
    workers: Annotated[int, typer.Option(help="worker processes (default: cores, at most 2)")] = 0,
    ocr: str = OcrMode,
    no_repair: Annotated[bool, typer.Option("--no-repair")] = False,
    table: Annotated[bool, typer.Option("--table", help="print a table of what was found per notice")] = False,
    timeout: Annotated[float, typer.Option(help="seconds one document may take before it fails")] = 600.0,
    scheduler: Optional[str] = Scheduler,
    cluster: Optional[str] = Cluster,
    ship_sources: bool = ShipSources,
    plugin: list[str] = Plugins,
) -> None:
    """Parse files and folders into OUT/<name>.json; a failure never stops the run."""
    from .batch import run_batch
    from .progress import Progress

    options = _options(ocr, no_repair)
    with _executor(workers, timeout, plugin, scheduler, cluster, ship_sources) as executor, Progress() as progress:
        report = run_batch(inputs, out, options, on_item=progress.update, executor=executor, hooks=_hooks(plugin))
    for item in report.items:
        if item.status == "failed":
            typer.echo(f"FAILED {item.source}: {item.error}", err=True)
    if table:
        from .report import format_table

        typer.echo(format_table(report))
    typer.echo(f"{report.parsed} parsed, {report.failed} failed")
    if report.failed:
        raise typer.Exit(ExitCode.FILES_FAILED)


@app.command()
def nightly(
    archive: Annotated[Path, typer.Argument(help="archive folder, walked recursively")],
    out: Annotated[Path, typer.Option("--out", help="output folder (mirrors the archive; holds the state)")],
    workers: Annotated[int, typer.Option(help="worker processes (default: cores, at most 2)")] = 0,
    timeout: Annotated[float, typer.Option(help="seconds allowed per document")] = 600.0,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="parse failed files again")] = False,
    force: Annotated[bool, typer.Option("--force", help="parse every file again")] = False,
    remove_orphans: Annotated[bool, typer.Option("--remove-orphans", help="delete outputs of removed files")] = False,
    days: Annotated[int, typer.Option(help="report deadlines falling in the next N days")] = 14,
    wait: Annotated[float, typer.Option(help="seconds to wait for a concurrent run's lock")] = 0.0,
    ocr: str = OcrMode,
    no_repair: Annotated[bool, typer.Option("--no-repair")] = False,
    scheduler: Optional[str] = Scheduler,
    cluster: Optional[str] = Cluster,
    ship_sources: bool = ShipSources,
    plugin: list[str] = Plugins,
) -> None:
    """Bring OUT up to date with ARCHIVE: parse new/changed files only, export tasks, report.

    Exit codes: 0 all processed files succeeded; 1 some failed (see the report); 75 another run
    holds the lock; 130/143 stopped by SIGINT/SIGTERM (unfinished files are parsed next run).
    """
    from .nightly import format_summary, run_nightly
    from .progress import Progress

    options = _options(ocr, no_repair)
    hooks = _hooks(plugin)
    try:
        with _executor(workers, timeout, plugin, scheduler, cluster, ship_sources) as executor, \
                Progress() as progress:
            report = run_nightly(archive, out, options, retry_failed=retry_failed, force=force,
                                 remove_orphans=remove_orphans, days=days, wait_lock=wait, handle_signals=True,
                                 hooks=hooks, executor=executor,
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
    gold_dir: Annotated[Path, typer.Argument(help="folder of NAME.gold.json (and NAME.clean.txt)")],
    pred_dir: Annotated[Path, typer.Argument(help="folder of NAME.json written by batch")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Per-field precision / recall / F1 of predictions against gold annotations."""
    from .evaluate import evaluate_dirs, format_scores

    result = evaluate_dirs(gold_dir, pred_dir)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else format_scores(result))


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    app()
