"""Importing seed 000's remote-filing list (28 projects) as offices publish it: CSV and XLSX,
twice, and with bad rows among good ones."""

from cme_contracts.events import ProjectPublished
from cme_platform.auth import Role
from cme_platform.testing.tokens import auth_header

ZHEJIANG_OFFICE = auth_header(Role.PROVINCIAL_OFFICE, account_id="office-zj", jurisdiction="zhejiang")


async def upload(api, content: bytes, filename: str, headers=ZHEJIANG_OFFICE, remote_filing: bool = True):
    return await api.post("/api/projects/imports", headers=headers, data={"remote_filing": str(remote_filing).lower()},
                          files={"file": (filename, content)})


async def test_seed_000_imports_all_28_rows_once_however_often_and_in_whichever_format(service, seed_csv, seed_xlsx):
    api = service.client
    first = await upload(api, seed_csv, "2021年异地备案项目.csv")
    assert first.status_code == 200, first.text
    assert first.json() == {"imported": 28, "updated": 0, "unchanged": 0, "problems": []}
    again = await upload(api, seed_csv, "2021年异地备案项目.csv")
    assert again.json() == {"imported": 0, "updated": 0, "unchanged": 28, "problems": []}
    as_xlsx = await upload(api, seed_xlsx, "2021年异地备案项目.xlsx")
    assert as_xlsx.json() == {"imported": 0, "updated": 0, "unchanged": 28, "problems": []}

    published = await service.events(ProjectPublished)
    assert len(published) == 28, "re-imports publish nothing"
    assert all(e["remote_filing"] and e["jurisdiction"] == "zhejiang" for e in published)
    first_row = next(e for e in published if e["number"] == "2021-03-05-129（国）")
    assert (first_row["number_normalized"], first_row["start_date"], first_row["end_date"], first_row["credits"]) == (
        "2021-03-05-129(国)", "2021-03-27", "2021-03-28", 4.0)

    listed = (await api.get("/api/projects/remote-filings", params={"jurisdiction": "zhejiang", "year": 2021})).json()
    assert listed["total"] == 28
    ascii_spelling = (await api.get("/api/projects", params={"number": "2021-14-05-929（国）"})).json()
    assert [p["number"] for p in ascii_spelling["items"]] == ["2021-14-05-929 (国)"], "kept as written"
    society = (await api.get("/api/projects", params={"number": "口继教字2021-032"})).json()["items"][0]
    assert (society["level"], society["credits"], society["lead"]) == ("society", 2.0, "金作林")


async def test_bad_rows_are_reported_with_their_line_and_reason_while_the_good_rows_import(service, seed_table, csv_of):
    table = [row[:] for row in seed_table[:6]]
    table[2][1] = "2021-17-01-124"  # line 3: the （国） left out
    table[4][6] = "2021年4月17日-4月"  # line 5: an unreadable date
    table[5][7] = "四分"  # line 6: unreadable credits
    report = (await upload(service.client, csv_of(table), "名单.csv")).json()
    assert report["imported"] == 2
    assert [(p["row"], p["code"]) for p in report["problems"]] == [
        (3, "project_number.invalid"), (5, "listing.bad_dates"), (6, "listing.bad_credits")]
    assert "项目编号" in report["problems"][0]["reason"]

    table[2][1] = "2021-17-01-124（国）"  # the office corrects line 3 and a changed credit on line 2
    table[1][7] = "国家级I类5分"
    corrected = (await upload(service.client, csv_of(table), "名单.csv")).json()
    assert (corrected["imported"], corrected["updated"], corrected["unchanged"]) == (1, 1, 1)
    assert len(await service.events(ProjectPublished)) == 4


async def test_only_a_provincial_office_imports_and_a_file_without_the_header_is_refused(service, seed_csv):
    api = service.client
    owner = auth_header(Role.PROJECT_OWNER, account_id="owner-1", unit_id="unit-1")
    assert (await upload(api, seed_csv, "list.csv", headers=owner)).status_code == 403
    assert (await upload(api, seed_csv, "list.csv", headers={})).status_code == 401
    headless = await upload(api, "编号,名字\n1,2\n".encode(), "list.csv")
    assert headless.status_code == 422 and headless.json()["error"]["code"] == "import.bad_header"
    pdf = await upload(api, b"%PDF-1.4", "list.pdf")
    assert pdf.json()["error"]["code"] == "import.unsupported_file"
    assert (await api.get("/api/projects")).json()["total"] == 0
