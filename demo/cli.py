"""``portal sample``: the demo's command, plugged into ``portal`` through an entry point."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_sample(args: argparse.Namespace) -> int:
    """Write a deterministic, valid sample content tree of any size."""
    from .sample import write_sample

    write_sample(Path(args.out), records=args.records, seed=args.seed)
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
    s.set_defaults(func=cmd_sample)
