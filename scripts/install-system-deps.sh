#!/usr/bin/env bash
# Install the Debian packages the pipeline needs when they are missing.
# Idempotent: does nothing (and needs no network) when everything is present.
set -euo pipefail

missing=()
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
# The Vietnamese model is a separate package; look for its traineddata file.
if ! ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata >/dev/null 2>&1; then
    missing+=(tesseract-ocr-vie)
fi
# Orientation detection (pages scanned upside down or on their side): Tesseract's OSD data.
if ! ls /usr/share/tesseract-ocr/*/tessdata/osd.traineddata >/dev/null 2>&1; then
    missing+=(tesseract-ocr-osd)
fi
# Fonts with full Vietnamese coverage, used to render test documents.
ls /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
# A headless browser for the review pages' test (tests/test_export_html.py).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "notice-parser: installing system packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "notice-parser: please install as root: apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
