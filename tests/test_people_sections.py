"""Meeting date and chair in every phrasing, signer, recipients, issuer inference."""

import pytest

from notice_parser import parse_text

CHAIRS = [
    ("Ngày 10 tháng 4 năm 2024, tại Trụ sở UBND tỉnh, đồng chí Đặng Minh Thông, Phó Chủ tịch UBND tỉnh đã chủ trì họp.",
     "2024-04-10", "Đặng Minh Thông", "Phó Chủ tịch UBND tỉnh"),
    ("Ngày 15/12/2021, tại trụ sở UBND tỉnh, Phó Chủ tịch UBND tỉnh Trần Phước Hiền chủ trì cuộc họp.",
     "2021-12-15", "Trần Phước Hiền", "Phó Chủ tịch UBND tỉnh"),
    ("Ngày 01/3/2021, UBND tỉnh tổ chức họp. Buổi họp do đồng chí Nguyễn Tuấn Hà - Phó Chủ tịch Thường trực UBND tỉnh chủ trì.",
     "2021-03-01", "Nguyễn Tuấn Hà", "Phó Chủ tịch Thường trực UBND tỉnh"),
    ("Ngày 02 tháng 6 năm 2021, đồng chí Nguyễn Long Hải, Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng, Phó Bí thư "
     "Tỉnh ủy, Chủ tịch UBND tỉnh chủ trì cuộc họp.", "2021-06-02", "Nguyễn Long Hải", "Chủ tịch UBND tỉnh"),
    ("Chiều ngày 20/5/2023, tại Phòng họp số 1, Chủ trì: đồng chí Lê Thị Mai, Giám đốc Sở Y tế.",
     "2023-05-20", "Lê Thị Mai", "Giám đốc Sở Y tế"),
    ("Sáng ngày 3/1/2025, đồng chí Võ Văn Bình, Chủ tịch UBND tỉnh Quảng Nam chủ trì hội nghị.",
     "2025-01-03", "Võ Văn Bình", "Chủ tịch UBND tỉnh Quảng Nam"),
    # a commune-level chair keeps the level and the place as written (the 2025 levels: xã, phường, đặc khu)
    ("Sáng ngày 4/12/2025, đồng chí Hà Minh Khôi, Chủ tịch UBND phường chủ trì buổi làm việc.",
     "2025-12-04", "Hà Minh Khôi", "Chủ tịch UBND phường"),
    ("Ngày 08/11/2025, Phó Chủ tịch Ủy ban nhân dân xã Ea Kiết Lương Văn Sỹ chủ trì cuộc họp.",
     "2025-11-08", "Lương Văn Sỹ", "Phó Chủ tịch Ủy ban nhân dân xã Ea Kiết"),
    ("Chiều 15/10/2025, đồng chí Trần Hữu Nghĩa - Chủ tịch UBND đặc khu Côn Đảo chủ trì hội nghị.",
     "2025-10-15", "Trần Hữu Nghĩa", "Chủ tịch UBND đặc khu Côn Đảo"),
    ("Ngày 2/9/2024, đồng chí Đinh Thị Lan, Chủ tịch UBND thị trấn chủ trì cuộc họp giao ban.",
     "2024-09-02", "Đinh Thị Lan", "Chủ tịch UBND thị trấn"),
    ("Ngày 21/3/2024, đồng chí Vũ Quốc Hưng, Chủ tịch UBND thị xã Buôn Hồ chủ trì họp.",
     "2024-03-21", "Vũ Quốc Hưng", "Chủ tịch UBND thị xã Buôn Hồ"),
    ("Ngày 12/5/2025, đồng chí Mai Xuân Đức, Chủ tịch UBND thành phố chủ trì cuộc họp.",
     "2025-05-12", "Mai Xuân Đức", "Chủ tịch UBND thành phố"),
    # a cited document's date before the meeting's is not the meeting's
    ("Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh, ngày 10/3/2024, đồng chí Võ Văn Bình, "
     "Chủ tịch UBND tỉnh chủ trì cuộc họp.", "2024-03-10", "Võ Văn Bình", "Chủ tịch UBND tỉnh"),
    # a chair the text names only by a party title; lower-case words after it whose letters happen to
    # spell a surname ("phường Hải Châu", "vụ Đảng") are not a name
    ("Ngày 02/12/2025, đồng chí Bí thư Thành ủy đã làm việc với Ban Thường vụ Đảng ủy phường Hải Châu về nhiệm vụ năm 2026.",
     "2025-12-02", None, "Bí thư Thành ủy"),
    ("Sáng ngày 9/10/2025, đồng chí Phó Bí thư Huyện ủy đã có buổi làm việc với Đảng ủy xã Vũ Lăng.",
     "2025-10-09", None, "Phó Bí thư Huyện ủy"),
    # a surname no list holds, known by the middle name after it ("Văn", "Thị"), behind a degree
    ("Ngày 14/8/2026, Thạc sĩ Cầm Thị Ngọc Yến, Giám đốc Sở Y tế chủ trì cuộc họp.",
     "2026-08-14", "Cầm Thị Ngọc Yến", "Giám đốc Sở Y tế"),
    ("Sáng 3/2/2026, Tiến sĩ Quàng Văn Pọm - Phó Chủ tịch UBND tỉnh chủ trì hội nghị.",
     "2026-02-03", "Quàng Văn Pọm", "Phó Chủ tịch UBND tỉnh"),
    # a body outside the gazetteer after the title, or its head alone for the issuing body itself
    ("Sáng 11/3/2026, đồng chí Bùi Thị Hạnh, Giám đốc Trung tâm Y tế khu vực Ba Vì chủ trì giao ban.",
     "2026-03-11", "Bùi Thị Hạnh", "Giám đốc Trung tâm Y tế khu vực Ba Vì"),
    ("Ngày 20/4/2026, ông Tạ Quang Vinh - Phó Giám đốc Học viện chủ trì cuộc họp.",
     "2026-04-20", "Tạ Quang Vinh", "Phó Giám đốc Học viện"),
    ("Chiều 6/10/2026, Tổng Giám đốc Tổng công ty Phạm Hồng Sơn chủ trì hội nghị.",
     "2026-10-06", "Phạm Hồng Sơn", "Tổng Giám đốc Tổng công ty"),
    # after an honorific or a degree, the capitalised words up to a comma or a dash are the name, whatever its surname
    ("Ngày 5/1/2026, ông Giàng A Páo, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp.",
     "2026-01-05", "Giàng A Páo", "Phó Chủ tịch UBND tỉnh"),
    ("Sáng 14/1/2026, ThS. Sùng A Chứ - Giám đốc Sở Nội vụ chủ trì hội nghị.",
     "2026-01-14", "Sùng A Chứ", "Giám đốc Sở Nội vụ"),
    # a chair named by title only, with another role after it
    ("Ngày 5/1/2026, đồng chí Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo chủ trì cuộc họp.",
     "2026-01-05", None, "Phó Chủ tịch UBND tỉnh"),
    ("Chiều 8/1/2026, đồng chí Bí thư Tỉnh ủy - Trưởng đoàn công tác đã làm việc với Đảng ủy xã Tân Lập.",
     "2026-01-08", None, "Bí thư Tỉnh ủy"),
    # an honorific or a rank (data/frame_cues.json "name_prefixes") is not a surname: "Văn" is the surname here
    ("Ngày 9/7/2026, ông Văn Đức Tài, Chủ tịch UBND xã chủ trì cuộc họp.",
     "2026-07-09", "Văn Đức Tài", "Chủ tịch UBND xã"),
    ("Ngày 9/7/2026, Đại Tá Văn Đức Tài, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp.",
     "2026-07-09", "Văn Đức Tài", "Phó Chủ tịch UBND tỉnh"),
]


