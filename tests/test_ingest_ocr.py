"""OCR paths of ingestion (Tesseract `vie`). OCR costs ~1–1.5 s per A4 page, so these tests
OCR a handful of pages or page strips; the full CER measurement is bench/bench_ocr.py."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image

from notice_parser.errors import DependencyMissing, ProcessingTimeout
from notice_parser.ingest import ingest_bytes
from notice_parser.ingest import ocr as ocr_mod
from notice_parser.ingest.sniff import PDF, TIFF
from notice_parser.options import ParseOptions

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from cer import cer  # noqa: E402

pytestmark = pytest.mark.slow

SHORT_NOTICE = """Số: 15/TB-UBND
Bà Rịa - Vũng Tàu, ngày 12 tháng 4 năm 2024
THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số
1. Sở Thông tin và Truyền thông khẩn trương hoàn thành thủ tục lựa chọn nhà thầu, báo cáo UBND tỉnh trước ngày 30/4/2024.
2. Sở Tài chính phối hợp thẩm định kinh phí theo Nghị quyết 112/NQ-HĐND ngày 13/12/2019.
Nơi nhận:
- Chủ tịch, các PCT UBND tỉnh;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""


@pytest.fixture(scope="module")
def short_pdf() -> tuple[bytes, str]:
    from _samples import make_samples

    return make_samples.render_text(SHORT_NOTICE)


@pytest.fixture(scope="module")
def page_image(short_pdf) -> Image.Image:
    from _samples import make_samples

    return make_samples.rasterize(short_pdf[0])[0]


def _upper_part(image: Image.Image, fraction: float = 0.5) -> Image.Image:
    return image.crop((0, 0, image.width, int(image.height * fraction)))


def test_scanned_pdf_is_ocred_with_provenance(short_pdf, page_image):
    from _samples import make_samples

    _, truth = short_pdf
    scan = make_samples.images_to_pdf([make_samples.degrade(page_image, seed=7)])
    ingested = ingest_bytes(scan, "scan.pdf")
    assert ingested.media_type == PDF
    [page] = ingested.pages
    assert page.method == "ocr" and "no text layer (scanned page)" in page.reason
    assert not ingested.warnings  # a scan without a text layer is normal
    assert page.ocr_confidence is not None and page.ocr_confidence > 80
    assert cer(truth, ingested.text) < 0.02
    # reading order: header columns one after the other, footer likewise
    text = ingested.text
    assert text.index("Số: 15") < text.index("CỘNG HÒA") < text.index("THÔNG BÁO")
    assert text.index("Nơi nhận") < text.index("- Lưu") < text.index("KT. CHỦ TỊCH") < text.index("Nguyễn Văn An")
    for low in ingested.low_confidence:
        assert text[low.start:low.end] == low.text and low.confidence < ocr_mod.LOW_CONFIDENCE and low.page == 1


@pytest.mark.parametrize("breakage, reason", [("no-tounicode", "undecodable glyphs"),
                                               ("partial-tounicode", "dropped glyphs")])
def test_broken_text_layer_is_detected_and_ocred(breakage, reason):
    from _samples import make_samples

    if breakage == "no-tounicode":
        pdf, truth = make_samples.render_text(SHORT_NOTICE)
        broken = pdf.replace(b"/ToUnicode", b"/NoUnicode")  # glyphs lose their Unicode: (cid:NN)
    else:
        pdf, truth = make_samples.render_text(SHORT_NOTICE, compress=False)
        broken = make_samples.drop_glyphs(pdf)
    ingested = ingest_bytes(broken, "broken.pdf")
    [page] = ingested.pages
    assert page.method == "ocr"
    assert reason in page.reason
    assert any("text layer replaced by OCR" in w.message for w in ingested.warnings)
    assert cer(truth, ingested.text) < 0.02


def test_multipage_tiff_and_png(page_image):
    strip = _upper_part(page_image, 0.3)
    buf = io.BytesIO()
    strip.save(buf, format="TIFF", save_all=True, append_images=[strip.rotate(0)], dpi=(300, 300))
    ingested = ingest_bytes(buf.getvalue(), "scan.tif")
    assert ingested.media_type == TIFF and [p.number for p in ingested.pages] == [1, 2]
    for page in ingested.pages:
        assert page.method == "ocr" and "CỘNG HÒA" in ingested.text[page.start:page.end]
    png = io.BytesIO()
    strip.convert("RGB").save(png, format="PNG")
    assert "THÔNG BÁO" in ingest_bytes(png.getvalue(), "p.png").text


@pytest.mark.parametrize("transpose, turn", [(Image.Transpose.ROTATE_180, 180), (Image.Transpose.ROTATE_90, 90)])
def test_a_turned_page_is_read_upright(page_image, transpose, turn):
    """A page scanned upside down or on its side is turned before OCR, and says so."""
    turned = _upper_part(page_image, 0.5).transpose(transpose)
    buf = io.BytesIO()
    turned.save(buf, format="PNG", dpi=(300, 300))
    ingested = ingest_bytes(buf.getvalue(), "turned.png")
    [page] = ingested.pages
    assert f"turned {turn}° clockwise before OCR" in page.warnings[0]
    assert any(f"turned {turn}°" in w.message for w in ingested.warnings)
    assert page.ocr_confidence > 80
    assert "CỘNG HÒA" in ingested.text and "THÔNG BÁO" in ingested.text


