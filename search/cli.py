"""``portal search QUERY``: query a built site's Whoosh index from the command line."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import TextIO

from . import index_dir_for
from .engine import QueryError, SearchRequest, SearchResults, open_index

CSV_COLUMNS = ["type", "title", "url", "subject", "uscc", "decision_no", "dept_name", "amount", "date", "score", "snippet"]


def _print_text(results: SearchResults, out: TextIO) -> None:
    about = "" if results.exact else "约 "
    print(f"共 {about}{results.total} 条结果" + ("（查询超时，结果不完整）" if results.timed_out else ""), file=out)
    for n, hit in enumerate(results.hits, 1):
        facts = " · ".join(p for p in (hit.type_label, hit.dept_name, hit.decision_no, hit.date) if p)
        print(f"\n{n}. {hit.title}\n   {facts}\n   {hit.url}\n   {hit.snippet}", file=out)


def _print_json(results: SearchResults, out: TextIO) -> None:
    payload = {
        "query": results.query,
        "total": results.total,
        "total_exact": results.exact,
        "timed_out": results.timed_out,
        "results": [h.as_dict() for h in results.hits],
    }
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _print_csv(results: SearchResults, out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for hit in results.hits:
        row = hit.as_dict()
        writer.writerow(["" if row.get(c) is None else row[c] for c in CSV_COLUMNS])


def run_search(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run one query; exit status 2 with a one-line message for a bad query or a missing index."""
    out = out or sys.stdout
    if args.limit < 1:
        print("错误：--limit 须为正整数", file=sys.stderr)
        return 2
    try:
        idx = open_index(index_dir_for(Path(args.site)))
    except FileNotFoundError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    req = SearchRequest(
        text=args.query,
        type=args.type,
        dept=args.dept,
        date_from=args.date_from,
        date_to=args.date_to,
        sort=args.sort,
        per_page=args.limit,
    )
    try:
        results = idx.search(req)
    except QueryError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    finally:
        idx.close()
    if args.json:
        _print_json(results, out)
    elif args.csv:
        _print_csv(results, out)
    else:
        _print_text(results, out)
    return 0
