"""The benchmark archive generator: deterministic, varied, with the damaged share it promises."""

import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from _samples import archive_gen
from archive_gen import (
    generate_archive, load_agencies, pdf_unavailable_reason, renumber_documents, shift_dates, shuffle_directives,
    swap_agencies,
)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_archive_and_file_i_does_not_depend_on_n(tmp_path):
    generate_archive(tmp_path / "a", 12, seed=5, bad_share=0.2)
    generate_archive(tmp_path / "b", 12, seed=5, bad_share=0.2)
    generate_archive(tmp_path / "c", 6, seed=5, bad_share=0.2)
    generate_archive(tmp_path / "d", 12, seed=6, bad_share=0.2)
    a, b, c, d = (tree(tmp_path / x) for x in "abcd")
    assert a == b
    assert c == {k: v for k, v in a.items() if k in c} and len(c) == 6
    assert a != d


def test_damaged_share_and_manifest(tmp_path):
    manifest = generate_archive(tmp_path, 200, seed=1, bad_share=0.25)
    kinds = Counter(f.kind for f in manifest.files)
    bad = sum(v for k, v in kinds.items() if k not in ("text", "pdf"))
    assert 30 <= bad <= 70, kinds
    for f in manifest.files:
        data = (tmp_path / f.path).read_bytes()
        if f.kind == "empty":
            assert data == b""
        elif f.kind == "text":
            assert data.decode("utf-8").strip()
    if pdf_unavailable_reason():
        assert manifest.notes and not manifest.of_kind("pdf", "truncated-pdf")


def test_pdf_share_when_pdfs_can_be_made(tmp_path):
    manifest = generate_archive(tmp_path, 12, seed=2, pdf_share=0.5)
    if pdf_unavailable_reason() is None:
        pdfs = manifest.of_kind("pdf")
        assert pdfs and all((tmp_path / f.path).read_bytes().startswith(b"%PDF-") for f in pdfs)
    else:
        assert manifest.notes == [pdf_unavailable_reason()] and not manifest.of_kind("pdf")


@pytest.mark.parametrize("text, days, expected", [
    ("trước ngày 31/3/2021.", 1, "trước ngày 1/4/2021."),
    ("ngày 05/12/2023", -5, "ngày 30/11/2023"),
    ("Ngày 28 tháng 02 năm 2024", 1, "Ngày 29 tháng 02 năm 2024"),
    ("ngày 31 tháng 12 năm 2023", 1, "ngày 1 tháng 1 năm 2024"),
    ("ngày 09/01/2023", 1, "ngày 10/01/2023"),
    ("32/13/2020 và 2024-2028", 10, "32/13/2020 và 2024-2028"),  # not dates: untouched
])
def test_shift_dates(text, days, expected):
    assert shift_dates(text, days) == expected


def test_renumber_documents_is_consistent():
    text = "Quyết định 155/QĐ-UBND; lại 155/QĐ-UBND; Văn bản 2333/BTTTT-CĐSQG; năm 2024."
    out = renumber_documents(text, random.Random(1))
    numbers = re.findall(r"(\d+)/", out)
    assert numbers[0] == numbers[1] and out.endswith("năm 2024.")
    assert re.sub(r"\d+/", "N/", out) == re.sub(r"\d+/", "N/", text)


def test_swap_agencies_is_a_consistent_renaming():
    agencies = load_agencies()
    text = "Sở Tài chính phối hợp Sở Nội vụ; Sở Tài chính báo cáo."
    out = swap_agencies(text, agencies, random.Random(3))
    first, second, third = re.findall(r"Sở [^;.]+?(?= phối| báo|;)", out)
    assert first == third and first != second
    assert {first, second}.isdisjoint({"Sở Tài chính", "Sở Nội vụ"})


def test_shuffle_directives_keeps_every_block_and_renumbers():
    body = "1. Một việc.\n- chi tiết a\n2. Hai việc.\n3. Ba việc.\n"
    text = "Kết luận như sau:\n" + body + "Thừa lệnh Chủ tịch...\nNơi nhận:\n"
    seen = set()
    for seed in range(20):
        out = shuffle_directives(text, random.Random(seed))
        assert re.findall(r"^(\d)\. ", out, re.M) == ["1", "2", "3"]
        assert sorted(re.findall(r"\. (\S+) việc", out)) == sorted(["Một", "Hai", "Ba"])
        assert re.search(r"^\d\. Một việc\.\n- chi tiết a\n", out, re.M)  # a block moves whole
        assert out.startswith("Kết luận như sau:\n") and out.endswith("Thừa lệnh Chủ tịch...\nNơi nhận:\n")
        seen.add(out)
    assert len(seen) > 1


def test_shuffle_leaves_text_without_a_clean_numbered_run_alone():
    text = "1. Một.\n3. Ba.\nNơi nhận:\n"
    assert shuffle_directives(text, random.Random(0)) == text


def test_agency_list_integrity():
    agencies = load_agencies()
    assert len(agencies) >= 10 and len(set(agencies)) == len(agencies)
    assert all(a == unicodedata.normalize("NFC", a) and a.startswith("Sở ") and a == a.strip() for a in agencies)