def test_without_osd_data_a_doubtful_page_says_its_orientation_was_not_checked(monkeypatch, page_image):
    monkeypatch.setattr(ocr_mod, "has_osd", lambda: False)
    page = ocr_mod.ocr_image(_upper_part(page_image, 0.2).transpose(Image.Transpose.ROTATE_180))
    assert page.rotation == 0 and page.mean_confidence < ocr_mod.ORIENTATION_CHECK_BELOW
    assert any("install tesseract-ocr-osd" in w for w in page.warnings)


def test_an_upright_page_pays_nothing_for_orientation(monkeypatch, page_image):
    calls = []
    real_run = ocr_mod.subprocess.run

    def spy(cmd, **kwargs):
        calls.append(cmd)
        return real_run(cmd, **kwargs)

    monkeypatch.setattr(ocr_mod.subprocess, "run", spy)
    page = ocr_mod.ocr_image(_upper_part(page_image, 0.3))
    assert page.rotation == 0 and page.mean_confidence > ocr_mod.ORIENTATION_CHECK_BELOW
    assert len(calls) == 1 and "--psm" in calls[0] and calls[0][calls[0].index("--psm") + 1] == str(ocr_mod.PSM)


@pytest.mark.parametrize("text, expected", [
    ("Page number: 0\nOrientation in degrees: 180\nRotate: 180\nOrientation confidence: 18.86\n"
     "Script: Latin\nScript confidence: 18.33\n", (180, 18.86)),
    ("Page number: 0\nOrientation in degrees: 270\nRotate: 90\nOrientation confidence: 23.98\n", (90, 23.98)),
    ("Rotate: 45\nOrientation confidence: 3\n", None),  # not a quarter turn
    ("Too few characters. Skipping this page\n", None),
    ("Rotate: x\nOrientation confidence: 1\n", None),
])
def test_osd_output_parsing(text, expected):
    assert ocr_mod.parse_osd(text) == expected


def test_force_ocr_on_a_good_text_layer(short_pdf):
    pdf, truth = short_pdf
    ingested = ingest_bytes(pdf, "x.pdf", ParseOptions(ocr="force"))
    assert ingested.pages[0].method == "ocr" and "forced" in ingested.pages[0].reason
    assert cer(truth, ingested.text) < 0.01


def test_page_timeout(page_image):
    with pytest.raises(ProcessingTimeout, match="longer than 0.01 s"):
        ocr_mod.ocr_image(page_image, timeout=0.01)


def test_missing_tesseract_names_the_package(monkeypatch):
    ocr_mod.check_tesseract.cache_clear()
    monkeypatch.setattr(shutil, "which", lambda name: None)
    try:
        with pytest.raises(DependencyMissing, match="tesseract-ocr-vie"):
            ocr_mod.check_tesseract("vie")
    finally:
        ocr_mod.check_tesseract.cache_clear()


def test_missing_language_names_the_package():
    with pytest.raises(DependencyMissing, match="apt-get install tesseract-ocr-xyz"):
        ocr_mod.check_tesseract("vie+xyz")


def test_tesseract_runs_single_threaded(monkeypatch, page_image):
    seen = {}
    real_run = ocr_mod.subprocess.run

    def spy(cmd, **kwargs):
        seen["env"] = kwargs.get("env")
        return real_run(cmd, **kwargs)

    monkeypatch.setattr(ocr_mod.subprocess, "run", spy)
    ocr_mod.ocr_image(page_image.crop((0, 0, 600, 300)))
    assert seen["env"]["OMP_THREAD_LIMIT"] == "1"


def test_tsv_parsing_keeps_confidences():
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t96.5\tThông\n"
           "5\t1\t1\t1\t1\t2\t45\t20\t25\t12\t41.0\tbáo\n"
           "4\t1\t1\t1\t1\t0\t10\t20\t60\t12\t-1\t\n"
           "5\t1\t1\t1\t1\t3\t75\t20\t5\t12\t-1\t \n")
    words = ocr_mod.parse_tsv(tsv)
    assert [(w.text, w.conf, w.x0, w.x1) for w in words] == [("Thông", 96.5, 10, 40), ("báo", 41.0, 45, 70)]


@pytest.mark.parametrize("text, conf, expected", [
    ("CÐSQG", 97.0, "CĐSQG"),  # Latin Eth is never Vietnamese
    ("CĐÐSQG", 64.0, "CĐSQG"),  # two hypotheses for one glyph, uncertain word
    ("HDĐND", 22.7, "HĐND"),
    ("ĐĐBQH", 96.0, "ĐĐBQH"),  # a genuine double Đ read confidently stays
    ("HDĐND", 96.0, "HDĐND"),
    ("Đồng", None, "Đồng"),
])
def test_glyph_confusions(text, conf, expected):
    assert ocr_mod.fix_glyph_confusions(text, conf) == expected


@pytest.mark.parametrize("angle", [0.0, 0.6, -1.2, 2.5])
def test_deskew_finds_the_rotation(page_image, angle):
    from notice_parser.ingest.preprocess import deskew, skew_angle

    rotated = page_image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert abs(skew_angle(rotated) + angle) <= 0.15
    if angle == 0.0:
        assert deskew(rotated) is rotated  # a straight page is not resampled


def test_deskew_of_a_blank_page():
    from notice_parser.ingest.preprocess import skew_angle

    assert skew_angle(Image.new("L", (400, 600), 255)) == 0.0
