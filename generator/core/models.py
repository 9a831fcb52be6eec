"""Data models for every dataset the portal publishes.

Every field carries a docstring; ``docs/data-format.md`` is generated from them
(``portal docs``) and a test fails when it is stale. 双公示 fields also carry
their national column header and pinyin code, which the CSV loader accepts.

Personal data is reduced here, at the edge: ID numbers are validated, then
only their masked form is kept, so nothing downstream can leak the full number.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .fields import LONG_TERM, USCC, CNDate, WanYuan, mask_id_number, parse_resident_id

#: Field metadata of a code or number (文号, 统一社会信用代码, 许可编号 …): not free text, so
#: its digits are not read as a telephone or ID number by the personal-data check.
IDENTIFIER = {"identifier": True}
#: Field metadata of a body's public contact point: a landline there is an office's, not a person's.
PUBLIC_CONTACT = {"public_contact": True}


def column(
    header: str, code: str | None = None, default: Any = None, identifier: bool = False, **kw: Any
) -> Any:
    """A field read from a CSV column with a national header and optional pinyin code."""
    extra = {"header": header, "code": code, **(IDENTIFIER if identifier else {})}
    if default is ...:
        return Field(..., json_schema_extra=extra, **kw)
    return Field(default, json_schema_extra=extra, **kw)


class Model(BaseModel):
    """Base: field docstrings become descriptions, unknown keys are errors, numbers are finite."""

    model_config = ConfigDict(
        use_attribute_docstrings=True, extra="forbid", frozen=False, allow_inf_nan=False
    )


# ---------------------------------------------------------------------------
# Departments
# ---------------------------------------------------------------------------


class DepartmentKind(StrEnum):
    """The four kinds of body the plan's sanctions (四(三)) name."""

    district_department = "区直部门"
    public_institution = "事业单位"
    subdistrict_office = "街道办事处"
    grassroots_autonomy = "群众性基层自治组织"


class Department(Model):
    """A body whose integrity archive (政府诚信档案) the portal publishes."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Short stable identifier used in URLs, e.g. ``market``."""
    name: str
    """Full official name, e.g. 示例区市场监督管理局; 处罚机关 columns resolve to it."""
    uscc: USCC = Field(json_schema_extra=IDENTIFIER)
    """统一社会信用代码 of the body; government bodies' codes begin 11 (机关) or 12 (事业单位)."""
    kind: DepartmentKind = DepartmentKind.district_department
    """区直部门 / 事业单位 / 街道办事处 / 群众性基层自治组织."""
    aliases: list[str] = []
    """Other names exports use for this body (former names, short names)."""
    parent: str | None = None
    """Id of the supervising department (上级主管部门), notified of dishonesty records (四(一))."""
    contact: str | None = Field(None, json_schema_extra=PUBLIC_CONTACT)
    """Public contact point for objections (an office name or public line, never a person's phone)."""
    phone: str | None = Field(None, json_schema_extra=PUBLIC_CONTACT)
    """Office landline for objections (异议受理电话), shown on 联系我们 and the department page; never a person's."""
    address: str | None = Field(None, json_schema_extra=PUBLIC_CONTACT)
    """Office address where objections are received (异议受理地址), shown beside the phone."""
    order: int | None = Field(None, ge=1)
    """部门排序 as set by the district: 政府网站 lists follow it (1 first, unique); bodies without
    one come after the numbered ones, in file order."""


def department_order(department: Department) -> tuple[bool, int]:
    """Sort key of the official order (部门排序): numbered bodies first, by number."""
    return (department.order is None, department.order or 0)


def official_order(departments: list[Department]) -> list[Department]:
    """Departments in the district's official order; ties keep their file order (stable sort)."""
    return sorted(departments, key=department_order)


# ---------------------------------------------------------------------------
# 双公示 and other administrative acts (CSV)
# ---------------------------------------------------------------------------


class SubjectKind(StrEnum):
    """行政相对人类别 in the national layout."""

    legal_person = "法人及非法人组织"
    natural_person = "自然人"
    individual_business = "个体工商户"


class PublicityFields(Model):
    """Portal columns shared by all administrative-act CSVs (not in the national layout)."""

    published_on: CNDate | None = column("公示日期", "gsrq")
    """Date the record first went online. Absent: the first publish that contained it."""
    revoked_on: CNDate | None = column("撤销日期", "cxrq")
    """Date the decision was revoked or changed; the record is withdrawn from then on."""
    repaired_on: CNDate | None = column("信用修复日期", "xfrq")
    """Date credit repair (信用修复) was granted; publicity ends, at the earliest after the minimum period."""
    repair_decision_no: str | None = column("信用修复决定文号", "xfjdwh", identifier=True)
    """文号 of the credit-repair decision; with 信用修复日期 it is listed on the credit-repair page
    (the repaired record itself is withdrawn: its party and 文号 are not shown there)."""

    @model_validator(mode="after")
    def _repair_number_needs_date(self) -> PublicityFields:
        if self.repair_decision_no and not self.repaired_on:
            raise ValueError("repair_decision_no: 填写信用修复决定文号时须同时填写信用修复日期")
        return self


