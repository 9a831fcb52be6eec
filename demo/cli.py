"""``portal sample``: the demo's command, plugged into ``portal`` through an entry point."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_sample(args: argparse.Namespace) -> int:
    """Write a deterministic, valid sample content tree of any size."""
    from .scale import Scale, write_scaled_sample

    scale = Scale(args.departments, args.years, args.promises, args.cases, args.updates)
    write_scaled_sample(Path(args.out), records=args.records, seed=args.seed, scale=scale)
    print(
        f"示例内容已写入 {args.out}（{args.records} 条双公示记录，种子 {args.seed}）",
        file=sys.stderr,
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``sample`` to the ``portal`` command (entry point ``portal.commands``)."""
    s = sub.add_parser("sample", help=cmd_sample.__doc__)
    s.add_argument("--records", type=int, default=300)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--out", required=True)
    # District scale (bench/run.py, demo/scale.py); left out, the default sample's own.
    s.add_argument("--departments", type=int, help="bodies in all (extra ones are generated)")
    s.add_argument("--years", type=int, help="decision years, ending in 2026 (default 5)")
    s.add_argument("--promises", type=int, help="政务承诺 (default: records / 2,000, at least 30)")
    s.add_argument("--cases", type=int, help="失信案例 and 守信典型 (default: records / 5,000)")
    s.add_argument("--updates", type=int, help="press updates in all (default: the 5 fixed ones)")
    s.set_defaults(func=cmd_sample)
