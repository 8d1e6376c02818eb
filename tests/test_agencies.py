"""Agency names and roles: table-driven cases on varied phrasings, beyond the samples."""

import pytest

from notice_parser.extract.agencies import assign_roles, clause_boundaries, find_mentions, settle_level_groups
from notice_parser.uncertainty import CLEAN, Uncertainty


def roles(text, uncertain=CLEAN):
    mentions = find_mentions(text, uncertain=uncertain)
    assign_roles(text, 0, len(text), mentions, clause_boundaries(text, 0, len(text)))
    settle_level_groups(mentions)
    out = []
    for m in mentions:
        if m.generic or m.issuer or not m.role:
            continue
        out.extend((name, m.role) for name in m.names)
    return out


CASES = [
    # subject of the clause is lead
    ("Sở Tài chính chủ trì thẩm định dự án.", [("Sở Tài chính", "lead")]),
    # abbreviations expanded to the canonical name
    ("Sở TT&TT khẩn trương báo cáo.", [("Sở Thông tin và Truyền thông", "lead")]),
    ("STTTT rà soát hạ tầng.", [("Sở Thông tin và Truyền thông", "lead")]),
    ("Giao Sở KH&ĐT tổng hợp.", [("Sở Kế hoạch và Đầu tư", "lead")]),
    # list after "các Sở:" expanded; one body with commas inside stays one
    ("Các Sở: Tài chính, Nội vụ thẩm tra hồ sơ.", [("Sở Tài chính", "lead"), ("Sở Nội vụ", "lead")]),
    ("Các sở: Văn hóa, Thể thao và Du lịch, Y tế triển khai.",
     [("Sở Văn hóa, Thể thao và Du lịch", "lead"), ("Sở Y tế", "lead")]),
    ("các Sở, ngành: Xây dựng, Giao thông vận tải và Công Thương chủ động rà soát.",
     [("Sở Xây dựng", "lead"), ("Sở Giao thông vận tải", "lead"), ("Sở Công Thương", "lead")]),
    # "Sở X, Y" continues with short names
    ("Sở Tài chính, Nội vụ khẩn trương thẩm tra.", [("Sở Tài chính", "lead"), ("Sở Nội vụ", "lead")]),
    # object of giao / đề nghị / yêu cầu is lead; after phối hợp với is support
    ("Đề nghị Công an tỉnh phối hợp với Sở Tư pháp hướng dẫn.", [("Công an tỉnh", "lead"), ("Sở Tư pháp", "support")]),
    ("Yêu cầu Sở Y tế phối hợp chặt chẽ với Sở Giáo dục và Đào tạo.",
     [("Sở Y tế", "lead"), ("Sở Giáo dục và Đào tạo", "support")]),
    ("Chủ trì, phối hợp với Văn phòng UBND tỉnh, Sở Tài chính xây dựng Đề án.",
     [("Văn phòng UBND tỉnh", "support"), ("Sở Tài chính", "support")]),
    # the head of a body stands for the body; "cùng với" is support
    ("Giám đốc Sở Xây dựng cùng với UBND huyện Krông Pắc kiểm tra hiện trường.",
     [("Sở Xây dựng", "lead"), ("UBND huyện Krông Pắc", "support")]),
    # local bodies and telecom branches outside the gazetteer
    ("Đề nghị UBND thành phố Pleiku, Viettel Gia Lai phối hợp với Sở Nội vụ.",
     [("UBND thành phố Pleiku", "lead"), ("Viettel Gia Lai", "lead"), ("Sở Nội vụ", "support")]),
    # names in other positions are not assigned anything
    ("Sở Nội vụ bổ sung biên chế cho Sở Thông tin và Truyền thông, báo cáo UBND tỉnh.", [("Sở Nội vụ", "lead")]),
    ("Tiếp tục thử nghiệm cho đến khi Hội đồng nhân dân tỉnh thông qua Nghị quyết.", []),
    ("Gửi Sở Tài chính trước ngày 17/12/2021 để thẩm định.", []),
    # the issuing authority is never an assignee
    ("UBND tỉnh giao Sở Công Thương chủ trì.", [("Sở Công Thương", "lead")]),
    # an adverbial phrase before the subject
    ("Trong thời hạn 03 ngày làm việc, Văn phòng UBND tỉnh có trách nhiệm trình UBND tỉnh.",
     [("Văn phòng UBND tỉnh", "lead")]),
    # a generic group carries a list on to a named body
    ("Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành liên quan và VNPT Long An triển khai.",
     [("Sở Nội vụ", "lead"), ("VNPT Long An", "support")]),
    # lists of local bodies and abbreviated levels
    ("Giao UBND các huyện: Krông Pắc, Ea Kar và thị xã Buôn Hồ rà soát.",
     [("UBND huyện Krông Pắc", "lead"), ("UBND huyện Ea Kar", "lead"), ("UBND thị xã Buôn Hồ", "lead")]),
    ("UBND TP. Pleiku phối hợp với UBND TX. An Khê.",
     [("UBND thành phố Pleiku", "lead"), ("UBND thị xã An Khê", "support")]),
    # the assignee in parentheses after the task
    ("Rà soát hồ sơ các dự án chậm tiến độ (Sở Tài chính chủ trì, phối hợp Sở Nội vụ).",
     [("Sở Tài chính", "lead"), ("Sở Nội vụ", "support")]),
    ("Đồng chí Giám đốc Sở Tư pháp trực tiếp chỉ đạo.", [("Sở Tư pháp", "lead")]),
    ("Đề nghị Viettel Buôn Hồ hỗ trợ.", [("Viettel Buôn Hồ", "lead")]),
    # a name a letter off after "Sở" (a typo or OCR damage) is matched fuzzily against the
    # gazetteer, in clean text too: "Sở" says a department is named, the guideline writes its
    # canonical name
    ("Văn phòng UBND tỉnh phối hợp với Sở Thông tin và U,ruyén thông chuẩn bị.",
     [("Văn phòng UBND tỉnh", "lead"), ("Sở Thông tin và Truyền thông", "support")]),
    ("Sở Tài nguyen và Moi trường chủ trì.", [("Sở Tài nguyên và Môi trường", "lead")]),
    ("Giao Sở Tài chánh chủ trì.", [("Sở Tài chính", "lead")]),
    ("Các sở, ngành: Giáo dục vào Đào tạo, Y tế phối hợp.", [("Sở Giáo dục và Đào tạo", "support"), ("Sở Y tế", "support")]),
    # but a department the gazetteer does not know keeps its own name
    ("Sở Ngoại Thương chủ trì.", [("Sở Ngoại Thương", "lead")]),
    # OCR residue in generic groups and list heads
    ("Giao Sở Nội vụ chủ trì, phối hợp với các số, ban ngành liên quan và VNPT Long An triển khai.",
     [("Sở Nội vụ", "lead"), ("VNPT Long An", "support")]),
    # post-2025 department names
    ("Sở Nông nghiệp và Môi trường phối hợp với Sở Dân tộc và Tôn giáo.",
     [("Sở Nông nghiệp và Môi trường", "lead"), ("Sở Dân tộc và Tôn giáo", "support")]),
    # wrapped lines inside a name
    ("Sở Thông tin và\n\nTruyền thông chủ trì.", [("Sở Thông tin và Truyền thông", "lead")]),
    # tone-mark placement variants
    ("Sở Văn hoá, Thể thao và Du lịch chủ trì.", [("Sở Văn hóa, Thể thao và Du lịch", "lead")]),
    # ministries
    ("Đề nghị Bộ Thông tin và Truyền thông hướng dẫn.", [("Bộ Thông tin và Truyền thông", "lead")]),
    # a subject followed by "theo dõi" (a verb), unlike "theo quy định"
    ("Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện.", [("Văn phòng UBND tỉnh", "lead")]),
    ("Sở Tài chính theo quy định hiện hành.", []),
    # what a body has done (a report, not an assignment) gives it no role
    ("Thời gian qua, Sở Kế hoạch và Đầu tư đã chủ động tham mưu; Sở Tài chính đã phối hợp tốt.", []),
    # gazetteer bodies "X tỉnh" written with the province's name: the canonical name, or as written
    # for a body whose own name carries its province (data/agencies.json "named_by_place")
    ("Phối hợp với Sở Tài chính và Kho bạc Nhà nước Nghệ An tổng hợp.",
     [("Sở Tài chính", "support"), ("Kho bạc Nhà nước Nghệ An", "support")]),
    ("Đề nghị Kho bạc Nhà nước Quảng Nam kịp thời thanh toán.", [("Kho bạc Nhà nước Quảng Nam", "lead")]),
    ("Cục Thuế tỉnh Nghệ An chủ trì.", [("Cục Thuế tỉnh", "lead")]),
    ("Cục Hải quan Hà Tĩnh phối hợp kiểm tra.", [("Cục Hải quan tỉnh", "lead")]),
    # bodies outside the gazetteer, known by their head word; the name ends at the predicate,
    # at punctuation, or after its place
    ("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh khẩn trương bàn giao mặt bằng.",
     [("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", "lead")]),
    ("Trung tâm Y tế huyện Quế Sơn tổ chức tiêm chủng.", [("Trung tâm Y tế huyện Quế Sơn", "lead")]),
    ("Ban Quản lý dự án đầu tư xây dựng giao thông phối\nhợp với Công an tỉnh bảo đảm an ninh.",  # predicate wrapped
     [("Ban Quản lý dự án đầu tư xây dựng giao thông", "lead"), ("Công an tỉnh", "support")]),
    ("Giao Chi cục Thủy lợi phối hợp với Trung tâm Y tế thị xã Điện Bàn kiểm tra.",
     [("Chi cục Thủy lợi", "lead"), ("Trung tâm Y tế thị xã Điện Bàn", "support")]),
    ("Ngân hàng Chính sách xã hội chi nhánh tỉnh triển khai cho vay.",
     [("Ngân hàng Chính sách xã hội chi nhánh tỉnh", "lead")]),
    ("Phòng Tài nguyên và Môi trường huyện Quế Sơn và Sở Xây dựng rà soát.",
     [("Phòng Tài nguyên và Môi trường huyện Quế Sơn", "lead"), ("Sở Xây dựng", "lead")]),
    ("Hội đồng thẩm định giá đất tỉnh họp thẩm định.", [("Hội đồng thẩm định giá đất tỉnh", "lead")]),
    ("Tổ công tác liên ngành kiểm tra thực địa.", [("Tổ công tác liên ngành", "lead")]),
    ("Giao Trường Đại học Quảng Nam chủ trì.", [("Trường Đại học Quảng Nam", "lead")]),
    # a centrally governed city's bodies say "thành phố" where a province's say "tỉnh"
    ("Phối hợp với Bảo hiểm xã hội thành phố giải quyết.", [("Bảo hiểm xã hội thành phố", "support")]),
    ("Công an thành phố Cần Thơ chủ trì, phối hợp với Kho bạc Nhà nước Cần Thơ.",
     [("Công an thành phố", "lead"), ("Kho bạc Nhà nước Cần Thơ", "support")]),
    # a level of local governments named as a whole is a group: neither lead nor support
    ("Giao UBND các huyện, thành phố rà soát; UBND cấp xã phối hợp.", []),
    ("Giao UBND các huyện, thành phố rà soát; UBND thị xã Sa Pa phối hợp.", [("UBND thị xã Sa Pa", "support")]),
    # district-level bodies (gazetteer): a named district stays in the name
    ("Giao Phòng Tài chính - Kế hoạch huyện tham mưu UBND huyện.", [("Phòng Tài chính - Kế hoạch huyện", "lead")]),
    ("Trung tâm Y tế huyện Krông Pắc, Trung tâm Y tế huyện Ea Kar phối hợp với Phòng Y tế.",
     [("Trung tâm Y tế huyện Krông Pắc", "lead"), ("Trung tâm Y tế huyện Ea Kar", "lead"), ("Phòng Y tế huyện", "support")]),
    ("Văn phòng HĐND và UBND huyện theo dõi, đôn đốc.", [("Văn phòng HĐND và UBND huyện", "lead")]),
    ("Phòng Nông nghiệp và Phát triển nông thôn huyện chủ trì, phối hợp với\nTrạm Trồng trọt và Bảo vệ thực vật, Hạt Kiểm lâm hướng dẫn nông dân.",
     [("Phòng Nông nghiệp và Phát triển nông thôn huyện", "lead"), ("Trạm Trồng trọt và Bảo vệ thực vật", "support"),
      ("Hạt Kiểm lâm", "support")]),
    ("toàn bộ công an xã tham gia", []),
    ("Sau Tài chính công, các sở triển khai.", []),
    # a subject whose whole predicate is "phối hợp" supports; a joint action keeps both as leads
    ("Giao Sở Tài chính thẩm định, trình UBND tỉnh; Sở Nội vụ phối hợp.", [("Sở Tài chính", "lead"), ("Sở Nội vụ", "support")]),
    ("Rà soát quy hoạch (Sở Xây dựng chủ trì; Sở Nội vụ phối hợp thực hiện).",
     [("Sở Xây dựng", "lead"), ("Sở Nội vụ", "support")]),
    ("Sở Tài chính và Sở Nội vụ phối hợp rà soát.", [("Sở Tài chính", "lead"), ("Sở Nội vụ", "lead")]),
    ("UBND các xã tổ chức tuyên truyền.", []),
    # "hỗ trợ X" and "với sự hỗ trợ của X": X is a supporting party (the team's gold convention)
    ("Đề nghị Viettel Hà Tĩnh hỗ trợ UBND xã Thạch Hà lắp đặt thiết bị.",
     [("Viettel Hà Tĩnh", "lead"), ("UBND xã Thạch Hà", "support")]),
    ("Sở Y tế triển khai với sự hỗ trợ của Bảo hiểm xã hội tỉnh.", [("Sở Y tế", "lead"), ("Bảo hiểm xã hội tỉnh", "support")]),
    # head words used as ordinary words are not bodies
    ("Tổ chức triển khai; trường hợp cần thiết, báo cáo Chủ tịch. Hội nghị tổng kết.", []),
    ("Trường hợp vướng mắc, Báo cáo UBND tỉnh.", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_agency_roles(text, expected):
    assert roles(text) == expected


# Look-alikes OCR or restoration leave: read as damage only where the repair stage marks the text
# uncertain (notice_parser.uncertainty); in clean text the words are what the document says.
# (text, as read when uncertain, as read when clean)
DAMAGED_CASES = [
    # a province's name snapped to the list
    ("Đề nghị VNPT Quang Ngôi hỗ trợ.", [("VNPT Quảng Ngãi", "lead")], [("VNPT Quang Ngôi", "lead")]),
    # a list head whose "Sở" OCR damaged, told by its ", ngành"
    ("Thủ trưởng các Sa, ngành: Tài chính, Y tế chủ động nghiên cứu.",
     [("Sở Tài chính", "lead"), ("Sở Y tế", "lead")], []),
    # marks damaged: gazetteer names of 3+ words match on base letters, a level word ending an
    # open name gets its spelling back
    ("1. Phong Nông nghiệp và Phát triển nông thôn huyện chủ trì, phối hợp với So Tai nguyen va Moi truong.",
     [("Phòng Nông nghiệp và Phát triển nông thôn huyện", "lead"), ("Sở Tài nguyên và Môi trường", "support")], []),
    ("Giao Phong Tài chính - Kế hoạch huyện tham mưu.", [("Phòng Tài chính - Kế hoạch huyện", "lead")], []),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tĩnh khẩn trương bàn giao.",
     [("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", "lead")],
     [("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tĩnh", "lead")]),
    # "Sở" read as "SG" / "S6" before a department's name
    ("Giao SG Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với S6 Tài chính.",
     [("Sở Nông nghiệp và Phát triển nông thôn", "lead"), ("Sở Tài chính", "support")], []),
]


@pytest.mark.parametrize("text,damaged,clean", DAMAGED_CASES)
def test_lookalikes_are_read_only_where_the_text_is_uncertain(text, damaged, clean):
    assert roles(text, Uncertainty.everywhere()) == damaged
    assert roles(text) == clean


def test_uncertain_spans_are_local():
    """One damaged word makes its name uncertain, not the rest of the text."""
    text = "Giao SG Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với S6 Tài chính."
    first, second = text.index("SG"), text.index("S6")
    assert roles(text, Uncertainty.of_spans([(first, first + 2)])) == [("Sở Nông nghiệp và Phát triển nông thôn", "lead")]
    assert roles(text, Uncertainty.of_spans([(second, second + 2)])) == [("Sở Tài chính", "support")]


def test_lowercase_so_in_running_text_is_not_an_agency():
    assert roles("trên cơ sở tài chính của đơn vị, toàn bộ cán bộ y tế") == []


def test_predicate_and_head_data_are_well_formed():
    from notice_parser.data import load_json, load_lines

    predicates = load_lines("predicate_starts.txt")
    assert len(predicates) == len(set(predicates)) >= 30
    assert all(p == p.strip().lower() and p for p in predicates)
    # words that stand lowercase inside bodies' names must not end a name
    assert not {"xây dựng", "quản lý", "thẩm định", "trình", "công trình"} & set(predicates)
    heads = load_json("agencies.json")["open_heads"]
    for group in ("capitalised_next", "any_next"):
        assert heads[group] and all(h[:1].isupper() and h == h.strip() for h in heads[group])
    assert not set(heads["capitalised_next"]) & set(heads["any_next"])


# --- Notices of central bodies (issue 15 point 4) -------------------------------------------
# A header names the issuer; in a central body's notice a province's People's Committee is an
# addressee (not the issuer), and "Tỉnh" alone is the province the notice is about.
CENTRAL = "BỘ KẾ HOẠCH\nVÀ ĐẦU TƯ\nSố: 45/TB-BKHĐT\nTHÔNG BÁO\nLàm việc với tỉnh Quảng Trị tại tỉnh Quảng Trị.\n"
LOCAL = "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/TB-UBND\nTHÔNG BÁO\n"

CENTRAL_CASES = [
    # persons map to their bodies
    ("Bộ trưởng Bộ Công Thương chỉ đạo rà soát quy hoạch điện.", [("Bộ Công Thương", "lead")]),
    ("Chủ tịch Ủy ban nhân dân tỉnh Cà Mau chịu trách nhiệm toàn diện.", [("UBND tỉnh Cà Mau", "lead")]),
    # addressee lists expand, both bodies per province where the party secretary is named too
    ("Bộ trưởng các Bộ: Ngoại giao, Tư pháp khẩn trương rà soát.",
     [("Bộ Ngoại giao", "lead"), ("Bộ Tư pháp", "lead")]),
    ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Sơn La, Hải Phòng và Lai Châu chủ động sơ tán dân.",
     [("UBND tỉnh Sơn La", "lead"), ("UBND thành phố Hải Phòng", "lead"), ("UBND tỉnh Lai Châu", "lead")]),
    ("Bí thư Tỉnh ủy, Chủ tịch UBND các tỉnh: Quảng Ngãi, Gia Lai tập trung chỉ đạo.",
     [("Tỉnh ủy Quảng Ngãi", "lead"), ("Tỉnh ủy Gia Lai", "lead"), ("UBND tỉnh Quảng Ngãi", "lead"),
      ("UBND tỉnh Gia Lai", "lead")]),
    ("Các Bộ, cơ quan: Y tế, Công an, Tập đoàn Điện lực Việt Nam theo chức năng, nhiệm vụ được giao khẩn trương báo cáo.",
     [("Bộ Y tế", "lead"), ("Bộ Công an", "lead"), ("Tập đoàn Điện lực Việt Nam", "lead")]),
    ("Đề nghị các Tập đoàn: Điện lực Việt Nam, Công nghiệp - Viễn thông Quân đội bảo đảm điện, sóng.",
     [("Tập đoàn Điện lực Việt Nam", "lead"), ("Tập đoàn Công nghiệp - Viễn thông Quân đội", "lead")]),
    # a province as the acting subject; "Tỉnh" alone is the notice's province
    ("Tỉnh chủ động cân đối ngân sách địa phương.", [("UBND tỉnh Quảng Trị", "lead")]),
    ("Trên cơ sở kết quả rà soát, tỉnh Quảng Trị cần xây dựng kịch bản tăng trưởng.", [("UBND tỉnh Quảng Trị", "lead")]),
    ("Ủy ban nhân dân tỉnh Nghệ An theo chức năng, nhiệm vụ, thẩm quyền khẩn trương bàn giao mặt bằng.",
     [("UBND tỉnh Nghệ An", "lead")]),
    # the subject after an adverbial; "X chỉ đạo Y <action>": both lead
    ("Trên cơ sở đó, Bộ Nội vụ hướng dẫn sắp xếp biên chế.", [("Bộ Nội vụ", "lead")]),
    ("Bộ Quốc phòng chỉ đạo Bộ Chỉ huy Quân sự tỉnh huy động lực lượng.",
     [("Bộ Quốc phòng", "lead"), ("Bộ Chỉ huy Quân sự tỉnh", "lead")]),
    # "phối hợp, hướng dẫn Y" and "làm việc với X" make support
    ("Bộ Tài chính tiếp tục phối hợp, hướng dẫn Bộ Giáo dục và Đào tạo lập dự toán.",
     [("Bộ Tài chính", "lead"), ("Bộ Giáo dục và Đào tạo", "support")]),
    ("Tỉnh chủ động làm việc với Bộ Xây dựng để thống nhất hướng tuyến.",
     [("UBND tỉnh Quảng Trị", "lead"), ("Bộ Xây dựng", "support")]),
    # "các cơ quan thuộc Bộ X" after "phối hợp với": the body takes part
    ("Bộ Y tế phối hợp chặt chẽ với các cơ quan liên quan thuộc Bộ Quốc phòng.",
     [("Bộ Y tế", "lead"), ("Bộ Quốc phòng", "support")]),
    # bodies the gazetteer lacked: party bodies, bodies renamed in 2025, national bodies
    ("Đề nghị Thường trực Tỉnh ủy Quảng Trị lãnh đạo thực hiện.", [("Thường trực Tỉnh ủy Quảng Trị", "lead")]),
    ("Đảng ủy Bộ Tài chính chỉ đạo quán triệt.", [("Đảng ủy Bộ Tài chính", "lead")]),
    ("Giao Kho bạc Nhà nước khu vực VII phối hợp với Thuế tỉnh Quảng Trị đối chiếu số liệu.",
     [("Kho bạc Nhà nước khu vực VII", "lead"), ("Thuế tỉnh Quảng Trị", "support")]),
    ("Giao Ủy ban Dân tộc phối hợp với Ban Tổ chức Trung ương tổng hợp.",
     [("Ủy ban Dân tộc", "lead"), ("Ban Tổ chức Trung ương", "support")]),
    # a Deputy Prime Minister as assignee: the person with the title
    ("Giao Phó Thủ tướng Chính phủ Bùi Thanh Sơn trực tiếp chỉ đạo.", [("Phó Thủ tướng Chính phủ Bùi Thanh Sơn", "lead")]),
    # generic groups and bodies reported to are never assignees; "Ban Quản lý dự án" with no name is a group
    ("Yêu cầu Ban Quản lý dự án, các nhà thầu tập trung nhân lực.", []),
    ("Bộ Xây dựng tổng hợp, báo cáo Thủ tướng Chính phủ, Bộ trưởng Bộ Tài chính.", [("Bộ Xây dựng", "lead")]),
    ("Các bộ, ngành theo chức năng tổ chức thực hiện.", []),
    # the body that asks is not one that acts
    ("Bộ Nội vụ trân trọng đề nghị các bộ, ngành cử cán bộ tham dự.", []),
    # open-class names end where the name ends
    ("Bệnh viện Chợ Rẫy thúc đẩy việc chuyển giao kỹ thuật.", [("Bệnh viện Chợ Rẫy", "lead")]),
    ("Giao Cục Quản lý thị trường kiểm soát chặt chẽ hàng giả.", [("Cục Quản lý thị trường", "lead")]),
    # a national corporation is not a telecom branch named by its place; a head written once for
    # a list, with an item wrapped at its hyphen
    ("Tập đoàn Bưu chính Viễn thông Việt Nam phối hợp với Đài Tiếng nói Việt Nam.",
     [("Tập đoàn Bưu chính Viễn thông Việt Nam", "lead"), ("Đài Tiếng nói Việt Nam", "support")]),
    ("Đề nghị các Tập đoàn: Than - Khoáng sản Việt Nam, Công nghiệp\n- Viễn thông Quân đội báo cáo.",
     [("Tập đoàn Than - Khoáng sản Việt Nam", "lead"), ("Tập đoàn Công nghiệp - Viễn thông Quân đội", "lead")]),
    # a company named in lower case with its legal form; its name runs past lower-case words
    ("Giao Tập đoàn Điện lực Việt Nam làm việc với công ty TNHH Thủy điện Sông Bung, báo cáo.",
     [("Tập đoàn Điện lực Việt Nam", "lead"), ("Công ty TNHH Thủy điện Sông Bung", "support")]),
    # an adverbial opener after a colon is written in lower case
    ("Về kho xăng dầu: với vai trò là chủ đầu tư, Tổng công ty Cảng hàng không Việt Nam chủ động triển khai.",
     [("Tổng công ty Cảng hàng không Việt Nam", "lead")]),
    # a list whose comma was left out before a group of provinces
    ("Bộ Công an, Bộ Tư pháp các tỉnh Bến Tre, Trà Vinh rà soát hồ sơ.",
     [("Bộ Công an", "lead"), ("Bộ Tư pháp", "lead"), ("UBND tỉnh Bến Tre", "lead"), ("UBND tỉnh Trà Vinh", "lead")]),
    # provinces listed in parentheses after "các địa phương"
    ("Bộ Công Thương chủ trì, làm việc với các địa phương (Hà Tĩnh, Nghệ An) để thống nhất phương án.",
     [("Bộ Công Thương", "lead"), ("UBND tỉnh Hà Tĩnh", "support"), ("UBND tỉnh Nghệ An", "support")]),
    # a title before a comma is an apposition, not an adverbial: the body after it is the person's
    ("Liên hệ: Ông Lê Văn Tám - Trưởng phòng, Trường Cao đẳng Y tế, điện thoại 0900.", []),
    # a heading in capitals ends a clause: the paragraph under it starts afresh
    ("MỘT SỐ NHIỆM VỤ\nĐể đạt mục tiêu năm 2025, tỉnh Quảng Trị cần tiếp tục rà soát.", [("UBND tỉnh Quảng Trị", "lead")]),
    # a member singled out of a group ("nhất là", "đặc biệt là") takes the group's role
    ("Yêu cầu các bộ, ngành, cơ quan chủ quản, nhất là Bộ Y tế khẩn trương hoàn thiện hồ sơ.", [("Bộ Y tế", "lead")]),
    ("Bộ Công an phối hợp với các địa phương, đặc biệt là tỉnh Hà Tĩnh truy bắt đối tượng.",
     [("Bộ Công an", "lead"), ("UBND tỉnh Hà Tĩnh", "support")]),
    # "Tỉnh", "Thành phố" enumerated with another level is every province, not the notice's own
    ("Các đồng chí Chủ tịch UBND tỉnh, Thành phố thường xuyên động viên người lao động.", []),
    ("Tỉnh, thành phố chủ động bố trí lực lượng trực ban.", []),
    # bodies named before the 2025 reorganisation keep their head word ("Tổng cục", not "Cục")
    ("Tổng cục Thống kê, Cục Quản lý giá phối hợp cung cấp số liệu.",
     [("Tổng cục Thống kê", "lead"), ("Cục Quản lý giá", "lead")]),
    # "Quốc gia", "Trung ương" close an open name like a proper name: the lower-case word after
    # them is the predicate, whatever verb it is ("đầu tư" also lives inside names)
    ("Tập đoàn Điện lực Việt Nam phối hợp với Tổng công ty Truyền tải điện Quốc gia đầu tư lưới điện.",
     [("Tập đoàn Điện lực Việt Nam", "lead"), ("Tổng công ty Truyền tải điện Quốc gia", "support")]),
    ("Giao Học viện Chính trị Quốc gia Hồ Chí Minh biên soạn tài liệu.", [("Học viện Chính trị Quốc gia Hồ Chí Minh", "lead")]),
]