def test_a_place_is_not_a_chair_even_when_nobody_else_is():
    notice = parse_text("THÔNG BÁO\nKết luận tại cuộc họp\nNgày 1/2/2024, Chủ tịch UBND tỉnh Quảng Nam chủ trì cuộc họp.\n"
                        "Kết luận như sau:\n1. Sở Y tế rà soát.\n")
    assert notice.meeting.chair is None or notice.meeting.chair.name is None


def test_opening_found_through_ocr_damage():
    # "Chiếu ngày" (a mark misread, and a word, so repair keeps it) still opens the notice where
    # the text is uncertain (an OCR engine's low confidence); the intro "kết luận:" wrapped over
    # two lines is not recognised, so the opening runs to the first numbered item
    from notice_parser.extract import extract_notice
    from notice_parser.uncertainty import Uncertainty

    text = ("THÔNG BÁO\nKết luận của Chủ tịch UBND thành phố\n"
            "Chiếu ngày 28/3/2025, Chủ tịch UBND thành phố Trần Việt Trường chủ\ntrì buổi làm việc. "
            "Chủ tịch UBND thành phố kết\nluận:\n1. Sở Y tế rà soát.\n2. Sở Nội vụ thẩm định.\n")
    at = text.index("Chiếu")
    notice = extract_notice(text, uncertain=Uncertainty.of_spans([(at, at + len("Chiếu"))], text))
    assert notice.meeting.date.isoformat() == "2025-03-28"
    assert notice.meeting.chair.name == "Trần Việt Trường"
    assert [d.agencies[0].name for d in notice.directives] == ["Sở Y tế", "Sở Nội vụ"]


