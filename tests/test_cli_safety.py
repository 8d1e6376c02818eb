"""What an honest user meets on the command line (issue 11, points 2, 4, 6, 7): -o writes where
it should or refuses with a message, - is standard input/output, arguments are validated, help
says what each option does, eval refuses to score nothing."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from notice_parser import __version__
from notice_parser.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "002_058ad60d7d3797d9.txt"


def cli(*args, **kw):
    kw.setdefault("timeout", 300)
    return subprocess.run([sys.executable, "-m", "notice_parser", *map(str, args)], capture_output=True, text=True, **kw)


def _no_traceback(out):
    assert "Traceback" not in out.stderr, out.stderr


# -- -o and - (11.2) --------------------------------------------------------------------------------

def test_output_through_a_symlink_writes_its_target(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    out = cli("parse", SAMPLE, "-o", link)
    assert out.returncode == 0, out.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["document"]["issuer"] == "UBND tỉnh Bắc Kạn"


def test_output_through_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made.json")
    assert cli("parse", SAMPLE, "-o", link).returncode == 0
    assert link.is_symlink() and json.loads((tmp_path / "made.json").read_text(encoding="utf-8"))


def test_output_to_a_fifo_is_refused_and_the_fifo_stays(tmp_path):
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    out = cli("parse", SAMPLE, "-o", fifo, timeout=120)
    assert out.returncode == 5 and "FIFO" in out.stderr
    _no_traceback(out)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("where,message", [("dir", "directory"), ("/proc/notice-parser-x.json", "cannot write"),
                                           ("/dev/null", "character device")])
def test_unwritable_outputs_are_clean_errors(tmp_path, where, message):
    target = tmp_path if where == "dir" else Path(where)
    before = os.stat(target).st_mode if target.exists() else None
    out = cli("parse", SAMPLE, "-o", target)
    assert out.returncode == 5 and message in out.stderr and out.stdout == ""
    _no_traceback(out)
    if before is not None:
        assert os.stat(target).st_mode == before


def test_output_dash_is_standard_output(tmp_path):
    out = cli("parse", SAMPLE, "-o", "-", cwd=tmp_path)
    assert out.returncode == 0 and json.loads(out.stdout)["document"]["issuer"] == "UBND tỉnh Bắc Kạn"
    assert not (tmp_path / "-").exists()


def test_input_dash_is_standard_input():
    out = cli("parse", "-", input=SAMPLE.read_text(encoding="utf-8"))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["document"]["issuer"] == "UBND tỉnh Bắc Kạn" and data["source"]["name"] == "-"


def test_replacing_an_output_keeps_its_mode(tmp_path):
    target = tmp_path / "private.json"
    target.write_text("{}")
    target.chmod(0o600)
    assert cli("parse", SAMPLE, "-o", target).returncode == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600 and json.loads(target.read_text(encoding="utf-8"))


# -- non-notices at the command line (11.4) ------------------------------------------------------------

def test_an_english_memo_is_refused_with_exit_2(tmp_path):
    memo = tmp_path / "memo.txt"
    memo.write_text("Hello world, this is a memo about the staff meeting. Please bring your notes.\n")
    out = cli("parse", memo)
    assert out.returncode == 2 and "not Vietnamese" in out.stderr and out.stdout == ""


# -- arguments, help, version (11.7) -------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["batch", SAMPLE, "--out", "OUT", "--workers", "-3"],
    ["batch", SAMPLE, "--out", "OUT", "--timeout", "0"],
    ["nightly", ROOT / "samples", "--out", "OUT", "--days", "-5"],
    ["nightly", ROOT / "samples", "--out", "OUT", "--timeout", "-1"],
    ["nightly", ROOT / "samples", "--out", "OUT", "--wait", "-1"],
    ["parse", SAMPLE, "--timeout", "0"],
    ["parse", SAMPLE, "--timeout", "nan"],
    ["parse", SAMPLE, "--ocr", "sometimes"],
])
def test_out_of_range_arguments_are_refused(tmp_path, args):
    out = cli(*args, cwd=tmp_path)
    assert out.returncode == 2 and ("Invalid value" in out.stderr or "Error" in out.stderr), out.stderr
    assert not (tmp_path / "OUT").exists()


def test_version_flag():
    out = cli("--version")
    assert out.returncode == 0 and out.stdout.strip() == __version__


def _commands():
    group = typer.main.get_command(app)
    return group, sorted(group.commands)


@pytest.mark.parametrize("name", _commands()[1])
def test_help_names_no_python_types_and_explains_every_option(name):
    out = cli(name, "--help")
    assert out.returncode == 0
    for python_type in ("<bool>", "<str>", "<int>", "<float>", "<path>", "<list", "Path]"):
        assert python_type not in out.stdout, (name, python_type, out.stdout)
    command = _commands()[0].commands[name]
    for param in command.params:
        if not getattr(param, "hidden", False):
            assert param.help, f"{name}: {param.name} has no help"


def test_parse_help_lists_every_type_and_the_exit_codes():
    text = cli("parse", "--help").stdout
    for word in ("PDF", "PNG", "JPEG", "TIFF", "DOCX", "HTML", "--timeout"):
        assert word in text
    assert "Exit codes" in text
    for code in range(6):
        assert f"  {code}  " in text


def test_make_models_says_what_it_needs(tmp_path):
    out = subprocess.run(["make", "-s", "models", f"SHARED={tmp_path}/nowhere"], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode != 0
    assert "needs the team corpus" in out.stdout and "vlc-legal.txt.xz" in out.stdout
    assert "Traceback" not in out.stderr


# -- eval (11.6) -----------------------------------------------------------------------------------

def test_eval_of_missing_folders_is_exit_2(tmp_path):
    gold = ROOT / "tests" / "gold"
    for args in ((gold, tmp_path / "nowhere"), (tmp_path / "nowhere", tmp_path)):
        out = cli("eval", *args)
        assert out.returncode == 2 and "does not exist" in out.stderr and out.stdout == ""


def test_eval_of_empty_sets_is_a_message_not_numbers(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = cli("eval", empty, ROOT / "tests" / "gold")
    assert out.returncode == 2 and "nothing to score" in out.stderr and out.stdout == ""
    out = cli("eval", ROOT / "tests" / "gold", empty)
    assert out.returncode == 2 and "none of the 5 gold documents" in out.stderr and out.stdout == ""


def test_eval_labels_each_count(tmp_path):
    pred = tmp_path / "pred"
    assert cli("batch", SAMPLE, "--out", pred).returncode == 0
    out = cli("eval", ROOT / "tests" / "gold", pred)
    line = next(x for x in out.stdout.splitlines() if x.startswith(SAMPLE.stem))
    assert "agencies tp=12 pred=12 gold=12" in line and "tasks leaves_covered=" in line
    data = json.loads(cli("eval", ROOT / "tests" / "gold", pred, "--json").stdout)
    assert data["documents"][SAMPLE.stem]["leads"] == {"tp": 7, "pred": 7, "gold": 7}