def roles_after(header, text):
    """Roles in text read as the body of a document that opens with header."""
    doc, lo = header + text, len(header)
    mentions = find_mentions(doc, lo)
    assign_roles(doc, lo, len(doc), mentions, clause_boundaries(doc, lo, len(doc)))
    settle_level_groups(mentions)
    return [(name, m.role) for m in mentions if not (m.generic or m.issuer or not m.role) for name in m.names]


@pytest.mark.parametrize("text,expected", CENTRAL_CASES)
def test_central_notice_roles(text, expected):
    assert roles_after(CENTRAL, text) == expected


LOCAL_CASES = [
    # in a province's own notice its People's Committee is the issuer, another province's is not
    ("Ủy ban nhân dân tỉnh Bắc Giang giao Sở Tài chính chủ trì.", [("Sở Tài chính", "lead")]),
    ("Đề nghị UBND tỉnh Lạng Sơn phối hợp với Sở Công Thương.",
     [("UBND tỉnh Lạng Sơn", "lead"), ("Sở Công Thương", "support")]),
    # a company's legal name keeps its place as written; a public body takes the provincial short form
    ("Công ty Điện lực Bình Định lập phương án cấp điện dự phòng.", [("Công ty Điện lực Bình Định", "lead")]),
    ("Công ty Điện lực tỉnh lập phương án cấp điện dự phòng.", [("Công ty Điện lực tỉnh", "lead")]),
    # colliding abbreviations resolved by context: "TP." before a name is a city, "CT" before UBND a chair
    ("Giao Sở Tài chính, TP. Bắc Giang rà soát.", [("Sở Tài chính", "lead")]),
    ("Các Sở: Tư pháp, CT UBND huyện Lục Nam chịu trách nhiệm.", [("Sở Tư pháp", "lead"), ("UBND huyện Lục Nam", "lead")]),
    # a body a noun phrase belongs to ("… của Ban X") is not who "có trách nhiệm" / "chủ trì" names
    ("Sở Nội vụ là cơ quan thường trực của Hội đồng Thi đua - Khen thưởng tỉnh, có trách nhiệm tổng hợp hồ sơ.",
     [("Sở Nội vụ", "lead")]),
    ("Sở Tư pháp, cơ quan thường trực của Ban Chỉ đạo, chủ trì tổ chức hội nghị.", [("Sở Tư pháp", "lead")]),
    ("Ban Tổ chức Hội chợ chịu trách nhiệm bố trí gian hàng.", [("Ban Tổ chức Hội chợ", "lead")]),
]


