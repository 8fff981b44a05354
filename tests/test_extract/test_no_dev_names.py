"""Guard: no project, unit or place name of the dev gold set appears in the project's code or data.

The rules must generalise to held-out reports, so no rule, lexicon entry, comment, docstring or template may
quote a name taken from ../shared/gold/dev (examples are invented: "青岚县", "城东物流园" …).  The names are read
from the gold files at run time, never copied here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Where a name must not occur: everything that ships with duban.
SCANNED = (
    "extract/**/*.py",
    "extract/rules/lexicon/*.txt",
    "corpus/**/*.py",
    "generate/**/*.py",
    "templates/*",
    "duban/**/*.py",
)

# Generic department names ("县住建局", "市发改委", "区委办", "项目指挥部"): vocabulary, not a specific unit.
GENERIC_UNIT = re.compile(
    r"^(区|市|县|省|镇|乡|旗)?.{0,4}(局|委|办|厅|部|政府|党委|党组|管委会|办公室|领导小组|指挥部|督查组|督导组|指导组|工作组)$"
)

# The place a name starts with: "云溪县住建局" -> 云溪县, "白沙镇人民政府" -> 白沙镇.
LEADING_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,3}?(?:街道|区|县|市|镇|乡))")

# Gold names that are ordinary vocabulary (generic heads, generic units, national bodies) and may appear in rules,
# lexicons and examples.  Keep this list to words a dictionary would hold, never a proper name.
ALLOWED = frozenset({
    "棚户区改造", "棚户区", "湿地公园", "生态公园", "市民公园",   # generic project heads
    "高新区", "开发区", "老城区",                                  # generic kinds of district
    "国务院", "党中央", "中共中央", "中央巡视组",                  # national bodies
    "规划部门", "消防部门", "环保部门", "市环保部门", "宣传部门", "国土部门", "新闻单位",  # generic units
    "政府督查室", "督查一科", "督查二科", "项目推进组", "行政服务中心",
})


def _gold_names(gold_dir: Path) -> set[str]:
    """Specific names of the dev gold set: projects and units, plus the places they start with."""
    raw: set[str] = set()
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for key in ("projects", "projects_optional"):
            raw.update(gold.get(key, []))
        for key in ("orgs", "orgs_optional"):
            raw.update(x if isinstance(x, str) else x.get("name", "") for x in gold.get(key, []))
    names: set[str] = set()
    for name in (n.strip() for n in raw):
        if name in ALLOWED:
            continue
        if len(name) >= 3 and not GENERIC_UNIT.match(name):
            names.add(name)
        if (m := LEADING_PLACE.match(name)) and m.group(1) not in ALLOWED:
            names.add(m.group(1))
    return names


def _scanned_files() -> list[Path]:
    files = {p for pattern in SCANNED for p in ROOT.glob(pattern) if p.is_file()}
    return sorted(files)


@pytest.fixture(scope="module")
def dev_names(shared: Path) -> set[str]:
    names = _gold_names(shared / "gold" / "dev" / "gold")
    assert len(names) > 100, "the dev gold set should yield a few hundred specific names"
    return names


def test_gold_names_are_specific(dev_names: set[str]) -> None:
    # The filters keep proper names and drop generic units and vocabulary.
    assert not any(GENERIC_UNIT.match(n) for n in dev_names)
    assert not dev_names & ALLOWED
    assert all(len(n) >= 3 for n in dev_names)


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("县住建局", True),
        ("市发改委", True),
        ("区委办", True),
        ("项目指挥部", True),
        ("县重点项目办公室", True),
        ("青岚县住房和城乡建设局", False),   # too long to be a bare department: a specific unit
        ("云溪科技有限公司", False),
        ("城东物流园", False),
    ],
)
def test_generic_unit_filter(name: str, generic: bool) -> None:
    assert bool(GENERIC_UNIT.match(name)) is generic


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("云溪县住建局", "云溪县"),
        ("白沙镇人民政府", "白沙镇"),
        ("青石街道办事处", "青石街道"),
        ("城东物流园", None),
    ],
)
def test_leading_place(name: str, place: str | None) -> None:
    m = LEADING_PLACE.match(name)
    assert (m.group(1) if m else None) == place


def test_no_dev_name_in_shipped_files(dev_names: set[str]) -> None:
    files = _scanned_files()
    assert any(p.suffix == ".txt" for p in files) and any(p.suffix == ".py" for p in files)
    # One alternation, longest first, so a line is scanned once instead of once per name.
    pattern = re.compile("|".join(re.escape(n) for n in sorted(dev_names, key=len, reverse=True)))
    hits = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for lineno, line in enumerate(text.splitlines(), 1):
            for m in pattern.finditer(line):
                hits.append(f"{path.relative_to(ROOT)}:{lineno}: {m.group()}")
    assert not hits, "dev gold names quoted in shipped files (replace them by invented ones):\n" + "\n".join(hits)