def test_directions_without_a_meeting():
    # "Ý kiến chỉ đạo": no meeting date (the opening cites a document), the title stops before the opening
    notice = parse_text(
        "THÔNG BÁO\nÝ kiến chỉ đạo của Chủ tịch UBND tỉnh Phạm Anh Tuấn\nvề việc xử lý kiến nghị của doanh nghiệp\n"
        "Xét đề nghị của Sở Kế hoạch và Đầu tư tại Văn bản số 312/SKHĐT-DN ngày 10/02/2025, Chủ tịch UBND tỉnh "
        "Phạm Anh Tuấn có ý kiến chỉ đạo như sau:\n- Sở Tài chính bố trí kinh phí.\n")
    assert notice.document.title == "Ý kiến chỉ đạo của Chủ tịch UBND tỉnh Phạm Anh Tuấn về việc xử lý kiến nghị của doanh nghiệp"
    assert notice.meeting.date is None
    assert notice.meeting.chair.name == "Phạm Anh Tuấn"
    assert [a.name for a in notice.directives[0].agencies] == ["Sở Tài chính"]


@pytest.mark.parametrize("opening,date,name,title", CHAIRS)
def test_meeting_date_and_chair(opening, date, name, title):
    notice = parse_text(f"THÔNG BÁO\nKết luận tại cuộc họp\n{opening}\nKết luận như sau:\n1. Sở Y tế rà soát.\n")
    assert notice.meeting.date.isoformat() == date
    assert notice.meeting.chair.name == name
    assert notice.meeting.chair.title == title


HEADER = """ỦY BAN NHÂN DÂN         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH BẮC KẠN               Độc lập - Tự do - Hạnh phúc
Số: 123/TB-UBND            Bắc Kạn, ngày 05 tháng 6 năm 2021
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh
Ngày 02/6/2021, đồng chí Nguyễn Long Hải, Chủ tịch UBND tỉnh chủ trì họp. Kết luận như sau:
1. Sở Nội vụ xem xét.
UBND tỉnh thông báo để các cơ quan thực hiện./.
Nơi nhận:                          TL. CHỦ TỊCH
- CT, các PCT UBND tỉnh;           KT. CHÁNH VĂN PHÒNG
- Sở Nội vụ;                       PHÓ CHÁNH VĂN PHÒNG
- Lưu: VT.
                                   Hoàng Thị Lan
"""


