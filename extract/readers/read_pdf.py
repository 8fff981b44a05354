"""PDF: the text layer page by page (pdfplumber); a scan without text is an error that says so."""

from __future__ import annotations

import hashlib
import io
import zlib

from extract.errors import EmptyDocument, UnreadableFile, UnsafeContent
from extract.model import RawDocument
from extract.readers.limits import DEFAULT_LIMITS, MIB, Limits, human_size
from extract.readers.rules import PAGE_NUMBER_LINE, PDF_CID_GLYPH, PDF_STREAM_START

NO_TEXT = "PDF 无文本层（可能是扫描件）"
OCR_HINT = "请先用 OCR 识别（例如 ocrmypdf --language chi_sim 输入.pdf 输出.pdf），再导入生成的 PDF"
ENCRYPTED_HINT = "请用密码打开后另存为未加密的 PDF（或用 qpdf --decrypt --password=密码 输入.pdf 输出.pdf），或向报送单位索取未加密的版本"
# Lines at each end of a page where a running page number may sit (a header line may come before it).
EDGE_LINES = 2
# A page whose text is mostly "(cid:123)" glyphs has fonts without a Unicode map: nothing to recover.
MAX_CID_SHARE = 0.3


def _check_streams(data: bytes, path: str, limits: Limits) -> None:
    """Refuse a PDF whose Flate streams expand past ``limits.max_pdf_expanded_bytes`` (a decompression bomb).

    pdfminer inflates every stream whole, so a 1 MiB stream of deflated zeros can become gigabytes; each
    stream is inflated here first in 1 MiB steps, counting and discarding the output.
    """
    total = 0
    for m in PDF_STREAM_START.finditer(data):
        start = m.end()
        head = data[start : start + 2]
        if len(head) < 2 or head[0] & 0x0F != 8 or ((head[0] << 8) | head[1]) % 31:
            continue  # not zlib data (images, fonts in other filters, plain streams)
        end = data.find(b"endstream", start)
        inflater = zlib.decompressobj()
        pending = data[start : end if end > 0 else len(data)]
        try:
            while pending and not inflater.eof and total <= limits.max_pdf_expanded_bytes:
                out = inflater.decompress(pending, MIB)
                total += len(out)
                if not out and inflater.unconsumed_tail == pending:
                    break  # no progress (data after the end of the zlib stream)
                pending = inflater.unconsumed_tail
        except zlib.error:
            continue  # a damaged stream: pdfminer reports it, or skips it
        if total > limits.max_pdf_expanded_bytes:
            raise UnsafeContent(
                path,
                f"PDF 中的压缩数据解压后超过 {human_size(limits.max_pdf_expanded_bytes)}（文件本身 {human_size(len(data))}），"
                "疑似“压缩炸弹”，已拒绝",
                "如确认来源可信，请用 Acrobat/WPS 重新导出为 PDF，或只导出含文字的页面后再导入",
            )


def _page_errors() -> tuple[type[BaseException], ...]:
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    return (PdfminerException, PDFException, PSException, ValueError, KeyError, TypeError, IndexError,
            AssertionError, ZeroDivisionError)


def _drop_page_numbers(lines: list[str]) -> list[str]:
    """Remove running page numbers ("— 3 —", "第 3 页", "3/12") alone on a line at a page's top or bottom."""
    n = len(lines)
    edge = set(range(min(EDGE_LINES, n))) | set(range(max(n - EDGE_LINES, 0), n))
    return [line for i, line in enumerate(lines) if not (i in edge and PAGE_NUMBER_LINE.match(line))]


def _open(data: bytes, path: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - parsing the page tree is where damage and encryption show up
        return pdf
    except PdfminerException as err:
        cause = err.args[0] if err.args else err
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise UnreadableFile(path, "PDF 已加密，没有密码无法打开", ENCRYPTED_HINT) from err
        raise UnreadableFile(path, f"PDF 文件已损坏或不完整（{cause}）", "重新下载或重新导出这个 PDF") from err
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        raise UnreadableFile(path, "PDF 已加密，没有密码无法打开", ENCRYPTED_HINT) from err
    except (PDFSyntaxError, ValueError, KeyError, TypeError, EOFError) as err:
        raise UnreadableFile(path, f"PDF 文件已损坏或不完整（{err}）", "重新下载或重新导出这个 PDF") from err


def read_pdf(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read a PDF's text layer, page by page, without running page numbers.

    Args:
        data: the file's bytes.
        path: the path as given.
        limits: ``max_pdf_expanded_bytes`` bounds what the compressed streams may expand to.

    Raises:
        UnsafeContent: the streams expand past the limit (a decompression bomb).
        UnreadableFile: encrypted, damaged, or no text layer ("PDF 无文本层（可能是扫描件）", hint: OCR).
        EmptyDocument: a PDF with no pages.

    Example (a file on disk)::

        read_pdf(Path("通报.pdf").read_bytes(), "通报.pdf").text.splitlines()[0]   # '关于城东片区改造进展的通报'
    """
    PDF_PAGE_ERRORS = _page_errors()  # noqa: N806 - a local constant, imported lazily
    _check_streams(data, path, limits)
    pdf = _open(data, path)
    with pdf:
        if not pdf.pages:
            raise EmptyDocument(path, "PDF 没有任何页面", "重新导出这个 PDF")
        pages: list[str] = []
        blank: list[int] = []
        cid_pages = 0
        for number, page in enumerate(pdf.pages, start=1):
            try:
                raw = page.extract_text() or ""
            except PDF_PAGE_ERRORS as err:  # pdfminer raises these on a damaged content stream
                raise UnreadableFile(path, f"PDF 第 {number} 页无法解析（{err}）", "重新导出这个 PDF") from err
            finally:
                page.close()
            if raw and len("".join(PDF_CID_GLYPH.findall(raw))) > MAX_CID_SHARE * len(raw):
                cid_pages += 1
                raw = ""
            lines = _drop_page_numbers([line for line in raw.split("\n") if line.strip()])
            if lines:
                pages.append("\n".join(lines))
            else:
                blank.append(number)
        total = len(pdf.pages)
    if not pages:
        if cid_pages:
            raise UnreadableFile(path, "PDF 的字体没有 Unicode 映射，文字无法提取（只能得到字形编号）", OCR_HINT)
        raise UnreadableFile(path, NO_TEXT, OCR_HINT)
    notes: list[str] = []
    if blank:
        shown = "、".join(map(str, blank[:10])) + ("……" if len(blank) > 10 else "")
        notes.append(f"共 {total} 页，其中第 {shown} 页没有文字（可能是扫描页或空白页），已跳过")
    return RawDocument(
        path=path, sha256=hashlib.sha256(data).hexdigest(), format="pdf", text="\n".join(pages), size=len(data),
        notes=tuple(notes),
    )
