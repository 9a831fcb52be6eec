"""The ``portal`` command: validate, build, docs, new-update, search, serve, and plugged-in commands.

Commands from other packages (the demo's ``sample``) plug in through the entry-point group
``portal.commands``: each entry is a function ``register(subparsers)``, so no module of
the product imports them.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path

#: Entry-point group of plugged-in subcommands.
COMMANDS_GROUP = "portal.commands"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是 YYYY-MM-DD 日期") from None


def cmd_validate(args: argparse.Namespace) -> int:
    """Report every problem in the content, one ``path:line: field: message`` per line."""
    from .publish.pipeline import check

    checked = check(Path(args.content), args.settings)
    for problem in checked.problems:
        print(problem)
    if checked.problems:
        print(f"{len(checked.problems)} 个问题；内容未通过校验", file=sys.stderr)
        return 1
    counts = ", ".join(f"{k} {len(v)}" for k, v in checked.content.datasets.items() if v)
    print(f"校验通过：{counts}", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, then build the site; invalid content is refused and nothing is written."""
    from .core.problems import BuildError
    from .publish.pipeline import build

    try:
        out = build(
            Path(args.content), Path(args.output), args.as_of, args.publish, args.settings
        )
    except BuildError as e:
        _report(e.problems)
        print(f"{len(e.problems)} 个问题；未生成网站", file=sys.stderr)
        return 1
    except OSError as e:  # an output folder that cannot be written, a full disk …
        print(f"错误：无法写入 {e.filename or args.output}：{e.strerror or e}", file=sys.stderr)
        return 1
    done = "已发布并记入发布记录" if args.publish else "网站已生成（预览，未记入发布记录）"
    print(f"{done}：{out}（数据截至 {args.as_of}）", file=sys.stderr)
    return 0


def _report(problems: list) -> None:
    for problem in problems:
        print(problem)


def cmd_publish(args: argparse.Namespace) -> int:
    """Build with publishconf.py and record the publish in the ledger (ADD / MOD / DEL)."""
    return cmd_build(args)


def cmd_verify(args: argparse.Namespace) -> int:
    """Check every file of a site against its manifest.json; exit 1 naming each difference."""
    from .publish import manifest

    try:
        drift = manifest.verify(Path(args.site))
    except (FileNotFoundError, ValueError) as e:
        print(f"错误：{args.site} 没有可读的 manifest.json（{e}）", file=sys.stderr)
        return 2
    for line in drift.lines():
        print(line)
    if not drift.clean:
        print(f"{len(drift.lines())} 处与清单不符", file=sys.stderr)
        return 1
    print(f"{args.site} 与 manifest.json 一致", file=sys.stderr)
    return 0


def cmd_mirror(args: argparse.Namespace) -> int:
    """Copy a published site to DEST by its manifest, verify, switch; --check reports drift."""
    from .core.problems import BuildError
    from .publish import mirror

    try:
        if args.check:
            drift = mirror.check(Path(args.src), Path(args.dest))
            for line in drift.lines():
                print(line)
            return 0 if drift.clean else 1
        report = mirror.mirror(Path(args.src), Path(args.dest))
    except BuildError as e:
        _report(e.problems)
        return 1
    except FileNotFoundError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    print(
        f"镜像已更新：复制 {len(report.copied)} 个文件，沿用 {report.linked} 个，"
        f"移除 {len(report.dropped)} 个",
        file=sys.stderr,
    )
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    """Make the previous release live again (the current one is kept)."""
    from .core.problems import BuildError
    from .publish.release import Releases

    try:
        release = Releases(Path(args.output)).rollback()
    except BuildError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        return 1
    print(f"{args.output} 已回滚到版本 {release.name}", file=sys.stderr)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """Regenerate docs/data-format.md from the models (``--check`` only compares)."""
    from .docs import DATA_FORMAT_PATH, render_data_format

    text = render_data_format()
    if args.check:
        if DATA_FORMAT_PATH.read_text(encoding="utf-8") != text:
            print(f"{DATA_FORMAT_PATH} 已过期：运行 portal docs", file=sys.stderr)
            return 1
        return 0
    DATA_FORMAT_PATH.write_text(text, encoding="utf-8")
    return 0