def test_header_signature_and_recipients():
    n = parse_text(HEADER)
    assert n.document.number == "123/TB-UBND"
    assert n.document.issuer == "UBND tỉnh Bắc Kạn"
    assert n.document.place == "Bắc Kạn"
    assert n.document.issue_date.isoformat() == "2021-06-05"
    assert n.document.doc_type == "Thông báo"
    assert n.signer.name == "Hoàng Thị Lan"
    assert n.signer.title == "Phó Chánh Văn phòng"
    assert n.signer.authority == "TL. CHỦ TỊCH; KT. CHÁNH VĂN PHÒNG"
    assert n.recipients == ["CT, các PCT UBND tỉnh", "Sở Nội vụ", "Lưu: VT"]
    assert "123/TB-UBND" not in [c.number for c in n.citations]


ISSUERS = [
    # the place line names the province
    ("Lâm Đồng, ngày 3 tháng 4 năm 2024\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n", "UBND tỉnh Lâm Đồng"),
    # the body names it most often
    ("THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\nNgày 1/2/2024, tại tỉnh Gia Lai, Chủ tịch UBND tỉnh chủ trì.\n"
     "Giao VNPT Gia Lai triển khai.\n", "UBND tỉnh Gia Lai"),
    # a centrally governed city
    ("THÔNG BÁO\nKết luận của Chủ tịch UBND thành phố\nTại thành phố Đà Nẵng, UBND thành phố họp.\n", "UBND thành phố Đà Nẵng"),
    # a header that lost its second line ("TỈNH X") is completed from the body
    ("ỦY BAN NHÂN DÂN\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\nNgày 2/6/2021 họp về Chính quyền điện tử tỉnh Bắc Kạn.\n",
     "UBND tỉnh Bắc Kạn"),
    # a header naming the body in full
    ("VĂN PHÒNG CHÍNH PHỦ\nTHÔNG BÁO\nKết luận của Thủ tướng Chính phủ\n", "Văn phòng Chính phủ"),
    # nothing reveals it
    ("THÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh\nNgày 1/2/2024 họp.\n", "UBND tỉnh"),
    # a stacked header (no columns), the national motto with the old tone placement "HOÀ"
    ("UỶ BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 88/TB-UBND\n\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập - Tự do - Hạnh phúc\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n", "UBND tỉnh Quảng Nam"),
    # a header repeated by a column-blind extraction, and OCR that lost the hook of "ỦY"
    ("ỦY BAN NHÂN DÂN\nSố: 88/TB-UBND\nUY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n",
     "UBND tỉnh Quảng Nam"),
    ("UBND HUYỆN ĐỨC TRỌNG\nTHÔNG BÁO\nKết luận của Chủ tịch UBND huyện\n", "UBND huyện Đức Trọng"),
    # the body's first line lost or unreadable: the province line alone still names it
    ("Ủy BAN NHÂN DÂN — CỘNG HÒA XÃ HỘI CHỦ NGHIiA VIỆT NAM\nTỈNH THÁI NGUYÊN Độc lập - Tự do - Hạnh phúc\nTHÔNG BÁO\n"
     "Kết luận của Chủ tịch UBND tỉnh\n", "UBND tỉnh Thái Nguyên"),
    # OCR damaged the marks of the capitals ("NHÂN DẪN") in a repeated header
    ("ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 156/TB-UBND\nỦY BAN NHÂN DẪN\nTỈNH THÁI NGUYÊN\n"
     "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n", "UBND tỉnh Thái Nguyên"),
    # a department of the province issues the notice
    ("UBND TỈNH ĐỒNG NAI                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ Y TẾ                       Độc lập - Tự do - Hạnh phúc\n"
     "THÔNG BÁO\nKết luận của Giám đốc Sở Y tế tại cuộc họp giao ban\n", "Sở Y tế tỉnh Đồng Nai"),
    ("UBND THÀNH PHỐ HÀ NỘI\nSỞ XÂY DỰNG\nTHÔNG BÁO\nKết luận của Giám đốc Sở\n", "Sở Xây dựng thành phố Hà Nội"),
    # the office's line with a mark lost ("VĂN PHONG", as restoration of capitals may leave it)
    ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\nVĂN PHONG\nSố: 301/TB-VP\nTHÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh\n",
     "Văn phòng UBND tỉnh Hà Tĩnh"),
    ("ỦY BAN NHÂN DÂN * CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH NGHỆ AN Độc lập - Tự do - Hạnh phúc\nTHÔNG BÁO\n"
     "Kết luận của Chủ tịch UBND tỉnh\n", "UBND tỉnh Nghệ An"),
]


