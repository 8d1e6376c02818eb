"""The review signal: per notice, whether a person should check it and why; per directive, a confidence."""

from __future__ import annotations

import pytest

from notice_parser import ParseOptions, parse_text
from notice_parser.repair.offsets import OffsetChain
from notice_parser.review import (HEAVY_REPAIR_SHARE, LOW_OCR_CONFIDENCE, directive_confidence, place_edits,
                                  review_notice)
from notice_parser.schema import (Agency, Deadline, Directive, Document, Edit, Notice, PageInfo, RepairReport, Signer,
                                  Span)

TEXT = "THÔNG BÁO\n1. Sở Tài chính báo cáo trước ngày 15/3/2025.\n"


def make(**changes) -> Notice:
    d = Directive(id="1", label="1.", text="Sở Tài chính báo cáo trước ngày 15/3/2025.", span=Span(start=10, end=53, page=1),
                  agencies=[Agency(name="Sở Tài chính", role="lead", span=Span(start=13, end=25))],
                  deadlines=[Deadline(text="trước ngày 15/3/2025")])
    base = dict(text=TEXT, document=Document(doc_type="Thông báo"), directives=[d], recipients=["Như trên"],
                signer=Signer(name="Lê Văn Bình"), pages=[PageInfo(number=1, method="text", start=0, end=len(TEXT))],
                repair=RepairReport(total_tokens=100))
    base.update(changes)
    return Notice(**base)


def codes(notice: Notice) -> list[str]:
    return [r.code for r in review_notice(notice).review.reasons]


def test_a_complete_clean_notice_needs_no_review():
    notice = review_notice(make())
    assert not notice.review.needs_review and notice.review.reasons == []
    assert notice.review.repaired_share == 0.0 and notice.directives[0].confidence == 1.0


@pytest.mark.parametrize("changes, expected", [
    ({"repair": RepairReport(total_tokens=100, changed_tokens=int(HEAVY_REPAIR_SHARE * 100) + 5)}, ["heavy-repair"]),
    ({"repair": RepairReport(total_tokens=100, changed_tokens=int(HEAVY_REPAIR_SHARE * 100) - 5)}, []),
    ({"pages": [PageInfo(number=1, method="ocr", start=0, end=len(TEXT), ocr_confidence=LOW_OCR_CONFIDENCE - 10)]},
     ["low-ocr-confidence"]),
    ({"pages": [PageInfo(number=1, method="ocr", start=0, end=len(TEXT), ocr_confidence=LOW_OCR_CONFIDENCE + 10)]}, []),
    ({"directives": []}, ["no-directives"]),
    ({"document": Document()}, ["no-doc-type"]),
    ({"recipients": []}, ["no-recipients"]),
    ({"signer": None}, ["no-signature"]),
    ({"signer": Signer(title="PHÓ CHỦ TỊCH")}, ["no-signature"]),
])
def test_each_reason(changes, expected):
    assert codes(make(**changes)) == expected


def _item(id_: str, text: str, **fields) -> Directive:
    return Directive(id=id_, label=f"{id_}.", text=text, span=Span(start=0, end=5), **fields)


HELPER = Agency(name="Sở Nội vụ", role="support")

# The signal names only tasks that give work to somebody the extraction did not find; a task with
# no lead is otherwise what the guideline expects (acknowledgements, groups, an implicit actor).
UNASSIGNED_CASES = [
    (_item("2", "Giao Hợp tác xã Nông nghiệp Tân Phú tổ chức lại sản xuất."), True),   # a name, no lead
    (_item("2", "Rà soát biên chế; đề nghị Quỹ Đầu tư phát triển tỉnh cân đối vốn."), True),
    (_item("2", "Đề nghị đồng chí Giám đốc Trung tâm Khuyến nông báo cáo."), True),  # titles, then the name
    (_item("2", "Chủ trì, phối hợp với Sở Nội vụ rà soát biên chế.", agencies=[HELPER]), True),  # support, no lead
    (_item("2", "Tiếp tục theo dõi, kịp thời báo cáo phát sinh."), False),  # the actor is implicit
    (_item("2", "Ghi nhận, biểu dương các đơn vị đã hoàn thành."), False),  # an acknowledgement
    (_item("2", "Yêu cầu các bộ, ngành khẩn trương đăng ký công trình."), False),  # a group
    (_item("2", "Giao Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm."), False),  # a group
    (_item("2", "Các doanh nghiệp tham gia có trách nhiệm phối hợp với Sở Nội vụ.", agencies=[HELPER]), False),
    (_item("2", "UBND các xã phối hợp với Sở Nội vụ rà soát.", agencies=[HELPER]), False),
    (_item("2", "Giao Hợp tác xã Tân Phú tổ chức sản xuất.", deadlines=[Deadline(text="trong năm 2025")]), True),
    (_item("2", "Giao Sở Nội vụ rà soát.", agencies=[Agency(name="Sở Nội vụ", role="lead", inherited=True)]), False),
]


