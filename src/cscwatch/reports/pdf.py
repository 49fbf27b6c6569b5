"""Turn a PDF's bytes into page texts and metadata, or a precise reason why that is impossible."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if (
    TYPE_CHECKING
):  # pypdfium2 is imported when a PDF is read (a build with nothing to do reads none)
    import pypdfium2 as pdfium

# Fewer characters than this over the whole document means there is no usable text layer.
MIN_TEXT_CHARS = 200


class UnreadablePDF(Exception):
    """The file cannot be read as a PDF with text; the message says why, for a person."""


@dataclass(frozen=True)
class PDFText:
    pages: list[str]
    metadata: dict[str, str]


def _sniff(data: bytes) -> None:
    if not data:
        raise UnreadablePDF("empty file (0 bytes)")
    head = data[:1024].lstrip().lower()
    if b"%PDF-" in data[:1024]:
        return
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        raise UnreadablePDF("not a PDF: an HTML page saved with a .pdf name")
    if head.startswith(b"pk\x03\x04"):
        raise UnreadablePDF("not a PDF: a ZIP archive (Word or other Office document?)")
    # (never quote the file's bytes: they may be anything, e.g. the file behind a link)
    raise UnreadablePDF("not a PDF: no %PDF header")


def _is_encrypted(doc: pdfium.PdfDocument) -> bool:
    import pypdfium2.raw as pdfium_c

    return pdfium_c.FPDF_GetSecurityHandlerRevision(doc) != -1


def read_pdf(data: bytes) -> PDFText:
    """Extract the text of every page. Raises UnreadablePDF with a precise reason."""
    import pypdfium2 as pdfium

    _sniff(data)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise UnreadablePDF("encrypted PDF: a password is needed to open it") from None
        if b"%%EOF" not in data[-2048:]:
            raise UnreadablePDF(
                f"truncated or damaged PDF (no end-of-file marker): {msg}"
            ) from None
        raise UnreadablePDF(f"damaged PDF: {msg}") from None
    try:
        if len(doc) == 0:
            raise UnreadablePDF("PDF has no pages")
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        metadata = doc.get_metadata_dict(skip_empty=True)
        encrypted = _is_encrypted(doc)
    except pdfium.PdfiumError as exc:
        raise UnreadablePDF(f"damaged PDF: {exc}") from None
    finally:
        doc.close()
    chars = sum(len(p.strip()) for p in pages)
    if chars < MIN_TEXT_CHARS:
        why = "encrypted PDF with text extraction blocked" if encrypted else "no text layer"
        raise UnreadablePDF(
            f"{why}: {chars} characters of text on {len(pages)} pages (scanned images need OCR)"
        )
    return PDFText(pages=pages, metadata=metadata)
