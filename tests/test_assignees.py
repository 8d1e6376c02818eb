"""Who must act, on whole notices: what sub-items inherit from the item above them, generic
groups (a level of local committees among them), and the review signal of items that assign nobody (issue 15, point 4)."""

from __future__ import annotations

import pytest

from notice_parser import parse_text

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG BÌNH\nSố: 77/TB-UBND\nQuảng Bình, ngày 10 tháng 3 năm 2025\nTHÔNG BÁO\n"
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp\n"
        "Ngày 05/3/2025, Chủ tịch UBND tỉnh chủ trì cuộc họp. Chủ tịch UBND tỉnh kết luận như sau:\n")
TAIL = "Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n"


def agencies_by_item(body: str, head: str = HEAD) -> dict[str, set[tuple[str, str]]]:
    notice = parse_text(head + body + TAIL)
    return {d.id: {(a.name, a.role) for a in d.agencies} for d, _ in notice.iter_directives()}


# A lead-in ("Giao A chủ trì, phối hợp với B …:") hands its sub-items the whole assignment: the
# lead and the supporting bodies (tests/reference/ANNOTATION.md, "Parent items").
LEAD_IN_CASES = [
    ("1. Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính và các đơn vị liên quan:\n"
     "- Rà soát quỹ đất tái định cư trên địa bàn các huyện ven biển, xác định vị trí, diện tích và hiện trạng "
     "từng khu, đề xuất thứ tự ưu tiên đầu tư hạ tầng kỹ thuật cho các khu đủ điều kiện.\n"
     "- Tổng hợp nhu cầu vốn đầu tư xây dựng các khu tái định cư, cân đối với khả năng ngân sách tỉnh và "
     "nguồn vốn trung ương hỗ trợ, báo cáo UBND tỉnh xem xét quyết định.\n",
     {"1.1": {("Sở Xây dựng", "lead"), ("Sở Tài chính", "support")},
      "1.2": {("Sở Xây dựng", "lead"), ("Sở Tài chính", "support")}}),
    ("2. Sở Nội vụ chủ trì, cùng với Sở Tư pháp thực hiện các nội dung sau:\n"
     "a) Hướng dẫn sắp xếp bộ máy các đơn vị sự nghiệp.\nb) Kiểm tra việc thực hiện quy chế dân chủ ở cơ sở.\n",
     {"2.a": {("Sở Nội vụ", "lead"), ("Sở Tư pháp", "support")},
      "2.b": {("Sở Nội vụ", "lead"), ("Sở Tư pháp", "support")}}),
    # a sub-item with its own assignee keeps only its own
    ("3. Giao Sở Y tế chủ trì, phối hợp với Bảo hiểm xã hội tỉnh:\n"
     "a) Rà soát danh mục thuốc bảo hiểm.\nb) Sở Tài chính thẩm định dự toán mua sắm.\n",
     {"3.a": {("Sở Y tế", "lead"), ("Bảo hiểm xã hội tỉnh", "support")},
      "3.b": {("Sở Tài chính", "lead")}}),
]


@pytest.mark.parametrize(("body", "expected"), LEAD_IN_CASES)
def test_sub_items_of_a_lead_in_inherit_its_lead_and_support(body, expected):
    got = agencies_by_item(body)
    for item, agencies in expected.items():
        assert got[item] == agencies, item


def test_a_parent_that_is_not_a_lead_in_passes_only_its_lead():
    # the parent's own sentence is a task of its own; its support helps with that task only
    got = agencies_by_item("1. Sở Công Thương phối hợp với Sở Tài chính kiểm tra giá xăng dầu.\n"
                           "a) Báo cáo kết quả hằng tháng.\n")
    assert got["1.a"] == {("Sở Công Thương", "lead")}


def test_a_topic_heading_that_ends_inside_its_line_does_not_cut_the_next_line():
    # "Về …:" ends the heading at the colon; the wrapped adverbial after it still leads to the subject
    got = agencies_by_item("1. Về kho xăng dầu: với vai\ntrò là chủ đầu tư, Tổng công ty Cảng hàng không Việt Nam "
                           "chủ động làm việc với Sở Xây dựng.\n")
    assert got["1"] == {("Tổng công ty Cảng hàng không Việt Nam", "lead"), ("Sở Xây dựng", "support")}


CENTRAL_HEAD = ("BỘ NÔNG NGHIỆP\nVÀ MÔI TRƯỜNG\nSố: 812/BNNMT-TL\nV/v chủ động phòng, chống hạn hán\n"
                "Hà Nội, ngày 02 tháng 4 năm 2025\nKính gửi: Ủy ban nhân dân các tỉnh, thành phố.\n"
                "Bộ Nông nghiệp và Môi trường đề nghị như sau:\n")