@pytest.mark.parametrize(("item", "flagged"), UNASSIGNED_CASES)
def test_a_directive_is_named_only_when_its_assignee_was_not_found(item, flagged):
    notice = review_notice(make(directives=[*make().directives, item]))
    assert [r.directives for r in notice.review.reasons if r.code == "directive-unassigned"] == ([["2"]] if flagged else [])


def test_a_heading_is_no_task_to_flag():
    grouped = Directive(id="3", label="3.", text="Giao Hợp tác xã Tân Phú:", span=Span(start=0, end=5), heading=True,
                        children=[_item("3.1", "Tổ chức lại sản xuất.",
                                        agencies=[Agency(name="Hợp tác xã Tân Phú", role="lead", inherited=True)])])
    assert review_notice(make(directives=[*make().directives, grouped])).review.reasons == []


def test_confidence_falls_with_missing_assignee_repairs_and_ocr_doubt():
    d = make().directives[0]
    pages = [PageInfo(number=1, method="text", start=0, end=len(TEXT))]
    clean = directive_confidence(d, pages, [], [])
    unassigned = directive_confidence(d.model_copy(update={"agencies": []}), pages, [], [])
    inherited = directive_confidence(d.model_copy(update={"agencies": [d.agencies[0].model_copy(
        update={"inherited": True})]}), pages, [], [])
    rewrite = [Edit(start=0, end=3, before="So", after="Sở", step="diacritics", score=-1.0, span=Span(start=13, end=33))]
    repaired = directive_confidence(d, pages, rewrite, [])
    doubted = directive_confidence(d, pages, [], [Span(start=14, end=17), Span(start=20, end=25)])
    ocr_page = directive_confidence(d, [PageInfo(number=1, method="ocr", start=0, end=60, ocr_confidence=60.0)], [], [])
    assert clean == 1.0 > inherited > unassigned
    assert clean > repaired and clean > doubted and ocr_page == pytest.approx(0.6)


def test_edits_are_placed_in_the_repaired_text():
    original = "Ket luan cua Pho Chu tich"
    edits = [Edit(start=0, end=3, before="Ket", after="Kết", step="diacritics"),
             Edit(start=4, end=8, before="luan", after="luận", step="diacritics"),
             Edit(start=9, end=9, before="", after="xx", step="glyphs")]
    from notice_parser.repair.offsets import apply_edits

    repaired = apply_edits(original, edits)
    placed = place_edits(edits, OffsetChain().then(edits).to_new, repaired)
    assert [repaired[e.span.start:e.span.end] for e in placed] == ["Kết", "luận", "xx"]


def test_a_notice_typed_without_marks_is_flagged_for_review():
    text = ("UY BAN NHAN DAN\nTINH NINH BINH\nTHONG BAO\nKet luan cua Chu tich UBND tinh tai cuoc hop\n"
            "1. So Tai chinh chu tri, phoi hop voi So Noi vu ra soat bien che, bao cao truoc ngay 15/3/2025.\n"
            "2. So Y te tang cuong kiem tra an toan thuc pham trong dip Tet.\n"
            "Noi nhan:\n- Nhu tren;\n- Luu: VT.\nKT. CHU TICH\nPHO CHU TICH\nTran Van Nam\n")
    notice = parse_text(text, ParseOptions(ocr="never"))
    heavy = [r for r in notice.review.reasons if r.code == "heavy-repair"]
    assert notice.review.needs_review and heavy and notice.review.repaired_share >= HEAVY_REPAIR_SHARE
    assert all(notice.text[e.span.start:e.span.end] == e.after for e in notice.repair.edits)
    assert all(d.confidence is not None and d.confidence < 1.0 for d, _ in notice.iter_directives())
