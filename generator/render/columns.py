"""The 栏目 (column) each page belongs to, for the 政府网站发展指引 page metadata.

Every page's ``<head>`` names its column (``ColumnName``, ``ColumnType``, ``ColumnDescription``,
``ColumnKeywords``); the column follows from the page's address alone, so Pelican's own pages
(press updates, 联系我们) get theirs the same way as the portal's. Templates call
``column_of(output_file)``. ColumnType uses the 指引's kinds of column: 信息发布, 解读回应,
办事服务, 互动交流.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import urls


@dataclass(frozen=True)
class Column:
    """One 栏目 as the page metadata names it."""

    name: str
    type: str
    description: str
    keywords: str


def _folder(address: str) -> str:
    """The folder prefix of a site-relative address: ``cases/index.html`` → ``cases/``."""
    return address.rsplit("/", 1)[0] + "/"


HOME = Column(
    "首页", "信息发布", "政务诚信公示首页：主要数据、工作动态和案例曝光", "政务诚信,信用公示"
)
#: Pages at exact addresses, then folders (checked in this order); anything else is OTHER.
EXACT: dict[str, Column] = {
    urls.HOME: HOME,
    urls.EXEMPLARS: Column("守信典型", "信息发布", "政务守信典型案例", "守信典型,诚信建设"),
    urls.SEARCH: Column("站内搜索", "办事服务", "搜索本站公示的记录、案例和承诺", "搜索"),
    urls.CONTACT: Column(
        "联系我们", "互动交流", "网站主办单位和各部门的异议受理方式", "联系我们,异议受理"
    ),
    urls.SITEMAP: Column("网站地图", "信息发布", "本站全部栏目和部门", "网站地图"),
}
FOLDERS: list[tuple[str, Column]] = [
    (
        _folder(urls.SHUANGGONGSHI),
        Column(
            "双公示",
            "信息发布",
            "行政许可、行政处罚及其他行政行为信息公示",
            "双公示,行政许可,行政处罚,行政强制,行政确认,行政征收,行政给付",
        ),
    ),
    (
        _folder(urls.DEPARTMENTS),
        Column("部门诚信档案", "信息发布", "各部门政务诚信档案", "政务诚信档案,按时公示率"),
    ),
    (
        _folder(urls.PROMISES),
        Column(
            "政务承诺", "信息发布", "政务承诺兑现情况及评级依据", "政务承诺,招商引资,PPP,合同履约"
        ),
    ),
    (
        _folder(urls.CASES),
        Column("案例曝光", "信息发布", "政务失信案例及惩戒措施", "失信案例,惩戒措施,整改"),
    ),
    (
        _folder(urls.OBJECTIONS),
        Column("异议与信用修复", "办事服务", "异议申诉程序和信用修复", "异议申诉,信用修复"),
    ),
    (
        _folder(urls.SUPERVISION),
        Column(
            "社会监督",
            "信息发布",
            "12345 市民服务热线办理和人大代表建议、政协委员提案办理情况",
            "12345热线,人大代表建议,政协委员提案,社会监督",
        ),
    ),
    (
        _folder(urls.RANKINGS),
        Column("诚信评价", "信息发布", "政务诚信评价结果和评价方法", "诚信评价,评价指标"),
    ),
    (
        _folder(urls.UPDATES),
        Column("工作动态", "解读回应", "政务诚信建设工作动态和政策解读", "工作动态,政策解读"),
    ),
    (_folder(urls.FEEDS), Column("订阅", "信息发布", "本站的 Atom 订阅源", "订阅,Atom")),
    (
        _folder(urls.DATA),
        Column(
            "数据下载", "办事服务", "全部公示数据的开放下载、数据字典和校验值", "开放数据,数据下载,CSV,SQLite"
        ),
    ),
    (
        _folder(urls.CHANGES),
        Column("更新记录", "信息发布", "每次发布新增、变更和撤下的记录", "更新记录,变更,撤下"),
    ),
]
OTHER = Column("网站信息", "信息发布", "关于本站", "政务诚信")


def column_of(output_file: str | None) -> Column:
    """The column of the page written at ``output_file`` (site-relative)."""
    path = (output_file or "").lstrip("/")
    if path in EXACT:
        return EXACT[path]
    for folder, column in FOLDERS:
        if path.startswith(folder):
            return column
    return OTHER