class SubjectFields(Model):
    """行政相对人 columns shared by penalties and licences."""

    subject_name: str = column("行政相对人名称", "xdr_mc", ...)
    """Name of the party the decision is about."""
    subject_kind: SubjectKind = column("行政相对人类别", "xdr_lb", ...)
    """Kind of party: 法人及非法人组织 (organisation) / 自然人 (natural person) / 个体工商户 (individual business)."""
    subject_uscc: USCC | None = column("统一社会信用代码", "xdr_shxym", identifier=True)
    """The party's 统一社会信用代码 (organisations and individual businesses)."""
    subject_business_reg: str | None = column("工商注册号", "xdr_gszc", identifier=True)
    """工商注册号 (older registrations)."""
    subject_org_code: str | None = column("组织机构代码", "xdr_zzjg", identifier=True)
    """组织机构代码 (older registrations)."""
    subject_tax_reg: str | None = column("税务登记号", "xdr_swdj", identifier=True)
    """税务登记号 (older registrations)."""
    subject_institution_cert: str | None = column("事业单位证书号", "xdr_sydw", identifier=True)
    """Public institution certificate number (事业单位证书号)."""
    subject_social_org_cert: str | None = column("社会组织登记证号", "xdr_shzz", identifier=True)
    """Social organisation registration number (社会组织登记证号)."""
    legal_rep: str | None = column("法定代表人", "frdb")
    """法定代表人 of an organisation (published: a public role). For a 个体工商户 this column
    holds its 经营者, a natural person: the pages call it 经营者 and mask the name as natural
    persons' names are (the rules' natural-person name setting). Empty for a 自然人."""
    legal_rep_id_type: str | None = column("法定代表人证件类型", "fr_zjlx")
    """Type of the legal representative's document; its number is never published."""
    legal_rep_id: str | None = column("法定代表人证件号码", "fr_sfzh", identifier=True)
    """法定代表人证件号码; validated when a resident ID, kept masked only."""
    subject_id_type: str | None = column("证件类型", "xdr_zjlx")
    """Natural person's document type (身份证, 护照 …)."""
    subject_id: str | None = column("证件号码", "xdr_zjhm", identifier=True)
    """Natural person's document number; validated when a resident ID, kept masked only."""
    remarks: str | None = column("备注", "bz")
    """Remarks (备注)."""

    @model_validator(mode="after")
    def _mask_documents(self) -> SubjectFields:
        for kind, number in (
            ("legal_rep_id_type", "legal_rep_id"),
            ("subject_id_type", "subject_id"),
        ):
            try:
                masked = _masked_document(getattr(self, kind), getattr(self, number))
            except ValueError as e:
                raise ValueError(f"{number}: {e}") from None
            setattr(self, number, masked)
        return self


def _masked_document(kind: str | None, number: str | None) -> str | None:
    """Validate a resident ID and mask it; mask any other document number too."""
    if not number:
        return None
    if kind in (None, "", "身份证", "居民身份证") and len(number.strip()) == 18:
        return parse_resident_id(number)
    return mask_id_number(number.strip()) if len(number.strip()) > 6 else "*" * len(number)


