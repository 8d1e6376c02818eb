"""Options shared by every entry point (library, CLI, batch, nightly)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ParseOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ocr: Literal["auto", "force", "never"] = Field(
        default="auto", description="auto: OCR only the pages whose text layer fails the quality gate"
    )
    repair: bool = Field(default=True, description="run the text-repair stage")
    ocr_language: str = "vie"
    ocr_dpi: int = Field(default=300, ge=72, le=600)
    page_timeout: float = Field(default=120.0, gt=0, description="seconds allowed to OCR one page")
    max_pixels: int = Field(default=50_000_000, gt=0, description="refuse larger images (decompression bombs); "
                            "50 M pixels holds A3 at 400 dpi or A4 at 600 dpi")
    max_pages: int = Field(default=500, gt=0)
    max_bytes: int = Field(default=256_000_000, gt=0, description="refuse larger input files (read at most this "
                           "many bytes, whatever the file claims)")
    timeout: float | None = Field(default=None, gt=0, description="seconds one document may take in all, "
                                  "ProcessingTimeout past it (None: no limit; the CLI's parse gives 600)")
    require_vietnamese: bool = Field(default=True, description="refuse text that is not Vietnamese at all "
                                     "(UnsupportedInput) instead of parsing it into nonsense")
    keep_edits: bool = Field(default=True, description="list every repair edit in the output")