@pytest.mark.parametrize("text,expected", LOCAL_CASES)
def test_local_notice_roles(text, expected):
    assert roles_after(LOCAL, text) == expected


PARTY = "TỈNH ỦY NINH BÌNH\nVĂN PHÒNG\n*\nSố 51-TB/VPTU\nĐẢNG CỘNG SẢN VIỆT NAM\nTHÔNG BÁO\n"

PARTY_CASES = [
    # a party office issued it: the province's People's Committee is an assignee like any other body
    ("Ủy ban nhân dân tỉnh chỉ đạo Sở Y tế rà soát cơ sở vật chất.",
     [("UBND tỉnh Ninh Bình", "lead"), ("Sở Y tế", "lead")]),
    # commune-level party committees (2025 organisation) are bodies
    ("Đảng ủy xã Gia Viễn lãnh đạo, chỉ đạo Ủy ban nhân dân xã Gia Viễn hoàn thành giải phóng mặt bằng.",
     [("Đảng ủy xã Gia Viễn", "lead"), ("UBND xã Gia Viễn", "lead")]),
    ("Giao Đảng ủy phường Hoa Lư phối hợp với Ban Tổ chức Tỉnh ủy kiện toàn tổ chức.",
     [("Đảng ủy phường Hoa Lư", "lead"), ("Ban Tổ chức Tỉnh ủy", "support")]),
]