class Penalty(PublicityFields, SubjectFields):
    """行政处罚 record in the national 双公示 layout (pinyin codes prefixed ``cf_``)."""

    decision_no: str = column("行政处罚决定书文号", "cf_wsh", ..., identifier=True)
    """行政处罚决定书文号; unique within the dataset, it anchors the record's permalink."""
    violation_type: str | None = column("违法行为类型", "cf_wfxw")
    """Type of violation (违法行为类型)."""
    facts: str = column("违法事实", "cf_sy", ...)
    """违法事实: what the party did."""
    legal_basis: str | None = column("处罚依据", "cf_yj")
    """处罚依据: the provisions applied."""
    penalty_type: str = column("处罚类别", "cf_cflb", ...)
    """处罚类别: 警告 / 罚款 / 没收违法所得 / 责令停产停业 / 暂扣或者吊销许可证 … (several separated by ；)."""
    content: str = column("处罚内容", "cf_nr", ...)
    """The penalty imposed, in words (处罚内容)."""
    fine: WanYuan | None = column("罚款金额（万元）", "cf_nr_fk")
    """Fine (罚款金额), in 万元 (10,000 yuan)."""
    confiscated: WanYuan | None = column("没收违法所得、没收非法财物的金额（万元）", "cf_nr_wfff")
    """Illegal gains and property confiscated (没收违法所得、没收非法财物的金额), in 万元."""
    license_affected: str | None = column("暂扣或吊销证照名称及编号", "cf_nr_zkdx")
    """Licence or permit suspended or revoked: its name and number (暂扣或吊销证照名称及编号)."""
    decided_on: CNDate = column("处罚决定日期", "cf_jdrq", ...)
    """处罚决定日期; the 7-working-day publication deadline runs from it."""
    valid_until: CNDate | None = column("处罚有效期", "cf_yxq")
    """处罚有效期; 2099/12/31 means long-term."""
    publicity_until: CNDate | None = column("公示截止期", "cf_gsjzq")
    """公示截止期; when given it is authoritative for when publicity ends."""
    authority: str = column("处罚机关", "cf_cfjg", ...)
    """Deciding authority (处罚机关); the portal matches it to a department by name or alias."""
    authority_uscc: USCC | None = column("处罚机关统一社会信用代码", "cf_cfjgdm", identifier=True)
    """处罚机关统一社会信用代码; when given it must match the department's code."""
    source: str | None = column("数据来源单位", "cf_sjly")
    """Body that supplied the data (数据来源单位)."""
    source_uscc: USCC | None = column("数据来源单位统一社会信用代码", "cf_sjlydm", identifier=True)
    """统一社会信用代码 of the body that supplied the data."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> Penalty:
        for name in ("valid_until", "publicity_until", "published_on", "revoked_on", "repaired_on"):
            later = getattr(self, name)
            if later is not None and later < self.decided_on:
                raise ValueError(f"{name}: 早于处罚决定日期 {self.decided_on:%Y/%m/%d}")
        return self


class LicenseCategory(StrEnum):
    """许可类别 in the national layout."""

    ordinary = "普通"
    franchise = "特许"
    recognition = "认可"
    approval = "核准"
    registration = "登记"
    other = "其他"


class License(PublicityFields, SubjectFields):
    """行政许可 record in the national 双公示 layout (pinyin codes prefixed ``xk_``)."""

    document_name: str = column("行政许可决定文书名称", "xk_xkws", ...)
    """Title of the licensing decision document (行政许可决定文书名称)."""
    decision_no: str = column("行政许可决定文书号", "xk_wsh", ..., identifier=True)
    """行政许可决定文书号; unique within the dataset, it anchors the record's permalink."""
    category: LicenseCategory = column("许可类别", "xk_xklb", ...)
    """Licence category (许可类别): 普通 / 特许 / 认可 / 核准 / 登记 / 其他."""
    certificate_name: str | None = column("许可证书名称", "xk_xkzs")
    """Name of the licence certificate (许可证书名称)."""
    license_no: str | None = column("许可编号", "xk_xkbh", identifier=True)
    """Licence number (许可编号)."""
    content: str = column("许可内容", "xk_nr", ...)
    """What is licensed (许可内容)."""
    decided_on: CNDate = column("许可决定日期", "xk_jdrq", ...)
    """许可决定日期; the 7-working-day publication deadline runs from it."""
    valid_from: CNDate | None = column("有效期自", "xk_yxqz")
    """Valid from (有效期自)."""
    valid_until: CNDate | None = column("有效期至", "xk_yxqzi")
    """有效期至; 2099/12/31 means long-term."""
    authority: str = column("许可机关", "xk_xkjg", ...)
    """Licensing authority (许可机关); the portal matches it to a department by name or alias."""
    authority_uscc: USCC | None = column("许可机关统一社会信用代码", "xk_xkjgdm", identifier=True)
    """许可机关统一社会信用代码; when given it must match the department's code."""
    state: str | None = column("当前状态", "xk_zt")
    """当前状态: 有效 / 撤销 / 注销 / 变更 …; 撤销 and 注销 withdraw the record."""
    source: str | None = column("数据来源单位", "xk_lydw")
    """Body that supplied the data (数据来源单位)."""
    source_uscc: USCC | None = column("数据来源单位统一社会信用代码", "xk_lydwdm", identifier=True)
    """统一社会信用代码 of the body that supplied the data."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> License:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(f"valid_until: 有效期至早于有效期自 {self.valid_from:%Y/%m/%d}")
        for name in ("published_on", "revoked_on", "repaired_on"):
            later = getattr(self, name)
            if later is not None and later < self.decided_on:
                raise ValueError(f"{name}: 早于许可决定日期 {self.decided_on:%Y/%m/%d}")
        return self

    @property
    def long_term(self) -> bool:
        """有效期至 2099/12/31: 长期."""
        return self.valid_until == LONG_TERM


class ActKind(StrEnum):
    """Other administrative acts the plan (五(一)) wants online within 7 working days."""

    enforcement = "行政强制"
    confirmation = "行政确认"
    levy = "行政征收"
    payment = "行政给付"


class OtherAct(PublicityFields):
    """行政强制、确认、征收、给付: the portal's own layout, shaped like the 双公示 one."""

    act_kind: ActKind = column("行为类别", "xw_lb", ...)
    """Kind of act: 行政强制 (enforcement) / 行政确认 (confirmation) / 行政征收 (levy) / 行政给付 (payment)."""
    subject_name: str = column("行政相对人名称", "xdr_mc", ...)
    """Name of the party the act concerns."""
    subject_kind: SubjectKind = column("行政相对人类别", "xdr_lb", ...)
    """Kind of party: 法人及非法人组织 (organisation) / 自然人 (natural person) / 个体工商户 (individual business)."""
    subject_uscc: USCC | None = column("统一社会信用代码", "xdr_shxym", identifier=True)
    """The party's 统一社会信用代码."""
    decision_no: str = column("决定文书号", "xw_wsh", ..., identifier=True)
    """Number of the decision document; unique within the dataset."""
    content: str = column("行为内容", "xw_nr", ...)
    """What was decided."""
    legal_basis: str | None = column("依据", "xw_yj")
    """Provisions applied."""
    decided_on: CNDate = column("决定日期", "xw_jdrq", ...)
    """Decision date; the 7-working-day publication deadline runs from it."""
    authority: str = column("实施机关", "xw_ssjg", ...)
    """Acting body (实施机关); the portal matches it to a department."""
    authority_uscc: USCC | None = column("实施机关统一社会信用代码", "xw_ssjgdm", identifier=True)
    """统一社会信用代码 of the acting body."""
    remarks: str | None = column("备注", "bz")
    """Remarks (备注)."""


