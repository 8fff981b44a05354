"""DOC_REF recogniser: official document numbers (文号).

    "小店委办字〔2022〕6号"   "川府函〔20xx〕57号"   "县政办发[ 2014 ]8号"   "政办发()49号"   "[2023]12号"

The span runs from the issuer abbreviation (when there is one) to 号.  A bracket without an issuer is a
document number only when it holds a real year ("[2023]12号"); an empty or masked year needs the issuer, so
that "(3)12号楼" is not read as one.  ``attrs``: ``issuer``, ``year`` (as written), ``number``.
"""

from __future__ import annotations

from extract.model import FactKind
from extract.recognize import Context, Mention
from extract.rules import patterns as P


def find_doc_refs(text: str, ctx: Context) -> list[Mention]:
    """Every document number of one report's text, in text order.

    Example:
        >>> text = "印发《方案》(东城委办字〔2021〕12号)"
        >>> [text[m.start : m.end] for m in find_doc_refs(text, Context())]
        ['东城委办字〔2021〕12号']
    """
    out: list[Mention] = []
    for m in P.DOC_REF.finditer(text):
        start = m.start()
        issuer = None
        im = P.DOC_ISSUER.search(text, max(0, start - 10), start)
        if im:
            issuer = P.DOC_ISSUER_LEAD.sub("", im["issuer"]) or None
            if issuer:
                # DOC_ISSUER_LEAD strips a prefix, so the issuer is the tail of the matched group
                start = im.end("issuer") - len(issuer)
        year = m["year"]
        if issuer is None and not (len(year) == 4 and year.isdigit()):
            continue
        out.append(Mention(FactKind.DOC_REF, start, m.end(), {"issuer": issuer, "year": year, "number": m["no"]}))
    return out