def cmd_new_update(args: argparse.Namespace) -> int:
    """Create a correctly formed draft press update for the press office."""
    from .updates import new_update

    try:
        path = new_update(Path(args.content), args.title, category=args.category, day=args.date)
    except (FileExistsError, ValueError) as e:
        print(e, file=sys.stderr)
        return 1
    print(path)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Query the built site's Whoosh index."""
    from search.cli import run_search

    return run_search(args)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the built site and the read-only JSON search API."""
    from search.server import serve

    return serve(Path(args.site), host=args.host, port=args.port, threads=args.threads, quiet=args.quiet)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="portal", description="政务诚信公示 static portal")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help=cmd_validate.__doc__)
    v.add_argument("--content", default="content")
    v.add_argument("--settings", type=Path, help="settings file (default ./pelicanconf.py)")
    v.set_defaults(func=cmd_validate)

    for name, func, conf in (
        ("build", cmd_build, "pelicanconf.py"),
        ("publish", cmd_publish, "publishconf.py"),
    ):
        b = sub.add_parser(name, help=func.__doc__)
        b.add_argument("--content", default="content")
        b.add_argument("--output", default="output")
        b.add_argument(
            "--as-of", type=_date, default=date.today(), help="data as of YYYY-MM-DD (default today)"
        )
        b.add_argument(
            "--settings", type=Path, help=f"settings file (default ./{conf} or the package's)"
        )
        b.set_defaults(func=func, publish=name == "publish")

    vf = sub.add_parser("verify", help=cmd_verify.__doc__)
    vf.add_argument("site")
    vf.set_defaults(func=cmd_verify)

    mr = sub.add_parser("mirror", help=cmd_mirror.__doc__)
    mr.add_argument("src")
    mr.add_argument("dest")
    mr.add_argument("--check", action="store_true", help="only report how DEST differs")
    mr.set_defaults(func=cmd_mirror)

    r = sub.add_parser("rollback", help=cmd_rollback.__doc__)
    r.add_argument("--output", default="output")
    r.set_defaults(func=cmd_rollback)

    d = sub.add_parser("docs", help=cmd_docs.__doc__)
    d.add_argument("--check", action="store_true")
    d.set_defaults(func=cmd_docs)

    n = sub.add_parser("new-update", help=cmd_new_update.__doc__)
    n.add_argument("title")
    n.add_argument("--content", default="content")
    n.add_argument("--category", default="工作动态")
    n.add_argument("--date", type=_date, default=date.today())
    n.set_defaults(func=cmd_new_update)

    q = sub.add_parser("search", help=cmd_search.__doc__)
    q.add_argument("query")
    q.add_argument("--site", default="output")
    q.add_argument("--type", dest="type")
    q.add_argument("--dept")
    q.add_argument("--from", dest="date_from", type=_date)
    q.add_argument("--to", dest="date_to", type=_date)
    q.add_argument("--sort", choices=["relevance", "date"], default="relevance")
    q.add_argument("--limit", type=int, default=20)
    fmt = q.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--csv", action="store_true")
    q.set_defaults(func=cmd_search)

    sv = sub.add_parser("serve", help=cmd_serve.__doc__)
    sv.add_argument("--site", default="output")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument(
        "--threads", type=int, default=None, help="waitress worker threads (default 128)"
    )
    sv.add_argument(
        "--quiet", action="store_true", help="no access log (behind nginx, which keeps one)"
    )
    sv.set_defaults(func=cmd_serve)

    for entry in sorted(entry_points(group=COMMANDS_GROUP), key=lambda e: e.name):
        entry.load()(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
