"""Open data (generator/opendata): every file checked on real builds — hashes, formats, the
national layout, SQLite and its Chinese full-text search, the Data Package, the pages, privacy."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import frictionless
import pytest
from pelican import Pelican

from generator.core import models as m
from generator.core.load import load_csv
from generator.core.privacy import find_leaks
from generator.opendata import fts
from generator.publish import pipeline
from generator.render import urls

from .conftest import ROOT, read_html
from .contentkit import COMPANY, PERSON_ID, make_tree

AS_OF = date(2026, 11, 28)
DATA = Path(urls.data_file_url(""))
BOM = b"\xef\xbb\xbf"

#: The national 双公示 layouts as DOMAIN.md lists them, written out here, not taken from the code.
NATIONAL_PENALTY = [
    "行政相对人名称", "行政相对人类别", "统一社会信用代码", "工商注册号", "组织机构代码", "税务登记号",
    "事业单位证书号", "社会组织登记证号", "法定代表人", "法定代表人证件类型", "法定代表人证件号码",
    "证件类型", "证件号码", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别",
    "处罚内容", "罚款金额（万元）", "没收违法所得、没收非法财物的金额（万元）", "暂扣或吊销证照名称及编号",
    "处罚决定日期", "处罚有效期", "公示截止期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位",
    "数据来源单位统一社会信用代码", "备注",
]  # fmt: skip
NATIONAL_LICENSE = [
    "行政相对人名称", "行政相对人类别", "统一社会信用代码", "工商注册号", "组织机构代码", "税务登记号",
    "事业单位证书号", "社会组织登记证号", "法定代表人", "法定代表人证件类型", "法定代表人证件号码",
    "证件类型", "证件号码", "行政许可决定文书名称", "行政许可决定文书号", "许可类别", "许可证书名称",
    "许可编号", "许可内容", "许可决定日期", "有效期自", "有效期至", "许可机关", "许可机关统一社会信用代码",
    "当前状态", "数据来源单位", "数据来源单位统一社会信用代码", "备注",
]  # fmt: skip


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a data CSV (which must start with a UTF-8 BOM)."""
    data = path.read_bytes()
    assert data.startswith(BOM), path
    rows = list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def data_files(site: Path) -> dict[str, bytes]:
    """Every open-data file (not the pages, not the publish history under data/changes/)."""
    root = site / DATA
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix != ".html" and "changes" not in p.relative_to(root).parts
    }


def searched_columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"pragma table_info([{table}_fts])")]


def fts_rowids(db: sqlite3.Connection, table: str, query: str) -> set[int]:
    sql = f"select rowid from [{table}_fts] where [{table}_fts] match ?"
    return {r[0] for r in db.execute(sql, (fts.match_query(query),))}


def substring_rowids(db: sqlite3.Connection, table: str, query: str) -> set[int]:
    """What the index should find: rows whose searched text holds ``query`` (punctuation ignored)."""
    strip = re.compile(r"[\W_]+")
    cols = searched_columns(db, table)
    needle = strip.sub("", query)
    rows = db.execute(f"select rowid, {', '.join(f'[{c}]' for c in cols)} from [{table}]")
    return {r[0] for r in rows if any(needle in strip.sub("", v or "") for v in r[1:])}


# --------------------------------------------------------------------------- the sample site


def test_every_data_file_is_on_the_download_page_with_its_size_and_sha256(built_site):
    html = (built_site / urls.DATA).read_text(encoding="utf-8")
    listed = re.findall(
        r'href="(?P<href>[^"]+)">[^<]*</a>(?:</dt>\s*<dd>)?[^<]*?（(?P<bytes>\d+) 字节）'
        r"<br>SHA-256 <code>(?P<hash>[0-9a-f]{64})</code>",
        html,
    )
    files = data_files(built_site)
    assert {
        "portal.db",
        "datapackage.json",
        "metadata.json",
        "penalties.csv",
        "penalties.json",
    } <= set(files)
    seen = {}
    for href, size, digest in listed:
        target = ((built_site / urls.DATA).parent / href).resolve()
        name = target.relative_to((built_site / DATA).resolve()).as_posix()
        seen[name] = (int(size), digest)
    assert set(seen) == set(files), set(files) ^ set(seen)
    for name, data in files.items():
        assert seen[name] == (len(data), hashlib.sha256(data).hexdigest()), name