# ---------------------------------------------------------------------------
# Hand-kept records (YAML)
# ---------------------------------------------------------------------------


class Evidence(Model):
    """A source cited for a rating change or an archive entry."""

    title: str
    """What the source is, e.g. 区政府常务会议纪要 2024 第 12 次."""
    url: str | None = Field(None, pattern=r"^(https?://|/)", json_schema_extra=IDENTIFIER)
    """Public address of the source, if it is online (http(s) or a site-relative path)."""
    doc_no: str | None = Field(None, json_schema_extra=IDENTIFIER)
    """Document number (文号) of the source, if it has one."""


class PromiseRating(StrEnum):
    """Ratings a promise moves through, in either direction; each change cites evidence."""

    not_rated = "未评估"
    in_progress = "推进中"
    stalled = "停滞"
    kept = "已兑现"
    partly_kept = "部分兑现"
    broken = "未兑现"
    lawfully_changed = "依法变更"


class PromiseCategory(StrEnum):
    """Kinds of promise the plan (五(二)) asks to be disclosed."""

    investment_policy = "招商引资政策"
    ppp = "政府和社会资本合作项目"
    enterprise_contract = "重要涉企合同协议"
    service = "服务承诺"


class RatingChange(Model):
    """One step in a promise's rating history."""

    on: CNDate
    """Date of the assessment."""
    rating: PromiseRating
    """Rating from that date on."""
    note: str
    """Why the rating changed, in a sentence."""
    evidence: list[Evidence] = Field(min_length=1)
    """Sources behind the change; at least one."""


class LawfulChange(Model):
    """A promise changed by lawful authority and procedure (五(三)), with compensation."""

    decided_on: CNDate
    """Date of the decision to change the promise."""
    authority: str
    """Body that decided, acting within its statutory powers."""
    ground: Literal["国家利益", "公共利益", "其他法定事由"]
    """Lawful ground: 国家利益 / 公共利益 / 其他法定事由."""
    procedure: str
    """Procedure followed (hearing, collective decision …)."""
    compensation_wan: WanYuan | None = None
    """Compensation for the counterparty's losses, 万元."""
    compensation_paid_on: CNDate | None = None
    """Date the compensation was paid; absent while unpaid."""
    evidence: list[Evidence] = Field(min_length=1)
    """Decision and payment documents."""


class Promise(Model):
    """A government promise (招商引资政策, PPP, enterprise contract) and whether it is kept."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable identifier used in the promise's URL."""
    title: str
    """The promise in one line."""
    department: str
    """Id of the promising department."""
    category: PromiseCategory
    """招商引资政策 / 政府和社会资本合作项目 / 重要涉企合同协议 / 服务承诺."""
    counterparty: str | None = None
    """Enterprise or project company the promise was made to (organisations only)."""
    made_on: CNDate
    """Date the promise was made or the contract signed."""
    due_on: CNDate | None = None
    """Date by which it should be kept; overdue when passed and not kept."""
    amount_wan: WanYuan | None = None
    """Money promised, 万元, if any."""
    summary: str
    """What was promised, in plain words."""
    source: Evidence
    """The document that contains the promise."""
    history: list[RatingChange] = Field(min_length=1)
    """Rating changes, oldest first; the last one is the current rating."""
    lawful_change: LawfulChange | None = None
    """Present when the promise was changed by lawful procedure."""

    @model_validator(mode="after")
    def _history_in_order(self) -> Promise:
        dates = [h.on for h in self.history]
        if dates != sorted(dates):
            raise ValueError("history: 评估记录应按日期从早到晚排列")
        if dates[0] < self.made_on:
            raise ValueError("history: 首次评估早于承诺日期")
        if self.due_on and self.due_on < self.made_on:
            raise ValueError("due_on: 兑现期限早于承诺日期")
        last = self.history[-1].rating
        if (last == PromiseRating.lawfully_changed) != (self.lawful_change is not None):
            raise ValueError("lawful_change: 评级为依法变更时必须（且只有此时才）填写依法变更记录")
        return self