@pytest.mark.parametrize("text,expected", PARTY_CASES)
def test_party_notice_roles(text, expected):
    assert roles_after(PARTY, text) == expected


MINISTRY = "BỘ NÔNG NGHIỆP\nVÀ MÔI TRƯỜNG\nSố: 310/TB-BNNMT\nTHÔNG BÁO\n"

# Bodies inside a ministry: its departments ("Vụ <function>"), its inspectorate and office (named
# with the bare "Bộ"), its agencies and institutes; official names that pair verbs with a comma.
MINISTRY_CASES = [
    ("Vụ Tài chính chủ trì thẩm định dự toán, phối hợp với Vụ Kế hoạch - Đầu tư.",
     [("Vụ Tài chính", "lead"), ("Vụ Kế hoạch - Đầu tư", "support")]),
    # a capitalised first word is the name's own even when the word can open a predicate
    ("Giao Vụ Tổ chức cán bộ rà soát vị trí việc làm.", [("Vụ Tổ chức cán bộ", "lead")]),
    ("Đề nghị Vụ Hợp tác quốc tế tranh thủ nguồn vốn ODA.", [("Vụ Hợp tác quốc tế", "lead")]),
    # the bare "Bộ" ends the name: the next word is the predicate, whatever verb it is
    ("Văn phòng Bộ chuẩn bị địa điểm họp.", [("Văn phòng Bộ", "lead")]),
    ("Thanh tra Bộ lên kế hoạch kiểm tra đột xuất; Văn phòng Bộ phối hợp.",
     [("Thanh tra Bộ", "lead"), ("Văn phòng Bộ", "support")]),
    ("Thanh tra Sở Y tế giám sát việc thực hiện.", [("Thanh tra Sở Y tế", "lead")]),
    # an office named with its ministry is the office, not the ministry, on one line or two
    ("Giao Văn phòng\nBộ Tư pháp tổng hợp ý kiến.", [("Văn phòng Bộ Tư pháp", "lead")]),
    ("Chánh Văn phòng Bộ Xây dựng báo cáo Bộ trưởng.", [("Văn phòng Bộ Xây dựng", "lead")]),
    # a comma inside a pair of an official name ("phòng, chống", "khám, chữa bệnh") continues it
    ("Cục Quản lý đê điều và Phòng, chống thiên tai tổng hợp thiệt hại.",
     [("Cục Quản lý đê điều và Phòng, chống thiên tai", "lead")]),
    ("Phối hợp với Cục Quản lý Khám, chữa bệnh và Vụ Pháp chế hoàn thiện dự thảo.",
     [("Cục Quản lý Khám, chữa bệnh", "support"), ("Vụ Pháp chế", "support")]),
    ("Trung tâm Đào tạo, bồi dưỡng cán bộ biên soạn giáo trình.", [("Trung tâm Đào tạo, bồi dưỡng cán bộ", "lead")]),
    # any other comma ends the name: the next body is the next item of a list
    ("Cục Thủy lợi, Viện Quy hoạch Thủy lợi khẩn trương rà soát.",
     [("Cục Thủy lợi", "lead"), ("Viện Quy hoạch Thủy lợi", "lead")]),
    ("Cục Chăn nuôi, thú y và các địa phương theo dõi dịch bệnh.", [("Cục Chăn nuôi", "lead")]),
    # a verb that also lives inside names ends the name when its object follows
    ("Cục Bảo vệ thực vật xây dựng phương án phòng trừ sâu bệnh.", [("Cục Bảo vệ thực vật", "lead")]),
    ("Viện Kinh tế nông nghiệp thẩm định hồ sơ đề tài; Cục Kinh tế hợp tác trình Bộ trưởng phê duyệt.",
     [("Viện Kinh tế nông nghiệp", "lead"), ("Cục Kinh tế hợp tác", "lead")]),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp bàn giao mặt bằng.",
     [("Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp", "lead")]),
]