@pytest.mark.parametrize("text,issuer", ISSUERS)
def test_issuer_inference(text, issuer):
    assert parse_text(text).document.issuer == issuer


CENTRAL = """VĂN PHÒNG CHÍNH PHỦ
Số: 312/TB-VPCP
Hà Nội, ngày 25 tháng 8 năm 2024
THÔNG BÁO
Kết luận của Phó Thủ tướng Chính phủ Trần Hồng Hà tại cuộc họp về chuyển đổi số
Ngày 20 tháng 8 năm 2024, tại trụ sở Chính phủ, Phó Thủ tướng Chính phủ Trần Hồng Hà đã chủ trì cuộc họp. Phó Thủ tướng kết luận như sau:
1. Bộ Thông tin và Truyền thông chủ trì, phối hợp với Bộ Công an hoàn thiện dự thảo Nghị định, trình Chính phủ trong tháng 9 năm 2024.
Văn phòng Chính phủ thông báo để các cơ quan liên quan biết, thực hiện./.
Nơi nhận:
- Thủ tướng, các PTTg;
- Lưu: VT, KGVX (2b).
KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM
Nguyễn Sỹ Hiệp
"""


def test_central_government_notice():
    n = parse_text(CENTRAL)
    assert n.document.issuer == "Văn phòng Chính phủ"
    assert (n.meeting.chair.name, n.meeting.chair.title) == ("Trần Hồng Hà", "Phó Thủ tướng Chính phủ")
    assert n.meeting.location == "trụ sở Chính phủ"
    (d,) = n.directives
    assert [(a.name, a.role) for a in d.agencies] == [("Bộ Thông tin và Truyền thông", "lead"), ("Bộ Công an", "support")]
    assert d.deadlines[0].date.isoformat() == "2024-09-30"
    assert (n.signer.name, n.signer.title, n.signer.authority) == ("Nguyễn Sỹ Hiệp", "Phó Chủ nhiệm", "KT. BỘ TRƯỞNG, CHỦ NHIỆM")
    assert n.recipients == ["Thủ tướng, các PTTg", "Lưu: VT, KGVX (2b)"]


def test_attendee_bullets_are_not_directives():
    text = ("THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\nNgày 4/4/2024, Chủ tịch UBND tỉnh Hồ Văn Nam chủ trì họp. "
            "Thành phần tham dự theo ý kiến chỉ đạo gồm:\n- Lãnh đạo Sở Y tế;\n- Lãnh đạo Sở Tài chính.\n"
            "Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:\n1. Sở Y tế rà soát.\n2. Sở Tài chính bố trí kinh phí.\n")
    n = parse_text(text)
    assert [d.id for d, _ in n.iter_directives()] == ["1", "2"]


