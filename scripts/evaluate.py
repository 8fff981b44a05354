#!/usr/bin/env python3
"""Score extraction on the gold dev set with ../shared/eval/score.py.

    .venv/bin/python scripts/evaluate.py            # table of P / R / F1 per kind
    .venv/bin/python scripts/evaluate.py --errors   # plus every false positive and miss per file
    .venv/bin/python scripts/evaluate.py --gold-dir ../shared/gold/dev --only 000_508fd94c227c578f

Predictions are written by ``duban extract --json --out DIR`` (one process for all files), then scored.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold-dir", type=Path, default=SHARED / "gold" / "dev")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", nargs="*", help="stems of the files to score (default: all)")
    ap.add_argument("--keep", type=Path, help="write predictions here instead of a temporary folder")
    args = ap.parse_args()

    inputs = sorted((args.gold_dir / "inputs").iterdir())
    gold = args.gold_dir / "gold"
    if args.only:
        inputs = [p for p in inputs if p.stem in args.only]
    with tempfile.TemporaryDirectory() as tmp:
        pred = args.keep or Path(tmp) / "pred"
        gold_sel = gold
        if args.only:
            gold_sel = Path(tmp) / "gold"
            gold_sel.mkdir()
            for p in inputs:
                (gold_sel / f"{p.stem}.json").write_bytes((gold / f"{p.stem}.json").read_bytes())
        cmd = [sys.executable, "-m", "duban", "extract", "--json", "--out", str(pred), *map(str, inputs)]
        subprocess.run(cmd, check=True)
        score = [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(gold_sel), "--pred", str(pred)]
        if args.errors:
            score.append("--errors")
        if args.json:
            score.append("--json")
        return subprocess.run(score).returncode


if __name__ == "__main__":
    sys.exit(main())