@pytest.mark.parametrize("text,expected", MINISTRY_CASES)
def test_ministry_notice_roles(text, expected):
    assert roles_after(MINISTRY, text) == expected


@pytest.mark.parametrize("text", ["Vụ Đông Xuân 2025-2026 gieo cấy đạt kế hoạch.", "Vụ Hè Thu bị ảnh hưởng của hạn mặn."])
def test_a_crop_season_is_not_a_department(text):
    assert find_mentions(text) == []


# Provincial press after the 2025 reorganisation: the newspaper and the broadcaster merged into
# one body ("Báo và Phát thanh, Truyền hình <tỉnh>"); the older names still appear. Written with
# the province's name, that is their own name, in any notice.
PRESS_CASES = [
    (LOCAL, "Báo và Phát thanh, Truyền hình Bắc Giang mở chuyên mục tuyên truyền.",
     [("Báo và Phát thanh, Truyền hình Bắc Giang", "lead")]),
    (LOCAL, "Giao Sở Văn hóa, Thể thao và Du lịch phối hợp với Báo và Phát thanh, Truyền hình tỉnh đưa tin.",
     [("Sở Văn hóa, Thể thao và Du lịch", "lead"), ("Báo và Phát thanh, Truyền hình tỉnh", "support")]),
    (CENTRAL, "Đề nghị Đài Phát thanh và Truyền hình Quảng Trị, Báo Quảng Trị thông tin kịp thời.",
     [("Đài Phát thanh và Truyền hình Quảng Trị", "lead"), ("Báo Quảng Trị", "lead")]),
]


@pytest.mark.parametrize("header,text,expected", PRESS_CASES)
def test_provincial_press_bodies(header, text, expected):
    assert roles_after(header, text) == expected


DEPARTMENT = "UBND TỈNH HÀ TĨNH\nSỞ NỘI VỤ\nSố: 215/TB-SNV\nHà Tĩnh, ngày 04 tháng 3 năm 2026\nTHÔNG BÁO\n"

# A department's own notice gives work to its units (phòng, văn phòng, thanh tra, trung tâm): each
# is named by its function, in words that can also be verbs ("Tổ chức", "Quản lý", "Phục vụ").
# After a head word that counts only before a capital, that capitalised word is the name's.
DEPARTMENT_UNIT_CASES = [
    # "Sở"/"Bộ" alone is the issuing body inside its unit's name: the lower-case word after it is
    # the verb ("xây dựng"), not a department's short name
    ("Phòng Tổ chức hành chính chủ trì, phối hợp với Văn phòng Sở xây dựng quy chế chi tiêu nội bộ.",
     [("Phòng Tổ chức hành chính", "lead"), ("Văn phòng Sở", "support")]),
    ("Thanh tra Sở phối hợp với Phòng Kế hoạch - Tài chính kiểm tra việc quản lý quỹ lương.",
     [("Thanh tra Sở", "lead"), ("Phòng Kế hoạch - Tài chính", "support")]),
    ("Giao Phòng Quản lý văn thư lưu trữ thực hiện số hóa hồ sơ.", [("Phòng Quản lý văn thư lưu trữ", "lead")]),
    ("Trung tâm Kiểm soát bệnh tật cùng với Phòng Tổng hợp rà soát quy trình cấp phát vắc xin.",
     [("Trung tâm Kiểm soát bệnh tật", "lead"), ("Phòng Tổng hợp", "support")]),
    ("Đề nghị Ban Tổ chức hội thi hoàn thành bộ đề thi; Văn phòng Bộ bảo đảm kinh phí.",
     [("Ban Tổ chức hội thi", "lead"), ("Văn phòng Bộ", "lead")]),
    # the same words as verbs, and "thanh tra" before a lower-case word, name nobody
    ("Tổ chức kiểm tra việc thu, chi tại các phòng, ban thuộc Sở.", []),
    ("Thanh tra việc tuyển dụng viên chức tại các đơn vị sự nghiệp.", []),
]


@pytest.mark.parametrize("text,expected", DEPARTMENT_UNIT_CASES)
def test_department_units_roles(text, expected):
    assert roles_after(DEPARTMENT, text) == expected


# A plan's attribute labels (data/directive_cues.json "attribute_lead"/"attribute_support") decide
# the role of the bodies after them, whatever their place in the clause.
LABEL_CASES = [
    ("- Cơ quan chủ trì: Sở Công Thương.\n- Cơ quan phối hợp: Sở Tài chính, Công an tỉnh.",
     [("Sở Công Thương", "lead"), ("Sở Tài chính", "support"), ("Công an tỉnh", "support")]),
    ("Đơn vị thực hiện: Trung tâm Phục vụ hành chính công tỉnh; đơn vị phối hợp: Bưu điện tỉnh.",
     [("Trung tâm Phục vụ hành chính công tỉnh", "lead"), ("Bưu điện tỉnh", "support")]),
    ("+ Phối hợp: Hội Nông dân tỉnh và Tỉnh đoàn.", [("Hội Nông dân tỉnh", "support"), ("Tỉnh đoàn", "support")]),
    # "chủ trì:" after a body's name is no label: that body leads, the list after it spells out work
    ("Sở Y tế chủ trì: kiểm tra an toàn thực phẩm.", [("Sở Y tế", "lead")]),
]


@pytest.mark.parametrize("text,expected", LABEL_CASES)
def test_attribute_labels_give_roles(text, expected):
    assert roles_after(LOCAL, text) == expected


# A contact line names where to ask, not who acts (data/agency_cues.json "contact").
CONTACT_CASES = [
    ("Sở Tư pháp tổng hợp ý kiến. Thông tin chi tiết xin liên hệ: bà Nguyễn Thị Lan, Phòng Văn bản, Sở Tư pháp, "
     "điện thoại 0232.3822.xxx.", [("Sở Tư pháp", "lead")]),
    ("Quá trình thực hiện, nếu có vướng mắc đề nghị liên hệ Văn phòng Bộ (đồng chí Lê Văn Hải, 0912.xxx.xxx) để được "
     "hướng dẫn.", []),
    ("Đầu mối liên hệ: Vụ Kế hoạch - Tài chính.", []),
    # to settle something with a body is not a contact line
    ("Thanh tra Bộ chủ động liên hệ với Sở Y tế để thống nhất lịch làm việc.", [("Thanh tra Bộ", "lead")]),
]