DISTRICT_HEAD = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\nSố: 15/TB-UBND\nĐức Trọng, ngày 12 tháng 5 năm 2025\nTHÔNG BÁO\n"
                 "Kết luận của Chủ tịch UBND huyện tại cuộc họp\nNgày 08/5/2025, Chủ tịch UBND huyện chủ trì cuộc họp. "
                 "Chủ tịch UBND huyện kết luận như sau:\n")

# A level of local committees named as a whole is a generic group (ANNOTATION.md, "Not leads"):
# never a lead, never a support, in any notice and in any position — the heading an item is
# addressed to included, whose sub-items then have no lead unless they name a body themselves.
LEVEL_GROUP_CASES = [
    # the level as the subject of a sentence: no lead, and no one else's assignee either
    (HEAD, "1. UBND các xã, phường theo dõi chặt chẽ giá cả thị trường, kịp thời báo cáo phát sinh.\n",
     {"1": set()}),
    (HEAD, "1. Giao Ủy ban nhân dân cấp huyện rà soát hộ nghèo, hoàn thành trong quý II/2025.\n", {"1": set()}),
    (HEAD, "1. Sở Nông nghiệp và Môi trường:\na) Hướng dẫn kỹ thuật gieo trồng vụ Hè Thu.\n"
           "b) UBND các xã, thị trấn tuyên truyền nông dân xuống giống đúng lịch thời vụ.\n",
     {"1.a": {("Sở Nông nghiệp và Môi trường", "lead")}, "1.b": set()}),
    # a named body listed with the level keeps its role
    (HEAD, "2. Công an tỉnh và Chủ tịch UBND các xã, phường, đặc khu tăng cường tuần tra ban đêm.\n",
     {"2": {("Công an tỉnh", "lead")}}),
    # the heading an item is addressed to: its sub-items have no lead ...
    (HEAD, "2. UBND các huyện, thị xã:\na) Kiểm tra các hồ chứa xung yếu trước mùa mưa.\n"
           "b) Chuẩn bị phương án sơ tán dân ở vùng trũng thấp.\n",
     {"2.a": set(), "2.b": set()}),
    (DISTRICT_HEAD, "3. Đối với Chủ tịch UBND các xã, thị trấn:\na) Rà soát diện tích cây trồng bị hạn.\n"
                    "b) Tổng hợp nhu cầu hỗ trợ giống gửi Phòng Nông nghiệp huyện.\n",
     {"3.a": set(), "3.b": set()}),
    # ... unless a sub-item names a body itself
    (HEAD, "4. Đối với Ủy ban nhân dân các xã, phường:\na) Vận động nhân dân nạo vét kênh mương nội đồng.\n"
           "b) UBND xã Quảng Phú và phường Đồng Sơn di dời các hộ dân ven sông trước ngày 20/9/2025.\n",
     {"4.a": set(), "4.b": {("UBND xã Quảng Phú", "lead"), ("UBND phường Đồng Sơn", "lead")}}),
    (CENTRAL_HEAD, "1. Ủy ban nhân dân các xã, phường:\na) Kiểm tra các công trình thủy lợi nhỏ trên địa bàn.\n"
                   "b) Vận động nhân dân sử dụng nước tiết kiệm.\n",
     {"1.a": set(), "1.b": set()}),
    # as a supporting party the level is no support either
    (HEAD, "3. Sở Y tế chủ trì, phối hợp với UBND các xã, phường tổ chức tiêm chủng mở rộng.\n",
     {"3": {("Sở Y tế", "lead")}}),
    (HEAD, "3. Sở Công Thương phối hợp với UBND cấp xã và Công an tỉnh kiểm tra các cửa hàng xăng dầu.\n",
     {"3": {("Sở Công Thương", "lead"), ("Công an tỉnh", "support")}}),
]


@pytest.mark.parametrize(("head", "body", "expected"), LEVEL_GROUP_CASES)
def test_a_level_of_local_committees_is_never_assigned(head, body, expected):
    got = agencies_by_item(body, head)
    for item, agencies in expected.items():
        assert got[item] == agencies, item


def test_a_heading_in_capitals_on_the_items_own_line_ends_a_clause():
    # the label's line is the heading ("III. TỔ CHỨC THỰC HIỆN"); the paragraph under it has its own subject
    got = agencies_by_item("III. TỔ CHỨC THỰC HIỆN\nSở Nội vụ hướng dẫn, kiểm tra các đơn vị "
                           "thực hiện Kế hoạch này.\n")
    assert got["III"] == {("Sở Nội vụ", "lead")}