class SanctionKind(StrEnum):
    """Sanctions of 四(三)."""

    written_explanation = "书面说明原因"
    rectification = "限期整改"
    honours_ban = "取消荣誉评选资格"
    public_criticism = "公开通报批评"
    accountability = "追究主要负责人责任"


class Sanction(Model):
    """A sanction applied in a dishonesty case, with its deadline and completion."""

    kind: SanctionKind
    """书面说明原因 / 限期整改 / 取消荣誉评选资格 / 公开通报批评 / 追究主要负责人责任."""
    imposed_on: CNDate
    """Date the sanction was imposed."""
    deadline: CNDate | None = None
    """Deadline to comply (explanation, rectification); overdue when passed and not completed."""
    deadline_workdays: int | None = Field(None, ge=1, le=250)
    """Alternatively, the deadline as a number of statutory working days from ``imposed_on``."""
    completed_on: CNDate | None = None
    """Date the sanction was complied with (explanation received, rectification accepted)."""
    until: CNDate | None = None
    """For 取消荣誉评选资格: end of the ineligibility; default from the rules file."""
    waived: bool = False
    """True when leniency (六(二)) waived this sanction."""
    note: str | None = None
    """Details, e.g. what the rectification must achieve."""

    @model_validator(mode="after")
    def _one_deadline(self) -> Sanction:
        if self.deadline and self.deadline_workdays:
            raise ValueError("deadline: deadline 与 deadline_workdays 只能填一个")
        if self.deadline and self.deadline < self.imposed_on:
            raise ValueError("deadline: 整改期限早于作出日期")
        if self.completed_on and self.completed_on < self.imposed_on:
            raise ValueError("completed_on: 完成日期早于作出日期")
        return self


class Leniency(Model):
    """Self-correction (六(二)) that lightened or waived sanctions."""

    outcome: Literal["从轻", "免于惩戒"]
    """从轻 (lighter sanctions) or 免于惩戒 (waived)."""
    reason: str
    """What was done: losses recovered, harm prevented, bad influence removed."""
    decided_on: CNDate
    """Date leniency was granted."""


class CaseKind(StrEnum):
    """失信案例 or 守信典型 (七(三))."""

    dishonesty = "失信案例"
    exemplar = "守信典型"


class Case(Model):
    """A dishonesty case exposed or a good-faith exemplar; government bodies only.

    Civil servants' own records are kept in ``civil_servant_records.yaml``.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable identifier used in the case's URL."""
    kind: CaseKind
    """失信案例 / 守信典型."""
    title: str
    """Headline."""
    department: str
    """Id of the department concerned."""
    occurred_on: CNDate
    """When the conduct happened (or the exemplary act)."""
    exposed_on: CNDate
    """When the case was made public on the portal."""
    summary: str
    """What happened, factually."""
    basis: str | None = None
    """Source establishing the facts (judgment, audit report, inspection)."""
    sanctions: list[Sanction] = []
    """Sanctions applied (dishonesty cases)."""
    leniency: Leniency | None = None
    """Leniency for self-correction, if granted."""
    shared_to: list[str] = []
    """Where the record was shared or notified (市信用平台, 上级主管部门, 审计部门 …; 四(一))."""
    repaired_on: CNDate | None = None
    """Date of credit repair; the case is withdrawn from then on."""
    repair_decision_no: str | None = Field(None, json_schema_extra=IDENTIFIER)
    """文号 of the credit-repair decision, listed with ``repaired_on`` on the credit-repair page."""
    revoked_on: CNDate | None = None
    """Date the finding was revoked; the case is withdrawn from then on."""
    publicity_until: CNDate | None = None
    """End of publicity, if set by the deciding body."""
    promise: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Id of the promise (the ``promises`` dataset) the case is about breaking; the two pages link each other."""
    owed_wan: WanYuan | None = None
    """拖欠账款 cases: the amount owed to the enterprise when the case arose, 万元."""
    paid_wan: WanYuan | None = None
    """拖欠账款 cases: the amount paid so far, 万元 (absent or 0: nothing paid yet)."""
    paid_on: CNDate | None = None
    """拖欠账款 cases: date of the (last) payment counted in ``paid_wan``."""

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        if self.exposed_on < self.occurred_on:
            raise ValueError("exposed_on: 曝光日期早于发生日期")
        if self.kind == CaseKind.exemplar and self.sanctions:
            raise ValueError("sanctions: 守信典型不应有惩戒措施")
        if self.repair_decision_no and not self.repaired_on:
            raise ValueError("repair_decision_no: 填写信用修复决定文号时须同时填写信用修复日期")
        if (self.paid_wan is not None or self.paid_on) and self.owed_wan is None:
            raise ValueError("paid_wan: 填写已付金额或付款日期时须填写拖欠金额 owed_wan")
        if self.paid_on and not self.paid_wan:
            raise ValueError("paid_wan: 填写付款日期时须填写已付金额")
        if self.paid_on and self.paid_on < self.occurred_on:
            raise ValueError("paid_on: 付款日期早于发生日期")
        return self

    @property
    def arrears(self) -> bool:
        """A 拖欠账款 case: it records an amount owed."""
        return self.owed_wan is not None

    @property
    def outstanding_wan(self) -> Any:
        """Amount still owed, 万元 (never below 0: interest paid on top is not a negative debt)."""
        if self.owed_wan is None:
            return None
        return max(self.owed_wan - (self.paid_wan or 0), 0)


class CivilServantSource(StrEnum):
    """How a civil servant's dishonesty was established (二(一))."""

    judgment = "司法判决"
    penalty = "行政处罚"
    discipline = "纪律处分"
    accountability = "问责处理"


