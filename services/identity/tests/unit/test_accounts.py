"""Who registers how, who approves whom, who may sign in."""

import random

import pytest

from cme_identity.domain.accounts import (
    AccountStatus,
    Unit,
    check_password_strength,
    decide_registration,
    device_account,
    individual_registration,
    issued_account,
    unit_admin_for,
)
from cme_identity.domain.codes import id_number_with_check_digit, org_code_with_check_digit
from cme_platform.auth import Principal, Role
from cme_platform.errors import Conflict, DomainError, Forbidden


def org_code() -> str:
    return org_code_with_check_digit(f"{random.randrange(10**8):08d}")


def id_number() -> str:
    return id_number_with_check_digit(f"51010719850101{random.randrange(1000):03d}")


def hospital() -> Unit:
    return Unit.register(org_code(), "成都市锦江区人民医院", "sichuan", "510100")


def learner_of(unit: Unit):
    return individual_registration(unit, Role.LEARNER, id_number(), "张三", "13800000000")


class TestUnitRegistration:
    def test_a_unit_registers_with_its_code_and_full_name_and_its_admin_is_active_at_once(self):
        unit = hospital()
        admin = unit_admin_for(unit, "jjrmyy", "科教科")
        assert admin.status is AccountStatus.ACTIVE
        assert (admin.role, admin.unit_id, admin.city_id, admin.jurisdiction) == (
            Role.UNIT_ADMIN, unit.id, "510100", "chengdu")

    def test_an_abbreviated_name_is_refused(self):
        with pytest.raises(DomainError) as refused:
            Unit.register(org_code(), "人医", "sichuan", "510100")
        assert refused.value.code == "unit.name_not_full"

    def test_a_city_outside_the_province_is_refused(self):
        with pytest.raises(DomainError) as refused:
            Unit.register(org_code(), "南京市第一医院", "sichuan", "320100")
        assert refused.value.code == "region.unknown_city"


class TestIndividualRegistration:
    def test_a_learner_waits_for_the_unit_and_cannot_sign_in_meanwhile(self):
        account = learner_of(hospital())
        assert account.status is AccountStatus.PENDING
        assert account.username == account.id_number
        with pytest.raises(Forbidden) as refused:
            account.ensure_may_sign_in()
        assert refused.value.code == "account.pending_approval"

    def test_nobody_registers_themselves_as_provincial_office(self):
        with pytest.raises(Forbidden):
            individual_registration(hospital(), Role.PROVINCIAL_OFFICE, id_number(), "李四", "13800000000")

    def test_a_phone_number_of_the_wrong_length_is_refused(self):
        with pytest.raises(DomainError) as refused:
            individual_registration(hospital(), Role.LEARNER, id_number(), "李四", "12345")
        assert refused.value.code == "account.bad_phone"

    def test_every_problem_of_the_form_is_said_at_once(self):
        with pytest.raises(DomainError) as refused:
            individual_registration(hospital(), Role.LEARNER, "11010519491231002", " ", "12345")
        assert [p["code"] for p in refused.value.details["problems"]] == [
            "account.name_required", "account.bad_phone", "id_number.invalid"]
        assert refused.value.message.count("；") == 2 and "手机号码" in refused.value.message

    @pytest.mark.parametrize("password", ["short1", "onlyletters", "12345678901"])
    def test_a_weak_password_is_refused(self, password):
        with pytest.raises(DomainError) as refused:
            check_password_strength(password)
        assert refused.value.code == "account.weak_password"


class TestApproval:
    def test_the_admin_of_the_learners_unit_approves_once(self):
        unit = hospital()
        admin = unit_admin_for(unit, "admin1", "科教科").principal()
        approved = decide_registration(learner_of(unit), admin, approve=True)
        assert approved.status is AccountStatus.ACTIVE
        approved.ensure_may_sign_in()
        with pytest.raises(Conflict):
            decide_registration(approved, admin, approve=False)

    def test_the_admin_of_another_unit_cannot_approve(self):
        other = unit_admin_for(hospital(), "admin2", "科教科").principal()
        with pytest.raises(Forbidden) as refused:
            decide_registration(learner_of(hospital()), other, approve=True)
        assert refused.value.code == "account.not_your_unit"

    def test_a_rejected_account_is_told_to_contact_its_unit(self):
        unit = hospital()
        admin = unit_admin_for(unit, "admin3", "科教科").principal()
        with pytest.raises(Forbidden) as refused:
            decide_registration(learner_of(unit), admin, approve=False).ensure_may_sign_in()
        assert refused.value.code == "account.rejected"


class TestIssuedAccounts:
    province = Principal("p1", Role.PROVINCIAL_OFFICE, jurisdiction="sichuan")

    def test_the_province_opens_a_city_office_account_for_one_of_its_cities(self):
        account = issued_account(self.province, Role.CITY_OFFICE, "chengdu", "成都市卫健委", jurisdiction="sichuan",
                                 city_id="510100")
        assert (account.role, account.city_id, account.status) == (Role.CITY_OFFICE, "510100", AccountStatus.ACTIVE)

    def test_a_city_office_account_needs_its_city(self):
        with pytest.raises(DomainError):
            issued_account(self.province, Role.CITY_OFFICE, "cd2", "成都", jurisdiction="sichuan")

    def test_the_province_cannot_open_accounts_in_another_province(self):
        with pytest.raises(Forbidden):
            issued_account(self.province, Role.REGULATOR, "js", "江苏监管", jurisdiction="jiangsu")

    def test_a_unit_admin_cannot_open_staff_accounts(self):
        admin = Principal("a1", Role.UNIT_ADMIN, unit_id="u1", jurisdiction="sichuan")
        with pytest.raises(Forbidden):
            issued_account(admin, Role.REGULATOR, "reg", "监管", jurisdiction="sichuan")

    def test_a_device_belongs_to_the_unit_of_whoever_registers_it(self):
        owner = Principal("o1", Role.PROJECT_OWNER, unit_id="u9", city_id="510100", jurisdiction="sichuan")
        device = device_account(owner, "swipe-001", "刷卡机1号")
        assert (device.role, device.unit_id) == (Role.DEVICE, "u9")
        with pytest.raises(Forbidden):
            device_account(Principal("l1", Role.LEARNER, unit_id="u9"), "swipe-002", "")