def test_datapackage_validates_with_frictionless_and_hashes_every_csv(built_site):
    path = built_site / DATA / "datapackage.json"
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads(path.read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    db = sqlite3.connect(built_site / DATA / "portal.db")
    tables = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
    names = [r["name"] for r in package["resources"]]
    assert {"penalties", "licenses", "other_acts", "cases", "promises", "departments",
            "evaluation_scores", "third_party"} <= set(names)  # fmt: skip
    for res in package["resources"]:
        data = (path.parent / res["path"]).read_bytes()
        assert (
            res["bytes"] == len(data)
            and res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        )
        assert res["name"] in tables
        described = [f for f in res["schema"]["fields"] if f["description"]]
        assert len(described) == len(res["schema"]["fields"]), res["name"]


def test_shuanggongshi_csv_keeps_the_national_layout_and_loads_back(built_site, tmp_path):
    """Chinese headers in the national order; the portal's own loader reads the national columns."""
    for name, national, model in (
        ("penalties", NATIONAL_PENALTY, m.Penalty),
        ("licenses", NATIONAL_LICENSE, m.License),
    ):
        header, rows = read_csv(built_site / DATA / f"{name}.csv")
        assert header[: len(national)] == national
        assert "本条链接" in header and len(rows) > 20
        keep = [*national, "公示日期"]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(keep)
        writer.writerows([r[h] for h in keep] for r in rows)
        export = tmp_path / f"{name}.csv"
        export.write_bytes(out.getvalue().encode("utf-8-sig"))
        loaded, problems = load_csv(export, export.name, model, "")
        assert not problems, problems[:5]
        assert [x.record.decision_no for x in loaded] == [
            r[national[13 if name == "penalties" else 14]] for r in rows
        ]


def test_json_parses_and_holds_the_csv_rows(built_site):
    for path in sorted((built_site / DATA).glob("*.csv")):
        header, rows = read_csv(path)
        records = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert isinstance(records, list) and len(records) == len(rows), path.name
        assert all(list(r) == header for r in records), path.name


def _page_anchors(site: Path, slug: str) -> set[str]:
    """Record anchors on the departments' year listings of one kind."""
    anchors = set()
    for page in site.glob(f"shuanggongshi/*/{slug}-[0-9][0-9][0-9][0-9].html"):
        anchors |= {i for i in read_html(page).ids if re.fullmatch(r"r[0-9a-f]{12}", i)}
    return anchors


def test_sqlite_rows_are_the_records_the_pages_show(built_site, sample_portal):
    db = sqlite3.connect(built_site / DATA / "portal.db")
    for table, kind in (("penalties", "penalty"), ("licenses", "license"), ("other_acts", "act")):
        links = [r[0] for r in db.execute(f"select 本条链接 from {table}")]
        anchors = {link.partition("#")[2] for link in links}
        assert len(links) == len(anchors) == sum(1 for r in sample_portal.records if r.kind == kind)
        assert anchors == _page_anchors(built_site, kind), table
    pages = {
        "cases": {p.stem for p in (built_site / "cases").glob("*.html")} - {"index", "exemplars"},
        "promises": {p.stem for p in (built_site / "promises").glob("*.html")} - {"index"},
        "departments": {p.stem for p in (built_site / "departments").glob("*.html")} - {"index"},
    }
    for table, ids in pages.items():
        assert {r[0] for r in db.execute(f"select id from {table}")} == ids, table
        for (url,) in db.execute(f"select url from {table}"):
            assert (built_site / url).is_file(), url


def test_full_text_search_finds_chinese_words_name_fragments_and_case_numbers(built_site):
    db = sqlite3.connect(built_site / DATA / "portal.db")
    name, number = db.execute(
        "select 行政相对人名称, 行政处罚决定书文号 from penalties where 行政相对人类别 = '法人及非法人组织'"
    ).fetchone()
    fragment = name.removeprefix("示例区")[:3]  # the middle of a company name
    for table, query in [
        ("penalties", "罚款"),
        ("penalties", fragment),
        ("penalties", number),  # a 文号 with its brackets
        ("penalties", number.replace("〔", "").replace("〕", "")),
        ("licenses", "许可"),
        ("promises", "项目"),
    ]:
        found = fts_rowids(db, table, query)
        assert found, (table, query)
        assert found == substring_rowids(db, table, query), (table, query)
    assert len(fts_rowids(db, "penalties", number)) == 1
    # Datasette's canned queries (metadata.json) run the same search in SQL
    meta = json.loads((built_site / DATA / "metadata.json").read_text(encoding="utf-8"))
    canned = meta["databases"]["portal"]["queries"]["search_penalties"]["sql"]
    for query in ("罚款", fragment, number):
        assert {r[0] for r in db.execute(canned, {"q": query})} == fts_rowids(
            db, "penalties", query
        )
    assert not db.execute(canned, {"q": ""}).fetchall()


def test_metadata_describes_every_table_and_column(built_site):
    db = sqlite3.connect(built_site / DATA / "portal.db")
    meta = json.loads((built_site / DATA / "metadata.json").read_text(encoding="utf-8"))
    assert meta["license"] and meta["license_url"].startswith("https://")
    tables = meta["databases"]["portal"]["tables"]
    package = json.loads((built_site / DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        entry = tables[res["name"]]
        columns = [r[1] for r in db.execute(f"pragma table_info([{res['name']}])")]
        assert list(entry["columns"]) == columns and all(entry["columns"].values())
        if "fts_table" in entry:
            assert tables[entry["fts_table"]] == {"hidden": True}
            assert searched_columns(db, res["name"])
    assert tables["penalties"]["fts_table"] == "penalties_fts"


def test_download_page_json_ld_describes_every_file(built_site):
    page = built_site / urls.DATA
    html = page.read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1 and "<" not in blocks[0]
    ld = json.loads(blocks[0])
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "Dataset"
    package = json.loads((built_site / DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert [p["identifier"] for p in ld["hasPart"]] == [r["name"] for r in package["resources"]]
    downloads = ld["distribution"] + [d for p in ld["hasPart"] for d in p["distribution"]]
    for d in downloads:
        assert d["@type"] == "DataDownload"
        data = (page.parent / d["contentUrl"]).read_bytes()
        assert (
            d["sha256"] == hashlib.sha256(data).hexdigest() and d["contentSize"] == f"{len(data)} B"
        )
    assert {d["name"] for d in downloads} >= {
        "portal.db",
        "datapackage.json",
        "penalties.csv",
        "penalties.json",
    }


def test_dictionaries_explain_every_column_in_chinese_and_english(built_site):
    db = sqlite3.connect(built_site / DATA / "portal.db")
    zh = (built_site / urls.DATA_DICTIONARY).read_text(encoding="utf-8")
    en = (built_site / urls.DATA_ENGLISH).read_text(encoding="utf-8")
    assert '<div lang="en">' in en and "About this portal" in en
    package = json.loads((built_site / DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        for text in (zh, en):
            section = text.split(f'<section id="{res["name"]}"', 1)[1].split("</section>", 1)[0]
            for (col,) in db.execute(f"select name from pragma_table_info('{res['name']}')"):
                assert f"<code>{col}</code>" in section, (res["name"], col)
    assert "始终为空" in zh and "Always empty" in en


def test_pages_that_promise_downloads_link_the_download_page(built_site):
    target = (built_site / urls.DATA).resolve()
    for page in (urls.HOME, urls.OBJECTIONS, "about.html", "updates/xin-yong-xiu-fu-zhi-yin.html"):
        path = built_site / page
        hrefs = [a.get("href") or "" for a in read_html(path).find("a")]
        assert any((path.parent / h).resolve() == target for h in hrefs), page


# --------------------------------------------------------------------------- crafted content

HEADER = [
    "行政相对人名称", "行政相对人类别", "统一社会信用代码", "证件类型", "证件号码", "行政处罚决定书文号",
    "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）", "处罚决定日期", "处罚机关",
    "公示日期", "撤销日期", "信用修复日期",
]  # fmt: skip
BASIS = "《中华人民共和国食品安全法》第一百二十四条"
#: name, kind, code, id type, id, 文号, facts, decided, published, revoked, repaired
PENALTIES = [
    ("示例区甲商贸有限公司", "法人及非法人组织", COMPANY, "", "", "示市监罚〔2026〕1号", "销售过期食品", "2026/09/01", "2026/09/08", "", ""),
    ("张三丰", "自然人", "", "身份证", PERSON_ID, "示市监罚〔2026〕2号", "无证经营早餐摊点", "2026/08/03", "2026/08/31", "", ""),
    ("示例区乙食品店", "个体工商户", "", "", "", "示市监罚〔2026〕撤字3号", "琥珀蜗牛案情", "2026/01/05", "2026/01/09", "2026/03/01", ""),
    ("示例区丙餐饮有限公司", "法人及非法人组织", "", "", "", "示市监罚〔2025〕修字4号", "翡翠海马案情", "2025/06/02", "2025/06/05", "", "2026/02/01"),
    ("示例区丁超市", "法人及非法人组织", "", "", "", "示市监罚〔2021〕期字5号", "珊瑚松鼠案情", "2021/03/01", "2021/03/03", "", ""),
]  # fmt: skip
CIVIL = """\
- id: cs1
  department: market
  name: 柯叶舟
  position: 科员
  source: 纪律处分
  decided_on: 2026-05-06
  document_no: 示纪〔2026〕7号
  summary: 违规收受礼品（测试数据）
- id: cs2
  department: market
  name: 程雨桐
  source: 问责处理
  decided_on: 2026-02-02
  document_no: 示纪〔2026〕撤字9号
  summary: 已撤销的记录（测试数据）
  revoked_on: 2026-04-01
"""
#: What must be in no data file: withdrawn 文号, names and facts, the full ID, unmasked names.
SECRETS = ["撤字3号", "修字4号", "期字5号", "乙食品店", "丙餐饮", "丁超市", "琥珀蜗牛", "翡翠海马",
           "珊瑚松鼠", PERSON_ID, "张三丰", "柯叶舟", "程雨桐", "撤字9号"]  # fmt: skip


def crafted_tree(root: Path) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for (
        name,
        kind,
        code,
        id_type,
        id_no,
        no,
        facts,
        decided,
        published,
        revoked,
        repaired,
    ) in PENALTIES:
        writer.writerow([name, kind, code, id_type, id_no, no, facts, BASIS, "罚款", "罚款人民币一万元", "1",
                         decided, "示例区市场监督管理局", published, revoked, repaired])  # fmt: skip
    files = {
        "data/penalties/market.csv": out.getvalue().encode("utf-8-sig"),
        "data/civil_servant_records.yaml": CIVIL,
    }
    return make_tree(root, files)


def build(content: Path, out: Path) -> Path:
    Pelican(pipeline.pelican_settings(content, out, AS_OF)).run()
    return out


@pytest.fixture(scope="module")
def crafted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("opendata")
    return build(crafted_tree(root), root / "out")


def test_withdrawn_records_and_full_ids_are_in_no_data_file(crafted_site):
    files = data_files(crafted_site)
    assert "portal.db" in files and len(files) > 20
    for name, data in files.items():
        found = [secret for secret in SECRETS if secret.encode() in data]
        assert not found and not find_leaks(data), (name, found)
    db = sqlite3.connect(crafted_site / DATA / "portal.db")
    assert [r[0] for r in db.execute("select 行政处罚决定书文号 from penalties")] == [
        "示市监罚〔2026〕2号",
        "示市监罚〔2026〕1号",
    ]
    for word in ("琥珀蜗牛", "撤字", "三丰", "叶舟"):
        assert not fts_rowids(db, "penalties", word), word
    assert fts_rowids(db, "penalties", "甲商贸") == {2}


def test_personal_data_is_masked_as_on_the_pages(crafted_site):
    _, rows = read_csv(crafted_site / DATA / "penalties.csv")
    person = next(r for r in rows if r["行政处罚决定书文号"] == "示市监罚〔2026〕2号")
    assert person["行政相对人名称"] == "张某"
    assert person["证件号码"] == PERSON_ID[:6] + "*" * 12
    assert (
        person["证件类型"] == ""
        and person["法定代表人"] == ""
        and person["法定代表人证件号码"] == ""
    )
    page = (crafted_site / person["本条链接"].partition("#")[0]).read_text(encoding="utf-8")
    assert person["证件号码"] in page and "张某" in page
    civil = json.loads(
        (crafted_site / DATA / "civil_servant_records.json").read_text(encoding="utf-8")
    )
    assert civil == [
        {
            "department": "market",
            "department_name": "示例区市场监督管理局",
            "name": "柯某",
            "lawful_disclosure": False,
            "position": "科员",
            "source": "纪律处分",
            "decided_on": "2026-05-06",
            "summary": "违规收受礼品（测试数据）",
            "status": "公示中",
            "url": urls.civil_record_url("market", "cs1"),
        }
    ]


@pytest.mark.slow  # two builds, each in a fresh process
def test_data_files_are_byte_identical_across_two_builds(tmp_path):
    content = crafted_tree(tmp_path)
    script = (
        "import sys; from datetime import date; from pathlib import Path; from pelican import Pelican;"
        "from generator.publish import pipeline;"
        "Pelican(pipeline.pelican_settings(Path(sys.argv[1]), Path(sys.argv[2]), date(2026, 11, 28))).run()"
    )
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", script, str(content), str(out)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        trees.append(data_files(out))
    assert "portal.db" in trees[0] and len(trees[0]) > 20
    assert trees[0] == trees[1], [k for k in trees[0] if trees[0][k] != trees[1].get(k)]


@pytest.mark.slow  # a CLI build in a fresh process
def test_site_builds_without_the_plugin_and_then_links_no_download_page(tmp_path):
    content = crafted_tree(tmp_path)
    conf = tmp_path / "conf.py"
    conf.write_text(
        "from generator.defaults import *\n"
        "PLUGINS = [p for p in PLUGINS if p != 'generator.opendata.plugin']\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--content", str(content), "--output", str(out),
         "--as-of", AS_OF.isoformat(), "--settings", str(conf)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    assert not (out / DATA / "portal.db").exists() and not (out / urls.DATA).exists()
    for page in (urls.HOME, urls.OBJECTIONS):
        hrefs = [a.get("href") or "" for a in read_html(out / page).find("a")]
        assert not [h for h in hrefs if "data/" in h], page