class CivilServantRecord(Model):
    """A civil servant's dishonesty record; the name is masked (张某) unless disclosure is lawful."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable identifier."""
    department: str
    """Id of the employing department (notified under 四(一))."""
    name: str
    """Full name; published only as 张某 unless ``lawful_disclosure`` is true."""
    position: str | None = None
    """Post held at the time, e.g. 科员."""
    source: CivilServantSource
    """司法判决 / 行政处罚 / 纪律处分 / 问责处理."""
    decided_on: CNDate
    """Date of the decision establishing the record."""
    document_no: str | None = Field(None, json_schema_extra=IDENTIFIER)
    """Number of that decision."""
    summary: str
    """What the record is for."""
    lawful_disclosure: bool = False
    """True only where a law or decision makes the full name public."""
    shared_to: list[str] = []
    """Where the record was notified (所在单位, 纪检监察部门, 市信用平台)."""
    published_on: CNDate | None = None
    """Date first published."""
    publicity_until: CNDate | None = None
    """End of publicity."""
    repaired_on: CNDate | None = None
    """Date of credit repair; withdrawn from then on."""
    repair_decision_no: str | None = Field(None, json_schema_extra=IDENTIFIER)
    """文号 of the credit-repair decision, listed with ``repaired_on`` on the credit-repair page."""
    revoked_on: CNDate | None = None
    """Date the record was revoked (e.g. after an objection); withdrawn from then on."""

    @model_validator(mode="after")
    def _repair_number_needs_date(self) -> CivilServantRecord:
        if self.repair_decision_no and not self.repaired_on:
            raise ValueError("repair_decision_no: 填写信用修复决定文号时须同时填写信用修复日期")
        return self


class ArchiveCategory(StrEnum):
    """Categories of the government integrity archive (二(二))."""

    lawful_administration = "依法行政"
    disclosure = "政务信息公开"
    credit_system = "信用体系建设"
    targets = "发展规划及目标完成"
    debt_budget = "政府债务及预算"
    contracts = "合同及承诺兑现"
    judgments = "司法判决"
    reconsideration = "行政复议"
    discipline = "纪检监察"
    audit = "审计督察"