def test_recipients_heading_and_signature_survive_ocr_residue():
    # "Nơi nhìn:" (OCR residue of "Nơi nhận:", a word repair keeps) heads the recipients where the
    # text is uncertain; in clean text it is not the heading, and the signer is found all the same
    text = ("THÔNG BÁO\nKết luận\nNgày 1/2/2024, Chủ tịch UBND tỉnh Hồ Văn Nam chủ trì họp. Kết luận như sau:\n"
            "1. Sở Y tế rà soát.\nMáy thông báo ý kiến kết luận để các sở biết, thực hiện./.\n"
            "Nơi nhìn: TL. CHỦ TỊCH\n- CT, PCT UBND tỉnh; KT. CHÁNH VĂN PHÒNG\n- Sở Y tế; PHÓ CHÁNH VĂN PHÒNG\n"
            "- VPUB: CVP, HCC, Nguyễn Phước Bình\n- Lưu: VT.\n")
    for damaged, recipients in ((None, []), ("nhìn", ["CT, PCT UBND tỉnh", "Sở Y tế"])):
        n = _extract(text, damaged)
        assert n.signer.name == "Nguyễn Phước Bình" and n.signer.title == "Phó Chánh Văn phòng"
        assert n.recipients[:2] == recipients


@pytest.mark.parametrize("line", ["Số: 215/TB-UBND", "So: 215/TB-UBND", "Sở: 215/TB-UBND", "Số:215/TB-UBND."])
def test_document_number_line_survives_damage(line):
    # stripped or mis-restored "Số" (repair may read "So" as "Sở") still labels the number where
    # the text is uncertain (repair's guesses are); "Số" as written needs no doubt
    from notice_parser.extract import extract_notice
    from notice_parser.uncertainty import Uncertainty

    text = f"ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n{line}\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
    at = text.index(line)
    damaged = not line.startswith("Số")
    doubted = Uncertainty.of_spans([(at, at + 2)], text) if damaged else Uncertainty()
    for notice in (extract_notice(text, uncertain=doubted), parse_text(text) if not damaged else None):
        if notice is not None:
            assert notice.document.number == "215/TB-UBND"
            assert notice.document.issuer == "UBND tỉnh Lâm Đồng"
    if damaged:
        assert extract_notice(text).document.number is None  # clean text: "Sở:" is not "Số:"


def test_signer_name_after_the_last_recipients_line():
    # two-column OCR put the signature's name after "Lưu: VT, KGVX."
    text = ("THÔNG BÁO\nKết luận\nNgày 1/2/2024, Chủ tịch UBND tỉnh Hồ Văn Nam chủ trì họp. Kết luận như sau:\n"
            "1. Sở Y tế rà soát.\nVăn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n"
            "Nơi nhận: TL. CHỦ TỊCH\n- CT, các PCT UBND tỉnh; CHÁNH VĂN PHÒNG\n- Lưu: VT, KGVX. Lê Minh Tâm\n")
    n = parse_text(text)
    assert (n.signer.name, n.signer.title) == ("Lê Minh Tâm", "Chánh Văn phòng")


@pytest.mark.parametrize("line", ["- Lưu: VT-GIÁM ĐỐC", "Nơi nhận:-CHỦ TỊCH", "(2b).PHÓ CHÁNH VĂN PHÒNG"])
def test_a_title_glued_to_the_previous_word_is_still_read(line):
    """A title the known-title pattern finds but the trailing-capitals pattern does not (glued to a
    word on its left) once raised IndexError in find_signature (found by make fuzz)."""
    from notice_parser.extract.layout import split_lines
    from notice_parser.extract.people import find_signature

    text = f"Nơi nhận:\n- Như trên;\n{line}\nNguyễn Văn An\n"
    found = find_signature(text, split_lines(text))
    assert found is not None and found.title


# A surname read up to its marks is damage undone only where the text is uncertain: (opening or
# tail, the damaged word, (chair name, chair title) or signer name as written, the same where doubted).
_HEAD = "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
_BODY = " Kết luận như sau:\n1. Sở Y tế rà soát.\n"
DAMAGED_SURNAMES = [
    # the chair's surname with a wrong mark, restored when only one listed surname fits
    ("Chiều ngày 10/4/2023, Chủ tịch UBND tỉnh Lẻ Trí Thanh chủ trì cuộc họp.", "Lẻ",
     (None, "Chủ tịch UBND tỉnh Lẻ Trí Thanh"), ("Lê Trí Thanh", "Chủ tịch UBND tỉnh")),
    # a name between the title and the chair verb, its case and surname damaged
    ("Ngày 3/5/2024, Thủ tướng Chính phủ Phậm minh Chính chủ trì cuộc họp.", "Phậm",
     None, ("Phạm Minh Chính", "Thủ tướng Chính phủ")),
    # a surname before a name in the wrong case ("Hoàng văn Tú"), its mark wrong too
    ("Ngày 3/5/2024, đồng chí Hoáng văn Tú, Giám đốc Sở Y tế chủ trì cuộc họp.", "Hoáng",
     (None, "Giám đốc Sở Y tế"), ("Hoàng Văn Tú", "Giám đốc Sở Y tế")),
]


