"""Preview a drafted .docx as PDF and PNG pages through LibreOffice, with free stand-ins for the official fonts.

The official fonts of GB/T 9704-2012 (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) are commercial and
absent from Linux machines.  LibreOffice would fall back to whatever fontconfig offers for Chinese — often a sans
face for every style — so the preview would not show the difference between title, body and headings.
``generate/fonts/duban-fonts.conf`` maps each official name (and its usual variants: 仿宋, FangSong_GB2312,
方正仿宋_GBK …) to the Fandol fonts of TeX Live (FandolFang/Kai/Hei/Song), with Noto CJK as the fallback.

The mapping is applied only to the LibreOffice process of the preview, through ``FONTCONFIG_FILE`` pointing at
a small generated file that includes the system configuration first and ours after it, so no system font is
hidden and nothing on the machine is changed.  The fonts actually used are read back with ``fc-match`` under
the same configuration and named in :attr:`Preview.note`: a preview is never mistaken for the issued layout.
"""

from __future__ import annotations

import functools
import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from generate.render import GenerateError

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_CONFIG = FONTS_DIR / "duban-fonts.conf"

# Where Debian's texlive-lang-chinese (and a TeX Live installed by hand) put the Fandol fonts.  TeX Live's
# font folders are not in the system fontconfig path, so the preview adds them.
FANDOL_DIRS = (
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
    "/usr/share/texmf/fonts/opentype/public/fandol",
    "/usr/local/texlive/*/texmf-dist/fonts/opentype/public/fandol",
    "/usr/local/share/fonts/fandol",
)
SYSTEM_FONT_CONFIGS = ("/etc/fonts/fonts.conf", "/usr/local/etc/fonts/fonts.conf")

APT_LIBREOFFICE = "apt-get install -y --no-install-recommends libreoffice-writer-nogui"
APT_POPPLER = "apt-get install -y --no-install-recommends poppler-utils"
APT_FONTS = "apt-get install -y --no-install-recommends fonts-noto-cjk texlive-lang-chinese"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The parts of a .docx that can name fonts for visible text.
_FONT_PARTS = re.compile(r"^word/(document|styles|header\d*|footer\d*)\.xml$")
# pages="2" or pages="2-3"
_PAGE_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
# pdftoppm names pages PREFIX-1.png, or PREFIX-01.png when the document has 10 pages or more
_PNG_PAGE = re.compile(r"-(\d+)\.png$")


class PreviewError(GenerateError):
    """The preview could not be made (LibreOffice failed, timed out, or gave no PDF)."""

    code = "E310"


class PreviewToolMissing(PreviewError):
    """A program the preview needs (soffice, pdftoppm, fc-match) is not installed."""

    code = "E311"


@dataclass(frozen=True, slots=True)
class Preview:
    """The PDF and PNG pages of a preview, and the fonts that stood in for the official ones.

    ``substitutes`` maps each font the document names but the machine lacks to the font fontconfig gives
    LibreOffice for it, e.g. ``{"仿宋_GB2312": "FandolFang", "黑体": "FandolHei"}``.
    """

    pdf: Path
    pngs: tuple[Path, ...]
    substitutes: dict[str, str] = field(default_factory=dict)
    note: str = ""


