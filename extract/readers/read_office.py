"""Legacy office files (.doc, .wps, .rtf, .odt): converted to .docx by LibreOffice, then read as docx."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from extract.errors import MissingTool, UnreadableFile
from extract.model import RawDocument
from extract.readers.limits import Limits
from extract.readers.read_docx import read_docx
from extract.readers.read_txt import MIN_QUALITY, quality

INSTALL_HINT = (
    "安装 LibreOffice（Debian/Ubuntu: apt-get install libreoffice-writer-nogui，或 libreoffice-writer；"
    "Windows/macOS: 从 libreoffice.org 安装并把 soffice 所在目录加入 PATH），"
    "或在 Word/WPS 中把文件另存为 .docx 再导入"
)
CONVERT_HINT = "文件可能已损坏或设了密码：用 Word/WPS 打开后另存为 .docx 再导入"


def find_soffice() -> str | None:
    """The LibreOffice program on PATH (``soffice`` or ``libreoffice``), or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(cmd: list[str], cwd: str, timeout: float, path: str) -> subprocess.CompletedProcess[bytes]:
    """Run LibreOffice in its own process group so a hung conversion can be killed with its children."""
    env = dict(os.environ, HOME=cwd)  # LibreOffice writes caches under $HOME; keep them in the temp dir
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        raise UnreadableFile(
            path, f"LibreOffice 转换超时（超过 {timeout:.0f} 秒）", CONVERT_HINT + "；文件很大时可提高转换超时"
        ) from exc
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def read_office(data: bytes, path: str, limits: Limits, *, fmt: str) -> RawDocument:
    """Convert a .doc/.wps/.rtf/.odt with LibreOffice (headless, own profile, timeout) and read the docx.

    Args:
        data: the file's bytes (a zip member is written to a private temp dir under a fixed name).
        path: the path as given, for messages and ``RawDocument.path``.
        limits: size limits and ``convert_timeout``.
        fmt: the real format ("doc", "wps", "rtf", "odt"), recorded in ``RawDocument.format``.

    Raises:
        MissingTool: neither ``soffice`` nor ``libreoffice`` is on PATH (the hint says how to install it).
        UnreadableFile: the conversion failed or timed out.

    Example (a file on disk, LibreOffice installed)::

        read_office(Path("2019年工作总结.doc").read_bytes(), "2019年工作总结.doc", DEFAULT_LIMITS, fmt="doc")
    """
    exe = find_soffice()
    if exe is None:
        raise MissingTool(path, f"读取 .{fmt} 文件需要 LibreOffice，但 PATH 中找不到 soffice 或 libreoffice", INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="duban-lo-") as tmp:
        src = Path(tmp) / f"input.{fmt}"
        src.write_bytes(data)
        outdir = Path(tmp) / "out"
        cmd = [
            exe, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--nologo", "--nodefault", "--convert-to", "docx", "--outdir", str(outdir), str(src),
        ]
        done = _run(cmd, tmp, limits.convert_timeout, path)
        result = outdir / "input.docx"
        if not result.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", errors="replace").strip()[-300:]
            raise UnreadableFile(
                path, f"LibreOffice 无法转换这个 .{fmt} 文件（退出码 {done.returncode}{'：' + detail if detail else ''}）",
                CONVERT_HINT,
            )
        converted = result.read_bytes()
    doc = read_docx(converted, path, limits, fmt=fmt)
    # LibreOffice "converts" a damaged .doc by importing its bytes as text: refuse garbage, do not pass it on.
    readable = quality(doc.text)
    if readable < MIN_QUALITY:
        raise UnreadableFile(
            path, f"LibreOffice 转换出的内容是乱码（只有 {readable:.0%} 是可读文字），文件可能已损坏", CONVERT_HINT
        )
    return dataclasses.replace(
        doc, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
        notes=(*doc.notes, f"已用 LibreOffice 把 .{fmt} 转换为 .docx 后读取"),
    )
