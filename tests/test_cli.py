"""The CLI is a thin shell: parse, batch (with failures), schema, eval."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from fault_plugin import cli_args

from notice_parser.batch import run_batch
from notice_parser.errors import ExitCode
from notice_parser.runner import discover

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "002_058ad60d7d3797d9.txt"


def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "notice_parser", *map(str, args)], capture_output=True, text=True, **kw)


def test_parse_prints_json_and_writes_file(tmp_path):
    out = cli("parse", SAMPLE)
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["document"]["issuer"] == "UBND tỉnh Bắc Kạn"
    target = tmp_path / "x.json"
    assert cli("parse", SAMPLE, "-o", target).returncode == 0
    assert json.loads(target.read_text(encoding="utf-8")) == data


def test_parse_missing_file_is_a_clear_error():
    out = cli("parse", "/nonexistent/notice.txt")
    assert out.returncode == ExitCode.BAD_INPUT and "no such file" in out.stderr


def test_batch_goes_on_after_a_bad_file_and_reports(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SAMPLE, src / "a.txt")
    shutil.copy(SAMPLE, src / "sub" / "a.txt")  # same name in a subfolder must not overwrite
    (src / "empty.txt").write_bytes(b"")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 10)
    (src / ".hidden.txt").write_text("x")
    out = cli("batch", src, "--out", tmp_path / "out")
    assert out.returncode == 1
    assert out.stdout.strip().splitlines()[-1] == "2 parsed, 2 failed"
    assert (tmp_path / "out" / "a.json").exists() and (tmp_path / "out" / "sub" / "a.json").exists()
    assert "empty" in out.stderr and "\x1b[" not in out.stderr  # no progress bar off a terminal


def test_batch_all_good_exits_zero(tmp_path):
    out = cli("batch", SAMPLE, "--out", tmp_path, "--table")
    assert out.returncode == 0 and "UBND tỉnh Bắc Kạn" in out.stdout


def test_schema_lists_the_scorer_keys():
    schema = json.loads(cli("schema").stdout)
    props = schema["properties"]
    for key in ["text", "document", "meeting", "directives", "citations", "signer", "recipients", "warnings"]:
        assert key in props
    directive = schema["$defs"]["Directive"]["properties"]
    for key in ["id", "text", "agencies", "deadlines", "citations", "children", "span"]:
        assert key in directive


def test_eval_scores_a_batch(tmp_path):
    run_batch([ROOT / "samples" / "000_5b04499f5c70911f.txt"], tmp_path, workers=1)
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(ROOT / "tests" / "gold" / "000_5b04499f5c70911f.gold.json", gold)
    out = cli("eval", gold, tmp_path, "--json")
    agg = json.loads(out.stdout)["aggregate"]
    assert agg["tasks_f1"] >= 0.95 and agg["docs"] == 1


def test_library_never_prints(capsys):
    from notice_parser import parse_file

    parse_file(SAMPLE)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_discover_skips_hidden_and_unsupported(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.json").write_text("{}")
    (tmp_path / ".c.txt").write_text("x")
    entries, problems = discover([tmp_path])
    assert [e.rel for e in entries] == ["a.txt"]
    assert [(Path(p.path).name, p.skipped) for p in problems] == [("b.json", True)]  # named, not silent


def test_batch_outputs_never_overwrite_each_other(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ["x.txt", "a.b.txt"]:
        shutil.copy(SAMPLE, src / name)
    shutil.copy(SAMPLE, src / "X.TEXT")
    (src / "x.text").write_bytes(SAMPLE.read_bytes())
    report = run_batch([src], tmp_path / "out", workers=1)
    outputs = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.json"))
    assert outputs == ["X.json", "a.b.json", "x.json", "x.txt.json"]  # path order: x.text before x.txt
    assert len({i.output for i in report.items}) == 4


def test_batch_timeout_fails_only_the_slow_document(tmp_path):
    import os

    shutil.copy(SAMPLE, tmp_path / "stuck.txt")
    shutil.copy(SAMPLE, tmp_path / "fine.txt")
    plugin_args, plugin_env = cli_args("hang=stuck.txt")
    out = cli("batch", tmp_path / "stuck.txt", tmp_path / "fine.txt", "--out", tmp_path / "out", "--timeout", "5",
              *plugin_args, env={**os.environ, **plugin_env})
    assert out.returncode == ExitCode.FILES_FAILED and "1 parsed, 1 failed" in out.stdout
    assert "stuck.txt" in out.stderr and (tmp_path / "out" / "fine.json").exists()


def test_help_loads_typer_and_the_command_line_only():
    """`notice-parser --help` must stay quick: no parser, models, pydantic or numpy behind it
    (bench/bench_startup.py times it)."""
    probe = ("import sys\nfrom notice_parser.cli import main\nsys.argv = ['notice-parser', '--help']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith(('notice_parser.', 'pydantic', 'numpy'))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "['notice_parser.cli', 'notice_parser.errors']"