def _extract(text: str, word: str | None):
    from notice_parser.extract import extract_notice
    from notice_parser.uncertainty import Uncertainty

    at = text.index(word) if word else 0
    return extract_notice(text, uncertain=Uncertainty.of_spans([(at, at + len(word))], text) if word else Uncertainty())


@pytest.mark.parametrize("opening,damaged,as_written,where_doubted", DAMAGED_SURNAMES)
def test_damaged_surnames_are_read_only_where_uncertain(opening, damaged, as_written, where_doubted):
    text = _HEAD + opening + _BODY
    chair = lambda n: n.meeting.chair and (n.meeting.chair.name, n.meeting.chair.title)
    assert chair(_extract(text, None)) == as_written
    assert chair(_extract(text, damaged)) == where_doubted
    assert chair(_extract(text, "Sở Y tế rà")) == as_written  # doubt about other words changes nothing


def test_signers_surname_is_snapped_only_where_uncertain():
    # the line under the signer's title is the name by its place; its surname spelt as listed only
    # where repair doubts it ("Trình" is a word and a name of its own in clean text)
    text = (_HEAD + "Ngày 3/5/2024, Giám đốc Sở Y tế chủ trì họp." + _BODY
            + "Nơi nhận:\n- Như trên;\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrình Mạnh Linh\n")
    assert _extract(text, None).signer.name == "Trình Mạnh Linh"
    assert _extract(text, "Trình").signer.name == "Trịnh Mạnh Linh"


def test_a_chair_by_title_with_its_agency_is_not_a_name():
    # "Giám đốc Sở" + "Y tế": the agency completes the title; "Y" (a surname) does not start a name
    n = _extract(_HEAD + "Ngày 3/5/2024, Giám đốc Sở Y tế chủ trì họp." + _BODY, None)
    assert (n.meeting.chair.name, n.meeting.chair.title) == (None, "Giám đốc Sở Y tế")


# data/frame_cues.json "signing_authorities": every abbreviation opens the signature block's authority
_SIGNING = [
    ("KT", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", "Phó Chủ tịch"),
    ("TM", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "Chủ tịch"),
    ("TL", "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG", "TL. CHỦ TỊCH", "Chánh Văn phòng"),
    ("TUQ", "TUQ. CHỦ TỊCH\nGIÁM ĐỐC", "TUQ. CHỦ TỊCH", "Giám đốc"),
    ("Q", "Q. GIÁM ĐỐC", "Q. GIÁM ĐỐC", "Giám đốc"),
]


@pytest.mark.parametrize(("form", "block", "authority", "title"), _SIGNING)
def test_signing_authorities(form, block, authority, title):
    from notice_parser import parse_text
    head = "ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\nSố: 21/TB-UBND\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n1. Sở Tài chính rà soát.\n"
    signer = parse_text(head + "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n" + block + "\nNguyễn Văn Bình\n").signer
    assert (signer.authority, signer.title, signer.name) == (authority, title, "Nguyễn Văn Bình")


def test_signing_authorities_are_sound_and_each_is_read():
    from notice_parser.extract.header import frame_cues
    forms = frame_cues()["signing_authorities"]
    assert forms and len(forms) == len(set(forms)) and all(f.isupper() and f.isascii() for f in forms)
    assert sorted(forms) == sorted(f for f, *_ in _SIGNING)