@pytest.mark.parametrize("text,expected", CONTACT_CASES)
def test_a_contact_line_assigns_no_one(text, expected):
    assert roles_after(MINISTRY, text) == expected


# A body named alone on an item's heading line ("3. Công an xã") with its task on the next line:
# a capitalised word followed by a lower-case one opens the sentence below ("Xây dựng phương án"),
# it is not the place of the level word above; a place wrapped onto the next line is capitalised
# throughout ("Ủy ban nhân dân tỉnh" / "Lâm Đồng").
HEADING_LINE_CASES = [
    ("2. Công an phường\nTriển khai lực lượng giữ gìn trật tự tại các điểm vui chơi.", ["Công an phường"]),
    ("4. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã\nBố trí kinh phí tổ chức hội nghị.",
     ["Văn phòng HĐND và UBND xã"]),
    ("1. Giao Ủy ban nhân dân xã\nHòa Bình rà soát hộ nghèo.", ["UBND xã Hòa Bình"]),
    ("Đề nghị Ủy ban nhân dân huyện\nKrông Pắc kiểm tra.", ["UBND huyện Krông Pắc"]),
    # bodies of a commune and the spelling of provincial broadcasters with a dash
    ("Phối hợp với Ủy ban MTTQ xã vận động Nhân dân.", ["Ủy ban Mặt trận Tổ quốc Việt Nam xã"]),
    ("Đài Phát thanh - Truyền hình tỉnh đưa tin.", ["Đài Phát thanh và Truyền hình tỉnh"]),
]


@pytest.mark.parametrize("text,expected", HEADING_LINE_CASES)
def test_a_name_on_a_heading_line_ends_with_the_line(text, expected):
    assert [name for m in find_mentions(text) for name in m.names] == expected


# A provincial body whose own name carries its province's name with no level word (data/agencies.json
# "named_by_place") is named as written, the place kept even when it wraps onto the next line; a
# body named by its level ("Công an tỉnh X", "Công an X") takes the provincial form in its own notice.
PLACE_NAMED_CASES = [
    ("Giao Báo và Phát thanh, Truyền hình Hà Tĩnh mở chuyên mục.", ["Báo và Phát thanh, Truyền hình Hà Tĩnh"]),
    ("Sở Du lịch phối hợp với Báo và Phát thanh, Truyền hình Đắk\nLắk quảng bá.",
     ["Sở Du lịch", "Báo và Phát thanh, Truyền hình Đắk Lắk"]),
    ("Báo Bình Phước đăng tải thông tin.", ["Báo Bình Phước"]),
    ("Kho bạc Nhà nước Thái\nBình kiểm soát chi.", ["Kho bạc Nhà nước Thái Bình"]),
    ("Báo và Phát thanh, Truyền hình tỉnh Cà Mau đưa tin.", ["Báo và Phát thanh, Truyền hình tỉnh"]),
    ("Công an Hải Dương điều tra.", ["Công an tỉnh"]),
]


# Bodies every level below the province has (data/agencies.json "levels": "local") are known at
# each level and keep the place written after them; an office of two bodies joined by "và" is one
# body, while two bodies that each bring their head word stay two.
LOCAL_LEVEL_CASES = [
    ("Đề nghị Ủy ban MTTQ Việt Nam phường Phú Lợi vận động hội viên.",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam phường Phú Lợi"]),
    ("MTTQ xã Ia Grai phối hợp tuyên truyền.", ["Ủy ban Mặt trận Tổ quốc Việt Nam xã Ia Grai"]),
    ("Giao Công an đặc khu Vân Đồn tăng cường tuần tra.", ["Công an đặc khu Vân Đồn"]),
    ("Công an phường 7 lập biên bản các trường hợp vi phạm.", ["Công an phường 7"]),
    ("Ban Chỉ huy quân sự thị trấn Yên Lạc chuẩn bị lực lượng.", ["Ban Chỉ huy Quân sự thị trấn Yên Lạc"]),
    ("Ban CHQS xã sẵn sàng cơ động.", ["Ban Chỉ huy Quân sự xã"]),
    ("Văn phòng HĐND và UBND đặc khu tổng hợp ý kiến.", ["Văn phòng HĐND và UBND đặc khu"]),
    ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường Long Biên đôn đốc.",
     ["Văn phòng HĐND và UBND phường Long Biên"]),
    ("Văn phòng HĐND - UBND quận theo dõi tiến độ.", ["Văn phòng HĐND và UBND quận"]),
    # two bodies, each with its own head: a list, not one name
    ("Sở Xây dựng và Sở Tài chính thẩm định.", ["Sở Xây dựng", "Sở Tài chính"]),
    ("Công an xã và Ban Chỉ huy quân sự xã phối hợp.", ["Công an xã", "Ban Chỉ huy Quân sự xã"]),
    # a province-level body still drops the issuer's province in its own notice
    ("Công an tỉnh chủ trì.", ["Công an tỉnh"]),
    # the head written once for several places, with or without the plural's colon
    ("UBND xã Quảng Phú, xã Quảng Thọ và phường Ba Đồn dọn vệ sinh.",
     ["UBND xã Quảng Phú", "UBND xã Quảng Thọ", "UBND phường Ba Đồn"]),
    ("Công an phường Vĩnh Hải và phường Nha Trang tuần tra.", ["Công an phường Vĩnh Hải", "Công an phường Nha Trang"]),
    ("Giao UBND các xã Đông Hòa, Hòa Xuân thống kê thiệt hại.", ["UBND xã Đông Hòa", "UBND xã Hòa Xuân"]),
    ("UBND xã Ea Tu, xã hội hóa nguồn lực.", ["UBND xã Ea Tu"]),
]


# "và" inside one name: lower-case words after it belong to the name when they run on to its level
# and place ("… và phát triển đô thị tỉnh"); otherwise it joins a second party or predicate.
JOINED_NAME_CASES = [
    ("Ban Quản lý dự án đầu tư xây dựng và phát triển đô thị tỉnh lập hồ sơ.",
     ["Ban Quản lý dự án đầu tư xây dựng và phát triển đô thị tỉnh"]),
    ("Trung tâm Dịch vụ nông nghiệp và khuyến nông huyện Tuy Phước hướng dẫn bà con.",
     ["Trung tâm Dịch vụ nông nghiệp và khuyến nông huyện Tuy Phước"]),
    ("Ban Quản lý dự án giao thông và các nhà thầu đẩy nhanh tiến độ.", ["Ban Quản lý dự án giao thông"]),
    ("Trung tâm Quan trắc môi trường và kiểm tra chất lượng nước thải.", ["Trung tâm Quan trắc môi trường"]),
    # "và các" runs on only to a kind of place named in capitals and a province's name
    ("Ban Quản lý Khu kinh tế Chu Lai và các Khu công nghiệp Quảng Nam rà soát quỹ đất.",
     ["Ban Quản lý Khu kinh tế Chu Lai và các Khu công nghiệp Quảng Nam"]),
    ("Trung tâm Kiểm soát bệnh tật và các trạm y tế xã Tân Phú tổ chức tiêm.", ["Trung tâm Kiểm soát bệnh tật"]),
    # a provincial body's short form before a proper name opens another body's name
    ("Ban Quản lý Khu kinh tế Vân Phong cấp phép đầu tư.", ["Ban Quản lý Khu kinh tế Vân Phong"]),
    ("Ban Quản lý Khu kinh tế hướng dẫn doanh nghiệp.", ["Ban Quản lý Khu kinh tế tỉnh"]),
]


@pytest.mark.parametrize("text,expected", PLACE_NAMED_CASES + LOCAL_LEVEL_CASES + JOINED_NAME_CASES)
def test_names_keep_their_place_and_their_inner_va(text, expected):
    test_a_name_on_a_heading_line_ends_with_the_line(text, expected)  # the same reading: every name found


