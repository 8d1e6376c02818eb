"""`run_batch` over the worker pool: a hung or crashing document fails alone, in input order."""

from pathlib import Path

from fault_plugin import FaultPlan

from notice_parser.batch import run_batch
from notice_parser.schema import Notice

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "001_3e2dcef247c9ce7a.txt"


def test_batch_isolates_hung_crashed_and_buggy_documents(tmp_path):
    names = ["a.txt", "hang.txt", "b.txt", "crash.txt", "bug.txt", "c.txt"]
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes(SAMPLE.read_bytes())
    plan = FaultPlan.parse("hang=hang.txt;segv=crash.txt;raise=bug.txt")
    seen = []
    report = run_batch([folder], tmp_path / "out", workers=2, timeout=2.0, hooks=[plan],
                       on_item=lambda item, done, total: seen.append((done, total)))
    assert [Path(i.source).name for i in report.items] == sorted(names)
    codes = {Path(i.source).name: i.error_code for i in report.items}
    assert codes == {"a.txt": None, "b.txt": None, "c.txt": None, "hang.txt": "timeout",
                     "crash.txt": "worker-crash", "bug.txt": "internal-error"}
    assert report.parsed == 3 and report.failed == 3
    assert sorted(seen) == [(i, 6) for i in range(1, 7)]
    for name in ("a", "b", "c"):
        Notice.model_validate_json((tmp_path / "out" / f"{name}.json").read_bytes())
    assert not (tmp_path / "out" / "hang.json").exists()


def test_batch_of_nothing_is_an_empty_report(tmp_path):
    assert run_batch([tmp_path], tmp_path / "out").items == []