class ArchiveEntry(Model):
    """One sourced entry in a department's integrity archive."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable identifier (anchor on the department page)."""
    department: str
    """Id of the department."""
    category: ArchiveCategory
    """Archive category of 二(二)."""
    on: CNDate
    """Date of the judgment, decision, report or assessment."""
    title: str
    """Headline, e.g. 行政诉讼败诉：某公司诉示例区某局."""
    summary: str
    """Facts and outcome."""
    outcome: Literal["正面", "负面", "中性"] = "中性"
    """Whether the entry reflects well (正面), badly (负面) or neither on the department."""
    evidence: list[Evidence] = Field(min_length=1)
    """Sources; every entry is sourced."""
    debt_wan: WanYuan | None = None
    """政府债务及预算: debt owed at the entry's date (政府债务余额, or for a body without
    government debt the payables it owes, 应付未付账款), 万元."""
    repaid_wan: WanYuan | None = None
    """政府债务及预算: principal repaid in the period the entry covers, 万元."""
    overdue_wan: WanYuan | None = None
    """政府债务及预算: amount past its due date and unpaid (逾期未偿还), 万元; 0 when none."""
    budget_wan: WanYuan | None = None
    """政府债务及预算: the year's budget (年度预算), 万元."""
    spent_wan: WanYuan | None = None
    """政府债务及预算: budget executed (预算执行数), 万元."""
    findings: int | None = Field(None, ge=0)
    """审计督察 / 纪检监察: number of problems found (发现问题数)."""
    rectified: int | None = Field(None, ge=0)
    """审计督察 / 纪检监察: of those, how many are rectified (已整改); not more than ``findings``."""
    case_no: str | None = Field(None, json_schema_extra=IDENTIFIER)
    """司法判决 / 行政复议: case number (案号) or reconsideration decision number (复议决定书文号)."""
    performed: bool | None = None
    """司法判决 / 行政复议: whether the body has performed the judgment or decision (已履行)."""
    targets: int | None = Field(None, ge=0)
    """发展规划及目标完成: number of targets set for the period (目标任务数)."""
    targets_met: int | None = Field(None, ge=0)
    """发展规划及目标完成: targets met (完成数); not more than ``targets``."""

    @model_validator(mode="after")
    def _figures_fit_category(self) -> ArchiveEntry:
        for name in ARCHIVE_FIGURES_ALL:
            if getattr(self, name) is not None and name not in ARCHIVE_FIGURES.get(self.category, ()):
                raise ValueError(f"{name}: 不适用于档案类别「{self.category.value}」")
        for part, whole in (("rectified", "findings"), ("targets_met", "targets")):
            if getattr(self, part) is not None and getattr(self, whole) is None:
                raise ValueError(f"{part}: 须同时填写 {whole}")
            if getattr(self, part) is not None and getattr(self, part) > getattr(self, whole):
                raise ValueError(f"{part}: 不能超过 {whole}（{getattr(self, whole)}）")
        return self

    @property
    def figures(self) -> list[tuple[str, Any]]:
        """(label, value) of the figures the entry carries, in the order pages show them."""
        return [
            (label, getattr(self, name))
            for name, label in ARCHIVE_FIGURE_LABELS.items()
            if getattr(self, name) is not None
        ]


#: Which typed figures each archive category may carry (二(二)); others carry text only.
ARCHIVE_FIGURES: dict[ArchiveCategory, tuple[str, ...]] = {
    ArchiveCategory.debt_budget: ("debt_wan", "repaid_wan", "overdue_wan", "budget_wan", "spent_wan"),
    ArchiveCategory.audit: ("findings", "rectified"),
    ArchiveCategory.discipline: ("findings", "rectified"),
    ArchiveCategory.judgments: ("case_no", "performed"),
    ArchiveCategory.reconsideration: ("case_no", "performed"),
    ArchiveCategory.targets: ("targets", "targets_met"),
}
#: Every typed figure field of ArchiveEntry, with the label pages and data files give it.
ARCHIVE_FIGURE_LABELS: dict[str, str] = {
    "budget_wan": "年度预算（万元）",
    "spent_wan": "预算执行（万元）",
    "debt_wan": "债务余额（万元）",
    "repaid_wan": "已偿还（万元）",
    "overdue_wan": "逾期未还（万元）",
    "findings": "发现问题（个）",
    "rectified": "已整改（个）",
    "case_no": "案号或文号",
    "performed": "是否已履行",
    "targets": "目标任务（项）",
    "targets_met": "已完成（项）",
}
ARCHIVE_FIGURES_ALL = tuple(ARCHIVE_FIGURE_LABELS)


class DebtorListing(Model):
    """A department listed as 失信被执行人 by a court, triggering the 四(三) restrictions."""

    department: str
    """Id of the listed department."""
    court: str
    """Court that listed it."""
    case_no: str = Field(json_schema_extra=IDENTIFIER)
    """Enforcement case number (执行案号)."""
    listed_on: CNDate
    """Date of listing."""
    lifted_on: CNDate | None = None
    """Date the listing was removed; restrictions end then."""

    @model_validator(mode="after")
    def _order(self) -> DebtorListing:
        if self.lifted_on and self.lifted_on < self.listed_on:
            raise ValueError("lifted_on: 移出日期早于纳入日期")
        return self


class HotlineFigures(Model):
    """12345 市民服务热线 performance of a department for one year (三(二))."""

    department: str
    """Id of the department."""
    year: int = Field(ge=2000, le=2100)
    """Calendar year."""
    received: int = Field(ge=0)
    """Tickets (工单) assigned to the department."""
    responded_on_time: int = Field(ge=0)
    """Tickets answered within the hotline's time limit."""
    resolved: int = Field(ge=0)
    """Tickets resolved (办结)."""
    satisfaction: float = Field(ge=0, le=100)
    """Callers' satisfaction rate, percent."""
    through: CNDate | None = None
    """For a year not yet over (部分年度): the last day the figures cover; absent: the whole year."""

    @model_validator(mode="after")
    def _bounded(self) -> HotlineFigures:
        for name in ("responded_on_time", "resolved"):
            if getattr(self, name) > self.received:
                raise ValueError(f"{name}: 不能超过受理量 {self.received}")
        _through_in_year(self.through, self.year)
        return self


def _through_in_year(through: Any, year: int) -> None:
    """A partial year's cut-off date must fall in that year."""
    if through is not None and through.year != year:
        raise ValueError(f"through: 数据截止日期应在 {year} 年内")