# A committee named by level and place after a level of committees shares its head word ("UBND các
# huyện ven biển và huyện đảo X"); a longer spelling of a level ("huyện đảo") names the level.
SHARED_HEAD_CASES = [
    ("Chủ tịch UBND các huyện miền núi và huyện đảo Bạch Long Vĩ chủ động sơ tán dân.",
     [("UBND huyện Bạch Long Vĩ", "lead")]),
    ("UBND các xã và thị trấn Phong Điền rà soát danh sách hộ nghèo.", [("UBND thị trấn Phong Điền", "lead")]),
    ("Sở Y tế phối hợp với UBND các huyện và thị xã Hương Trà kiểm tra.",
     [("Sở Y tế", "lead"), ("UBND thị xã Hương Trà", "support")]),
    ("UBND huyện đảo Vân Đồn bố trí lực lượng.", [("UBND huyện Vân Đồn", "lead")]),
]


@pytest.mark.parametrize("text,expected", SHARED_HEAD_CASES)
def test_a_committee_after_a_level_group_shares_its_head(text, expected):
    from notice_parser import parse_text

    (item,) = parse_text(f"{LOCAL}Kết luận như sau:\n1. {text}\n").directives  # the level as a lead is settled there
    assert [(a.name, a.role) for a in item.agencies] == expected


def test_every_local_body_is_known_at_every_level_below_the_province():
    from notice_parser.extract.agencies.gazetteer import local_level_bodies, local_levels

    bodies = [{"name": "Công an xã", "aliases": ["CA xã"], "levels": "local"}]
    names = [b["name"] for b in local_level_bodies(bodies)]
    assert names == [f"Công an {level}" for level in local_levels()]
    assert "thành phố" not in local_levels() and {"xã", "phường", "đặc khu", "thị xã", "huyện"} <= set(local_levels())
    with pytest.raises(ValueError):
        local_level_bodies([{"name": "Công an", "levels": "local"}])


# Who attends is not who acts: the bodies of a participants list ("Thành phần:", "Đại biểu
# mời:") up to the sentence's end are assigned nothing; the next sentence may assign again.
ATTENDANCE_CASES = [
    ("3. Thành phần: Lãnh đạo Sở Tài chính; đại diện Phòng Quản lý ngân sách; Giám đốc Kho bạc Nhà nước tỉnh.", []),
    ("- Đại biểu mời: Ban Dân tộc tỉnh, Hội Nông dân tỉnh. Giao Sở Nội vụ chuẩn bị hội trường.",
     [("Sở Nội vụ", "lead")]),
    # "thành phần" inside a sentence is no label: the subject still leads
    ("Sở Y tế chủ trì rà soát thành phần hồ sơ, phối hợp với Bảo hiểm xã hội tỉnh.",
     [("Sở Y tế", "lead"), ("Bảo hiểm xã hội tỉnh", "support")]),
]


@pytest.mark.parametrize("text,expected", ATTENDANCE_CASES)
def test_a_participants_list_assigns_no_one(text, expected):
    assert roles_after(LOCAL, text) == expected


# A head word in the plural names a kind of body, not one body: a generic group, never a lead —
# unless a list follows or a proper name says which ones.
PLURAL_KIND_CASES = [
    ("Các Trung tâm Y tế khu vực báo cáo số liệu tiêm chủng.", []),
    ("Đề nghị những Ban Quản lý dự án chuyên ngành giải ngân vốn.", []),
    ("Giao Trung tâm Y tế khu vực Đức Phổ báo cáo số liệu.", [("Trung tâm Y tế khu vực Đức Phổ", "lead")]),
    ("Yêu cầu các Bệnh viện Bạch Mai, Chợ Rẫy chuẩn bị giường bệnh.", [("Bệnh viện Bạch Mai", "lead")]),
]


@pytest.mark.parametrize("text,expected", PLURAL_KIND_CASES)
def test_a_head_word_in_the_plural_is_a_group(text, expected):
    assert roles_after(LOCAL, text)[:1] == expected


# Where a name the gazetteer does not know ends: a compound joined by a dash has one word each side
# (then the predicate, even a verb no list names); a function's objects enumerated after a comma
# belong to the name when the predicate follows the last; a linking word that makes one word with
# the next ("trong nước") does not end it, and closes it.
NAME_END_CASES = [
    ("Giao Phòng Văn hóa - Xã hội soạn thảo kế hoạch tuyên truyền.", [("Phòng Văn hóa - Xã hội", "lead")]),
    ("Đề nghị Trung tâm Nội vụ - Lao động gửi danh sách.", [("Trung tâm Nội vụ - Lao động", "lead")]),
    ("Ban Kinh tế - Ngân sách thẩm tra dự toán; Phòng Tài nguyên - Môi trường phối hợp.",
     [("Ban Kinh tế - Ngân sách", "lead"), ("Phòng Tài nguyên - Môi trường", "support")]),
    ("Trung tâm Văn hóa - Thể thao và Truyền thanh xã Yên Dũng tổ chức giải bóng chuyền.",
     [("Trung tâm Văn hóa - Thể thao và Truyền thanh xã Yên Dũng", "lead")]),
    ("Chi cục Quản lý đất đai, khoáng sản và tài nguyên nước có trách nhiệm thẩm định.",
     [("Chi cục Quản lý đất đai, khoáng sản và tài nguyên nước", "lead")]),
    ("Phòng Quản lý xây dựng, kiến trúc và hạ tầng\nkỹ thuật chủ trì, phối hợp với Sở Tài chính.",
     [("Phòng Quản lý xây dựng, kiến trúc và hạ tầng kỹ thuật", "lead"), ("Sở Tài chính", "support")]),
    # ... unless the syllables after the dash's word make a word the gazetteer's names use ("y tế")
    ("Phòng Hành chính - Quản trị phối hợp với Phòng Vật tư - Thiết bị y tế kiểm kê tài sản.",
     [("Phòng Hành chính - Quản trị", "lead"), ("Phòng Vật tư - Thiết bị y tế", "support")]),
    # a predicate word right before "chủ trì", "có trách nhiệm" has no object: the name's last word
    ("Phòng Kế hoạch tổng hợp có trách nhiệm đôn đốc các khoa.", [("Phòng Kế hoạch tổng hợp", "lead")]),
    ("Giao Phòng Tổ chức cán bộ chủ trì, phối hợp với Phòng Điều dưỡng.",
     [("Phòng Tổ chức cán bộ", "lead"), ("Phòng Điều dưỡng", "support")]),
    ("Trung tâm Bảo trợ xã hội lập danh sách đối tượng.", [("Trung tâm Bảo trợ xã hội", "lead")]),
    # other bodies, a clause or a name that names no function after the comma: the name ends there
    ("Phòng Quản lý giá, phòng tài chính và kho bạc phối hợp rà soát.", [("Phòng Quản lý giá", "lead")]),
    ("Giao Phòng Quản lý đê điều, kiểm tra và báo cáo trước ngày 10/5.", [("Phòng Quản lý đê điều", "lead")]),
    ("Trung tâm Bảo trợ xã hội, nhà trường và gia đình phối hợp chăm sóc trẻ em.",
     [("Trung tâm Bảo trợ xã hội", "lead")]),
    ("Vụ Thị trường trong nước chủ trì, phối hợp với Viện Nghiên cứu Chiến lược, Chính sách Công Thương.",
     [("Vụ Thị trường trong nước", "lead"), ("Viện Nghiên cứu Chiến lược", "support")]),
    ("Phối hợp với Cục Xúc tiến thương mại trong nước xây dựng chương trình kích cầu.",
     [("Cục Xúc tiến thương mại trong nước", "support")]),
    # a hospital's departments ("Khoa" before a capital); "Khoa học" is a word, not a department
    ("Khoa Khám bệnh phối hợp với Khoa Gây mê - Hồi sức bố trí phòng mổ.",
     [("Khoa Khám bệnh", "lead"), ("Khoa Gây mê - Hồi sức", "support")]),
    ("Khoa Dinh dưỡng lập thực đơn cho người bệnh; ứng dụng Khoa học công nghệ.", [("Khoa Dinh dưỡng", "lead")]),
    # a national commission: "Ủy ban" before a name that closes with "Quốc gia"
    ("Bộ Tài chính phối hợp với Bộ Tư pháp và Ủy ban Chứng khoán Quốc gia rà soát.",
     [("Bộ Tài chính", "lead"), ("Bộ Tư pháp", "support"), ("Ủy ban Chứng khoán Quốc gia", "support")]),
    ("Đề nghị Ủy\nban An toàn giao thông Quốc gia hướng dẫn.", [("Ủy ban An toàn giao thông Quốc gia", "lead")]),
    ("Ủy ban Nhân dân tỉnh Bắc Giang giao Sở Y tế kiểm tra.", [("Sở Y tế", "lead")]),
]


