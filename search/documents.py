"""The one source of search documents: every index is fed from ``documents(portal, settings)``.

Documents are made from the derived :class:`generator.derive.Portal` (records, cases,
promises, departments) and from the press updates Pelican publishes, so the Whoosh
index and the Pagefind bundle agree with the pages on what exists. Withdrawn records
are not in the Portal, so they are in no index. Natural persons appear only as the
Portal shows them (``PublicRecord.subject`` is already masked as configured).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from pelican.generators import ArticlesGenerator

from generator.core.derive import CaseView, Portal, PromiseView, PublicRecord
from generator.core.models import Department
from generator.render.filters import build_as_of
from generator.render.urls import case_url, department_url, promise_url, record_url

from .schema import TYPES, SearchDocument

#: Settings key under which a build keeps the press updates Pelican published (search/plugin.py);
#: lowercase, so that no settings file can set it.
UPDATES_KEY = "portal_published_updates"


def _join(*parts: Any) -> str:
    """Non-empty parts, one per line."""
    return "\n".join(str(p) for p in parts if p not in (None, ""))


def _labelled(pairs: list[tuple[str, Any]]) -> str:
    return _join(*(f"{label}：{value}" for label, value in pairs if value not in (None, "")))


# --------------------------------------------------------------------------- records


def record_document(r: PublicRecord) -> SearchDocument:
    """A 双公示 or other administrative-act record."""
    rec = r.record
    if r.kind == "penalty":
        body = _labelled(
            [
                ("违法行为类型", rec.violation_type),
                ("违法事实", rec.facts),
                ("处罚依据", rec.legal_basis),
                ("处罚类别", rec.penalty_type),
                ("处罚内容", rec.content),
                ("行政处罚决定书文号", rec.decision_no),
            ]
        )
        category = rec.penalty_type
        amount = rec.fine if rec.fine is not None else rec.confiscated
    elif r.kind == "license":
        body = _labelled(
            [
                ("行政许可决定文书名称", rec.document_name),
                ("许可证书名称", rec.certificate_name),
                ("许可编号", rec.license_no),
                ("许可内容", rec.content),
                ("行政许可决定文书号", rec.decision_no),
            ]
        )
        category, amount = rec.category.value, None
    else:
        body = _labelled(
            [
                ("行为类别", rec.act_kind.value),
                ("行为内容", rec.content),
                ("依据", rec.legal_basis),
                ("决定文书号", rec.decision_no),
            ]
        )
        category, amount = rec.act_kind.value, None
    return SearchDocument(
        type=r.kind,
        id=f"{r.kind}:{rec.decision_no}",
        url=record_url(r),
        title=f"{r.subject}（{r.label}）",
        body=body,
        subject=r.subject,
        uscc=rec.subject_uscc or "",
        decision_no=rec.decision_no,
        dept=r.department.id,
        dept_name=r.department.name,
        amount=amount,
        date=rec.decided_on,
        category=category,
    )


def case_document(c: CaseView) -> SearchDocument:
    """A dishonesty case or good-faith exemplar."""
    case = c.case
    sanctions = "；".join(f"{s.sanction.kind.value}（{s.state}）" for s in c.sanctions)
    return SearchDocument(
        type="case",
        id=f"case:{case.id}",
        url=case_url(case.id),
        title=case.title,
        body=_labelled(
            [
                ("类别", case.kind.value),
                ("事实", case.summary),
                ("依据", case.basis),
                ("惩戒措施", sanctions),
            ]
        ),
        dept=c.department.id,
        dept_name=c.department.name,
        date=case.exposed_on,
        category=case.kind.value,
    )


def promise_document(p: PromiseView) -> SearchDocument:
    """A government promise with its current rating."""
    pr = p.promise
    return SearchDocument(
        type="promise",
        id=f"promise:{pr.id}",
        url=promise_url(pr.id),
        title=p.display_title,
        body=_labelled(
            [
                ("承诺内容", pr.summary),
                ("承诺对象", pr.counterparty),
                ("当前评级", p.rating.value),
                ("来源", pr.source.title),
            ]
        ),
        subject=pr.counterparty or "",
        decision_no=pr.source.doc_no or "",
        dept=p.department.id,
        dept_name=p.department.name,
        amount=pr.amount_wan,
        date=pr.made_on,
        category=pr.category.value,
    )


def department_document(d: Department) -> SearchDocument:
    """A department's integrity archive page."""
    return SearchDocument(
        type="department",
        id=f"department:{d.id}",
        url=department_url(d.id),
        title=d.name,
        body=_labelled(
            [
                ("单位类别", d.kind.value),
                ("又称", "、".join(d.aliases)),
                ("统一社会信用代码", d.uscc),
            ]
        ),
        uscc=d.uscc,
        dept=d.id,
        dept_name=d.name,
        category=d.kind.value,
    )


# --------------------------------------------------------------------------- press updates

def html_text(fragment: str) -> str:
    """Visible text of an HTML fragment (Pelican's rendered Markdown), entities decoded."""
    return Markup(fragment).striptags()


def published_updates(settings: dict) -> list[Any]:
    """The press updates Pelican publishes with ``settings``: its own ArticlesGenerator decides.

    In ``portal build`` these are the very articles Pelican wrote (search/plugin.py records
    them under ``UPDATES_KEY``); otherwise (a test, a tool) the same generator is run on the
    same settings. Either way a file Pelican skips (a slug outside the site, ``..md``, no
    date) or holds back (draft, hidden, dated after the as-of date) is in no index.
    """
    recorded = settings.get(UPDATES_KEY)
    if recorded is not None:
        return list(recorded)
    # The shared context Pelican.run() starts every generator with.
    context = {**settings, "generated_content": {}, "static_links": set(), "static_content": {}}
    context["localsiteurl"] = settings["SITEURL"]
    generator = ArticlesGenerator(
        context=context,
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )
    generator.generate_context()
    return [*generator.articles, *generator.translations]


def update_documents(settings: dict) -> list[SearchDocument]:
    """Press updates as the site publishes them, none dated after the build's as-of date."""
    as_of = build_as_of(settings)
    docs = []
    for article in published_updates(settings):
        day = getattr(article, "date", None)
        if day is None or day.date() > as_of:
            continue  # the pages' rule too (generator/render/filters.py hold_future_updates)
        lang = "" if article.lang == settings.get("DEFAULT_LANG") else f"@{article.lang}"
        docs.append(
            SearchDocument(
                type="update",
                id=f"update:{article.slug}{lang}",
                url=article.url,
                title=html_text(article.title),
                body=html_text(article.content),
                date=day.date(),
                category=str(getattr(article, "category", "") or ""),
            )
        )
    return docs


# --------------------------------------------------------------------------- all


def documents(portal: Portal, settings: dict | None = None) -> list[SearchDocument]:
    """Every search document of the portal, in a stable order (type, then id)."""
    docs = [record_document(r) for r in portal.records]
    docs += [case_document(c) for c in portal.cases]
    docs += [promise_document(p) for p in portal.promises]
    docs += [department_document(d) for d in portal.departments]
    if settings is not None:
        docs += update_documents(settings)
    order = list(TYPES)
    return sorted(docs, key=lambda d: (order.index(d.type), d.id))