class ProposalFigures(Model):
    """Handling of NPC suggestions (人大代表建议) and CPPCC proposals (政协委员提案) for a year."""

    department: str
    """Id of the department."""
    year: int = Field(ge=2000, le=2100)
    """Calendar year."""
    kind: Literal["人大代表建议", "政协委员提案"]
    """人大代表建议 / 政协委员提案."""
    assigned: int = Field(ge=0)
    """Items assigned to the department."""
    answered_on_time: int = Field(ge=0)
    """Items answered within the time limit."""
    satisfied: int = Field(ge=0)
    """Items whose author declared themselves satisfied (满意)."""
    through: CNDate | None = None
    """For a year not yet over (部分年度): the last day the figures cover; absent: the whole year."""

    @model_validator(mode="after")
    def _bounded(self) -> ProposalFigures:
        for name in ("answered_on_time", "satisfied"):
            if getattr(self, name) > self.assigned:
                raise ValueError(f"{name}: 不能超过交办数 {self.assigned}")
        _through_in_year(self.through, self.year)
        return self


class ProposalResult(StrEnum):
    """How a suggestion or proposal was settled, in the categories answers are filed under."""

    solved = "已解决或采纳"
    planned = "正在解决或列入计划"
    noted = "因条件限制留作参考"


class ProposalItem(Model):
    """One NPC suggestion or CPPCC proposal handled by a department, and how it was answered.

    Only items marked ``public`` are shown with their title and answer; the others count
    in the yearly figures (``proposals.yaml``) only.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable identifier (anchor on the proposals page)."""
    department: str
    """Id of the department that handled it (主办单位)."""
    year: int = Field(ge=2000, le=2100)
    """Year it was assigned, as in the ``proposals`` figures."""
    kind: Literal["人大代表建议", "政协委员提案"]
    """人大代表建议 / 政协委员提案."""
    number: str = Field(json_schema_extra=IDENTIFIER)
    """Its number in the session's register, e.g. 示人大建〔2026〕12号."""
    title: str
    """Title of the suggestion or proposal."""
    assigned_on: CNDate
    """Date it was assigned to the department (交办日期)."""
    answered_on: CNDate | None = None
    """Date the written answer was sent; absent while it is being handled."""
    result: ProposalResult | None = None
    """已解决或采纳 / 正在解决或列入计划 / 因条件限制留作参考; required once answered."""
    answer: str | None = None
    """How it was answered, in a sentence or two (the public summary of the reply)."""
    public: bool = True
    """False when the reply is not published (the author did not agree, or it holds personal or
    confidential information): the item then counts in the figures only, with no title or answer."""

    @model_validator(mode="after")
    def _answered(self) -> ProposalItem:
        if self.assigned_on.year != self.year:
            raise ValueError(f"assigned_on: 交办日期应在 {self.year} 年内")
        if self.answered_on and self.answered_on < self.assigned_on:
            raise ValueError("answered_on: 答复日期早于交办日期")
        if (self.answered_on is None) != (self.result is None):
            raise ValueError("result: 已答复的须填写办理结果，未答复的不应填写")
        if self.answered_on and not self.answer:
            raise ValueError("answer: 已答复的须填写答复摘要")
        return self


class ObjectionOutcome(StrEnum):
    """How an objection (异议) was decided."""

    upheld_record = "维持"
    corrected = "更正"
    revoked = "撤销"


class Objection(Model):
    """An objection to a published record (六(一)); the provider answers within 10 working days."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable identifier."""
    target: str
    """What is objected to: ``penalty:文号``, ``license:文号``, ``act:文号``, ``case:id`` or ``civil:id``."""
    department: str
    """Id of the department that provided the record and must answer."""
    filed_on: CNDate
    """Date the objection was received."""
    answered_on: CNDate | None = None
    """Date the answer was sent; absent while pending."""
    outcome: ObjectionOutcome | None = None
    """维持 / 更正 / 撤销; required once answered."""

    @model_validator(mode="after")
    def _answered(self) -> Objection:
        if self.answered_on and self.answered_on < self.filed_on:
            raise ValueError("answered_on: 答复日期早于受理日期")
        if (self.answered_on is None) != (self.outcome is None):
            raise ValueError("outcome: 已答复的异议须填写结果，未答复的不应填写")
        return self


class ThirdPartyResult(Model):
    """A third-party evaluation (三(一)) result, shown beside the computed score, never merged."""

    department: str
    """Id of the department."""
    year: int = Field(ge=2000, le=2100)
    """Year evaluated."""
    evaluator: str
    """Credit service institution that evaluated."""
    score: float | None = Field(None, ge=0, le=100)
    """Score out of 100, if the evaluator gives one."""
    grade: str | None = None
    """Grade, if the evaluator gives one (A / B / 优秀 …)."""
    report: Evidence
    """The evaluation report."""