# Several committees after one level word, the level written again, once, or on the next line;
# a title before each member of a list keeps the list going.
SEVERAL_COMMITTEES_CASES = [
    ("UBND xã Tân Lập, Hòa Sơn và phường Quang Trung kiểm tra đê bao.",
     [("UBND xã Tân Lập", "lead"), ("UBND xã Hòa Sơn", "lead"), ("UBND phường Quang Trung", "lead")]),
    ("Giao Chủ tịch UBND phường Đông Hải, phường\nNam Sơn và đặc khu Bạch Long Vĩ trực tiếp chỉ đạo.",
     [("UBND phường Đông Hải", "lead"), ("UBND phường Nam Sơn", "lead"), ("UBND đặc khu Bạch Long Vĩ", "lead")]),
    ("Công an xã Phú Mỹ, Phú Hòa tăng cường tuần tra.", [("Công an xã Phú Mỹ", "lead"), ("Công an xã Phú Hòa", "lead")]),
    ("Đề nghị Chủ tịch UBND xã Kim Sơn và Chủ tịch UBND phường Yên Thịnh báo cáo.",
     [("UBND xã Kim Sơn", "lead"), ("UBND phường Yên Thịnh", "lead")]),
    ("Giám đốc Sở Nội vụ, Giám đốc Sở Tư pháp thẩm định hồ sơ.", [("Sở Nội vụ", "lead"), ("Sở Tư pháp", "lead")]),
    # a body after the list is no place of it
    ("UBND xã Tân Lập, Sở Y tế và Đoàn Thanh niên phối hợp.",
     [("UBND xã Tân Lập", "lead"), ("Sở Y tế", "lead"), ("Đoàn Thanh niên", "lead")]),
    ("UBND xã Tân Lập, Trưởng Công an xã kiểm tra.", [("UBND xã Tân Lập", "lead")]),
]


@pytest.mark.parametrize("text,expected", NAME_END_CASES + SEVERAL_COMMITTEES_CASES)
def test_where_a_name_ends_and_a_list_of_committees_goes_on(text, expected):
    assert roles_after(LOCAL, text) == expected


# A plan's closing section names its standing or focal body (data/agency_cues.json "lead_after"):
# under a heading in capitals ("IV. TỔ CHỨC THỰC HIỆN") the body that opens the paragraph leads.
STANDING_CASES = [
    ("Sở Nội vụ là cơ quan thường trực, theo dõi, đôn đốc các cơ quan, đơn vị thực hiện.", ["Sở Nội vụ"]),
    ("Sở Tư pháp là đơn vị đầu mối, hướng dẫn và tổng hợp kết quả, báo cáo UBND tỉnh.", ["Sở Tư pháp"]),
    ("Công an tỉnh là thường trực Ban Chỉ đạo, kiểm tra việc triển khai của các đơn vị.", ["Công an tỉnh"]),
    ("Sở Y tế là cơ quan chủ trì, phối hợp với Sở Tài chính đánh giá kết quả.", ["Sở Y tế"]),
]


@pytest.mark.parametrize("paragraph,leads", STANDING_CASES)
def test_a_plans_standing_body_leads(paragraph, leads):
    from notice_parser import parse_text
    notice = parse_text("ỦY BAN NHÂN DÂN\nTỈNH BẾN TRE\nSố: 31/KH-UBND\nKẾ HOẠCH\nPhòng chống thiên tai năm 2026\n"
                        "I. NHIỆM VỤ\n1. Sở Xây dựng rà soát các công trình.\nII. TỔ CHỨC THỰC HIỆN\n" + paragraph +
                        "\nNơi nhận:\n- Lưu: VT.\nCHỦ TỊCH\nTrần Văn Nam\n")
    last = notice.directives[-1]
    assert [a.name for a in last.agencies if a.role == "lead"] == leads



# Fifth held-out round's classes, in phrasings of our own: a party committee's own bodies are one
# body with the committee ("Ban … Tỉnh ủy", "Văn phòng Thành ủy"), not the committee; "X lãnh đạo
# Y …" reads as "X chỉ đạo Y …" (both lead) while "Lãnh đạo Sở X" opening a clause is a title; a
# body after a bare "cùng" supports; a praising subject is the speaker, not an assignee; a
# province's own body keeps the place written after it.
PARTY_BODY_CASES = [
    ("Ban Tổ chức Thành ủy Hải Phòng rà soát quy hoạch cán bộ.", [("Ban Tổ chức Thành ủy Hải Phòng", "lead")]),
    ("Giao Ban Tuyên giáo và Dân vận Thành ủy phối hợp với Văn phòng Tỉnh ủy biên soạn tài liệu.",
     [("Ban Tuyên giáo và Dân vận Thành ủy", "lead"), ("Văn phòng Tỉnh ủy", "support")]),
    ("Ủy ban Kiểm tra Huyện ủy giám sát việc kê khai tài sản.",
     [("Ủy ban Kiểm tra Huyện ủy", "lead")]),
    ("Đảng ủy phường Tân An lãnh đạo UBND phường Tân An lập phương án di dời.",
     [("Đảng ủy phường Tân An", "lead"), ("UBND phường Tân An", "lead")]),
    ("Thành ủy lãnh đạo, chỉ đạo Sở Nội vụ sắp xếp bộ máy.", [("Thành ủy", "lead"), ("Sở Nội vụ", "lead")]),
    ("Lãnh đạo Sở Xây dựng chủ trì buổi làm việc.", [("Sở Xây dựng", "lead")]),
    ("Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo xây dựng quy chế phối hợp.", [("Đảng ủy UBND tỉnh", "lead")]),
    ("Sở Y tế chủ trì, cùng Sở Tài chính thẩm định giá thuốc.", [("Sở Y tế", "lead"), ("Sở Tài chính", "support")]),
    ("Công an tỉnh, Sở Tư pháp cùng Sở Nội vụ kiểm tra hồ sơ.",
     [("Công an tỉnh", "lead"), ("Sở Tư pháp", "lead"), ("Sở Nội vụ", "support")]),
    ("Thường trực Tỉnh ủy Bắc Ninh đánh giá cao kết quả của Sở Công Thương.", []),
    ("Ban Thường vụ Tỉnh ủy biểu dương Công an tỉnh.", []),
    ("Sở Văn hóa, Thể thao và Du lịch phối hợp với Tỉnh đoàn Cà Mau tổ chức giải chạy.",
     [("Sở Văn hóa, Thể thao và Du lịch", "lead"), ("Tỉnh đoàn Cà Mau", "support")]),
    # names: a regional branch of the State Bank is kept as written; after "X và Y" a verb that
    # names also use opens the predicate; "Bộ Tư lệnh …" directed by a ministry leads too
    ("Sở Công Thương phối hợp với Ngân hàng Nhà nước Khu vực 7 kiểm tra các điểm chấp nhận thẻ.",
     [("Sở Công Thương", "lead"), ("Ngân hàng Nhà nước Khu vực 7", "support")]),
    ("Giao Ngân hàng Nhà nước chủ trì xây dựng đề án.", [("Ngân hàng Nhà nước Việt Nam", "lead")]),
    ("Trung tâm Khuyến nông và Thủy sản giám sát vùng nuôi tôm.", [("Trung tâm Khuyến nông và Thủy sản", "lead")]),
    ("Viện Thú y cùng với Cục Chăn nuôi và Thú y hỗ trợ điều tra ổ dịch.",
     [("Viện Thú y", "lead"), ("Cục Chăn nuôi và Thú y", "support")]),
    # a body's parent named in parentheses to identify it is assigned nothing; one acting there is
    ("Sở Y tế phối hợp với Cục Phòng bệnh (Bộ Y tế) chia sẻ thông tin.",
     [("Sở Y tế", "lead"), ("Cục Phòng bệnh", "support")]),
    ("Văn phòng Sở (Phòng Kế hoạch chủ trì) tổng hợp số liệu.", [("Văn phòng Sở", "lead"), ("Phòng Kế hoạch", "lead")]),
    ("Bộ Quốc phòng chỉ đạo Bộ Tư lệnh Bộ đội Biên phòng siết chặt kiểm soát qua biên giới.",
     [("Bộ Quốc phòng", "lead"), ("Bộ Tư lệnh Bộ đội Biên phòng", "lead")]),
]


@pytest.mark.parametrize(("text", "expected"), PARTY_BODY_CASES)
def test_party_bodies_and_directing(text, expected):
    assert roles(text) == expected
