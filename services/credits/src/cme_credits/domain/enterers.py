"""Who may enter whose credits: a learner only their own, a unit only for the people registered in it."""

from __future__ import annotations

from cme_credits.domain.errors import CreditRefused
from cme_credits.domain.identity import mask
from cme_credits.domain.self_entry import Entry


def check_own_identity(entry: Entry, *, id_number: str | None, name: str | None) -> None:
    """A learner enters only their own credits: name and ID must be theirs (本人学分证)."""
    if id_number != entry.id_number:
        raise CreditRefused("self_entry.not_own_identity", "只能录入本人的学分：身份证号与登录账号不一致")
    if name and name != entry.name:
        raise CreditRefused("self_entry.name_mismatch", "学分证姓名须与学员本人姓名一致", name=entry.name)


def check_own_unit(named_unit_id: str | None, *, own_unit_id: str | None) -> None:
    """The unit on an entry is the enterer's own (人员所在单位须为本人单位, seed 000 §5(5))."""
    if named_unit_id and named_unit_id != own_unit_id:
        raise CreditRefused("self_entry.not_own_unit",
                            "人员所在单位须为本人所在单位：录入的单位与登录账号所在单位不一致", unit_id=named_unit_id)


def check_registered(id_number: str, name: str, *, registered_name: str | None) -> None:
    """A unit acts only for people registered in it (本单位注册人员), under their registered name."""
    if registered_name is None:
        raise CreditRefused("self_entry.not_in_unit", f"{name}未在本单位注册（或注册尚未审核通过），"
                            "单位只能为本单位注册的人员录入学分或申请提前审核", id_number=mask(id_number))
    if registered_name != name:
        raise CreditRefused("self_entry.name_mismatch", f"姓名须与本单位注册信息一致（注册姓名：{registered_name}）",
                            name=name)