def _which(program: str, package_hint: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise PreviewToolMissing(f"预览需要 {program}，本机没有找到", f"安装后重试：{package_hint}")
    return path


def fandol_dirs() -> list[str]:
    """The folders holding the Fandol fonts on this machine (none when texlive-lang-chinese is absent)."""
    found: list[str] = []
    for pattern in FANDOL_DIRS:
        for d in sorted(glob.glob(pattern)):
            real = os.path.realpath(d)
            if os.path.isdir(real) and real not in found:
                found.append(real)
    return found


def write_font_config(path: str | Path, *, extra_dirs: Iterable[str] | None = None) -> Path:
    """Write a fontconfig file that includes the system configuration, then duban's font mapping.

    Args:
        path: where to write it (a temporary folder: it is used only for one LibreOffice run).
        extra_dirs: font folders to add; by default the Fandol folders found by :func:`fandol_dirs`.

    Returns:
        The path, for ``FONTCONFIG_FILE``.

    Example:
        >>> conf = write_font_config("/tmp/x/fonts.conf")  # doctest: +SKIP
        >>> # FONTCONFIG_FILE=/tmp/x/fonts.conf fc-match 仿宋_GB2312  →  FandolFang
    """
    path = Path(path)
    dirs = fandol_dirs() if extra_dirs is None else list(extra_dirs)
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
    ]
    # The configuration in force before ours (a user's own FONTCONFIG_FILE, else the system one) comes
    # first, so every system font and rule stays; ours only adds folders and aliases.
    inherited = os.environ.get("FONTCONFIG_FILE")
    systems = [inherited] if inherited else [c for c in SYSTEM_FONT_CONFIGS if os.path.exists(c)]
    for conf in systems[:1]:
        lines.append(f'  <include ignore_missing="yes">{escape(conf)}</include>')
    lines += [f"  <dir>{escape(d)}</dir>" for d in dirs]
    lines.append(f"  <include>{escape(str(FONT_CONFIG))}</include>")
    lines.append("</fontconfig>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def document_fonts(docx_path: str | Path) -> list[str]:
    """The font names a .docx asks for (East Asian and Latin slots of styles, body, headers and footers).

    Example:
        >>> document_fonts("总结.docx")  # doctest: +SKIP
        ['Times New Roman', '仿宋_GB2312', '宋体', '方正小标宋简体', '楷体_GB2312', '黑体']
    """
    names: set[str] = set()
    with zipfile.ZipFile(docx_path) as z:
        for part in z.namelist():
            if not _FONT_PARTS.match(part):
                continue
            root = etree.fromstring(z.read(part))
            for fonts in root.iter(f"{_W}rFonts"):
                for slot in ("eastAsia", "ascii", "hAnsi"):
                    name = fonts.get(f"{_W}{slot}")
                    if name:
                        names.add(name)
    return sorted(names)


@functools.cache
def official_names() -> frozenset[str]:
    """The font names duban's fontconfig file maps to stand-ins (仿宋_GB2312, FangSong_GB2312, SimSun …)."""
    root = etree.parse(str(FONT_CONFIG)).getroot()
    return frozenset(a.findtext("family") for a in root.iter("alias"))


def is_official(name: str) -> bool:
    """Whether a font name is one of the Chinese official-document fonts (or a variant of one)."""
    return name in official_names() or any("\u4e00" <= ch <= "\u9fff" for ch in name)


def _fc_match(name: str, env: dict[str, str], fc_match: str) -> tuple[list[str], bool]:
    """The families of the font fontconfig picks for ``name``, and whether it covers Simplified Chinese."""
    out = subprocess.run(
        [fc_match, "-f", "%{family}\t%{lang}", name],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout
    families, _, langs = out.partition("\t")
    return [f.strip() for f in families.split(",") if f.strip()], "zh-cn" in langs.split("|")


def resolve_fonts(names: Iterable[str], font_config: str | Path) -> tuple[dict[str, str], list[str]]:
    """Which font stands in for each name the machine lacks, under ``font_config``.

    Returns:
        ``(substitutes, no_chinese)``: substitutes maps a missing name to the family used for it; no_chinese
        lists the names (with CJK characters) whose stand-in cannot show Chinese at all.
    """
    fc_match = _which("fc-match", "apt-get install -y fontconfig")
    env = {**os.environ, "FONTCONFIG_FILE": str(font_config)}
    substitutes: dict[str, str] = {}
    no_chinese: list[str] = []
    for name in names:
        families, chinese = _fc_match(name, env, fc_match)
        if not families:
            continue
        if name.casefold() not in {f.casefold() for f in families}:
            substitutes[name] = families[0]
        if not chinese and any("\u4e00" <= ch <= "\u9fff" for ch in name):
            no_chinese.append(name)
    return substitutes, no_chinese


def _note(substitutes: dict[str, str], no_chinese: list[str]) -> str:
    if not substitutes:
        return "预览使用文档指定的字体。"
    pairs = "，".join(f"{name} → {used}" for name, used in substitutes.items())
    note = f"预览使用替代字体：{pairs}（正式印发请使用标准字体）"
    if no_chinese:
        note += (
            f"。注意：{'、'.join(no_chinese)} 没有可用的中文字体，预览中的汉字可能显示为方框；"
            f"请运行 scripts/install_preview_fonts.sh 或 {APT_FONTS}"
        )
    return note


def _page_bounds(pages: str | int) -> tuple[int, int] | None:
    if pages == "all":
        return None
    m = _PAGE_RANGE.match(str(pages))
    if m is None or int(m[1]) < 1 or (m[2] and int(m[2]) < int(m[1])):
        raise PreviewError(f"页码范围无法识别：{pages!r}", '写 "all"、一个页码如 2，或范围如 2-3')
    return int(m[1]), int(m[2] or m[1])


def _run(cmd: list[str], *, env: dict[str, str], timeout: float, what: str) -> subprocess.CompletedProcess:
    """Run a converter in its own process group, so a timeout also ends the children it started."""
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise PreviewError(
            f"{what} 超过 {timeout:g} 秒未完成，已中止",
            "文档很长时可加大 timeout；或检查是否有卡住的 soffice 进程",
        ) from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def render_preview(
    docx_path: str | Path,
    out_dir: str | Path,
    *,
    pages: str | int = "all",
    dpi: int = 100,
    timeout: float = 180,
) -> Preview:
    """Convert a .docx to PDF with LibreOffice and its pages to PNG, with free fonts for the official ones.

    Args:
        docx_path: the drafted document.
        out_dir: where ``<name>.pdf`` and ``<name>-1.png`` … go (created if missing; same names overwritten).
        pages: ``"all"``, a page number, or a range ``"2-3"`` (for the PNGs; the PDF always has every page).
        dpi: resolution of the PNG pages.
        timeout: seconds LibreOffice may take.

    Returns:
        A :class:`Preview`; its ``note`` names the stand-in fonts and should be shown with the preview.

    Raises:
        PreviewToolMissing: soffice, pdftoppm or fc-match is not installed (the message names the apt line).
        PreviewError: the conversion failed or timed out, or the page range is not valid.

    Example:
        >>> p = render_preview("总结.docx", "预览")  # doctest: +SKIP
        >>> p.pdf.name, [x.name for x in p.pngs]
        ('总结.pdf', ['总结-1.png', '总结-2.png'])
        >>> p.note
        '预览使用替代字体：仿宋_GB2312 → FandolFang，…（正式印发请使用标准字体）'
    """
    docx_path = Path(docx_path).resolve()
    if not docx_path.is_file():
        raise PreviewError(f"找不到要预览的文档：{docx_path}", "先用 duban draft 生成 .docx")
    bounds = _page_bounds(pages)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise PreviewToolMissing(
            "预览需要 LibreOffice（soffice），本机没有找到", f"安装后重试：{APT_LIBREOFFICE}"
        )
    pdftoppm = _which("pdftoppm", APT_POPPLER)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = docx_path.stem

    with (
        tempfile.TemporaryDirectory(prefix="duban-preview-") as work,
        tempfile.TemporaryDirectory(prefix=".duban-preview-", dir=out_dir) as staging,
    ):
        conf = write_font_config(Path(work) / "fonts.conf")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
        # A profile of its own: a LibreOffice the user has open (or another preview) would otherwise take
        # the conversion over, or lock it out.
        profile = Path(work, "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        cmd += ["--convert-to", "pdf", "--outdir", staging, str(docx_path)]
        done = _run(cmd, env=env, timeout=timeout, what="LibreOffice 转换 PDF")
        pdf_tmp = Path(staging) / f"{stem}.pdf"
        if done.returncode != 0 or not pdf_tmp.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise PreviewError(
                f"LibreOffice 未能把 {docx_path.name} 转成 PDF（退出码 {done.returncode}）：{' '.join(detail)}",
                "用 LibreOffice 打开该文档看是否报错；或确认本机 soffice 能正常运行",
            )
        ppm = [pdftoppm, "-png", "-r", str(dpi)]
        if bounds is not None:
            ppm += ["-f", str(bounds[0]), "-l", str(bounds[1])]
        done = _run(
            [*ppm, str(pdf_tmp), str(Path(staging) / stem)], env=env, timeout=timeout, what="pdftoppm"
        )
        if done.returncode != 0:
            raise PreviewError(
                f"pdftoppm 未能把 PDF 转成图片：{done.stderr.strip()}", "检查页码范围是否超出文档页数"
            )
        pdf = out_dir / f"{stem}.pdf"
        os.replace(pdf_tmp, pdf)
        pngs = []
        for png in sorted(Path(staging).glob(f"{glob.escape(stem)}-*.png")):
            m = _PNG_PAGE.search(png.name)
            if m is None:
                continue
            pngs.append((int(m[1]), png))
        final = []
        for number, png in sorted(pngs):
            target = out_dir / f"{stem}-{number}.png"
            os.replace(png, target)
            final.append(target)
        official = [n for n in document_fonts(docx_path) if is_official(n)]
        substitutes, no_chinese = resolve_fonts(official, conf)

    return Preview(pdf=pdf, pngs=tuple(final), substitutes=substitutes, note=_note(substitutes, no_chinese))


__all__ = [
    "FONT_CONFIG",
    "Preview",
    "PreviewError",
    "PreviewToolMissing",
    "document_fonts",
    "fandol_dirs",
    "is_official",
    "official_names",
    "render_preview",
    "resolve_fonts",
    "write_font_config",
]
