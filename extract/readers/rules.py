"""Patterns the readers use, compiled once, each with why it exists and an example."""

from __future__ import annotations

import re

# A charset declared in an HTML <meta> (either form):
#   <meta charset="gb2312">   <meta http-equiv="Content-Type" content="text/html; charset=GBK">
META_CHARSET = re.compile(rb"<meta\b[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]{2,40})", re.IGNORECASE)

# The encoding of an XML declaration: <?xml version="1.0" encoding="GB2312"?>
XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]{2,40})", re.IGNORECASE)

# A file that starts like a web page, whatever its suffix (a ".txt" or ".doc" saved from a browser):
#   <!DOCTYPE html> ...   <html xmlns=...>   <!-- saved from url=... --> <html>
HTML_START = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.IGNORECASE | re.DOTALL
)

# A running page number alone on a PDF line at the top or bottom of a page (never body text):
#   "— 3 —"  "- 3 -"  "－3－"  "·3·"  "第 3 页"  "第3页 共12页"  "共12页 第3页"  "3/12"  "Page 3 of 12"  "3"
PAGE_NUMBER_LINE = re.compile(
    r"""^\s*(?:
        [\-－—–‒―~～·•]{1,2}\s*\d{1,4}\s*[\-－—–‒―~～·•]{1,2}
      | (?:共\s*\d{1,4}\s*页[\s,，/]*)?第\s*\d{1,4}\s*页(?:[\s,，/]*共\s*\d{1,4}\s*页)?
      | \d{1,4}\s*/\s*\d{1,4}
      | page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?
      | \d{1,4}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

# pdfminer writes "(cid:1234)" for a glyph whose font has no Unicode map: text that cannot be recovered.
PDF_CID_GLYPH = re.compile(r"\(cid:\d+\)")

# Archive entries that are not documents but the packer's junk: macOS resource forks and folder
# metadata, Windows thumbnails, and Word's owner lock files ("~$年度总结.docx", 162 bytes of user name).
ZIP_JUNK_NAME = re.compile(
    r"(?:^|/)(?:__MACOSX/|\._|\.DS_Store$|Thumbs\.db$|desktop\.ini$|~\$)", re.IGNORECASE
)

# The name of a Word field from its instruction: " PAGE  \* MERGEFORMAT " -> "PAGE"
FIELD_NAME = re.compile(r"^\s*([A-Za-z]+)")

# An XML document type declaration, the door to entity expansion ("billion laughs") and external entities.
XML_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)

# Control characters that never occur in text a person wrote (tab, newline, CR, FF, VT and the old
# DOS end-of-file mark 0x1A are allowed; "\x1a" ends many GBK files saved by old editors).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")

# class/id tokens of site chrome on government portals: navigation bars, breadcrumbs ("当前位置：首页 >
# 政务公开 > 通知公告", class "position"/"dqwz" = 当前位置), menus, share bars, side columns.
HTML_CHROME_TOKEN = re.compile(
    r"^(?:nav|navbar|nav-?bar|navigation|menu|menus|topbar|top-?nav|breadcrumbs?|crumbs?|bread|position|"
    r"dqwz|location|sidebar|side-?nav|share|bdshare|footer|foot|header|head-?top|copyright|banquan|skip-?link)$",
    re.IGNORECASE,
)

# Where a PDF stream's data begins: "stream" then CR LF or LF (never the tail of "endstream").
PDF_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
