import pytest
from django.urls import reverse

from tests.public_catalog import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_agency, county):
    return make_agency(
        "舒城县民政局",
        parent=county,
        address="舒城县城关镇梅河路88号",
        office_hours="工作日 8:00—12:00，14:30—17:30",
        phone="0564-8621234",
        fax="0564-8625678",
        email="mzj@shucheng.gov.cn",
        postcode="231300",
    )


def test_guide_is_generated_from_the_agencys_data(client, office):
    make_item(office, "2025年社会救助标准", directory_name="社会救助")
    response = client.get(reverse("catalog:agency_guide", args=[office.credit_code]))
    assert response.status_code == 200
    html = response.text
    assert '<h1 id="guide-title">舒城县民政局政府信息公开指南</h1>' in html
    for value in [
        office.address,
        office.office_hours,
        office.phone,
        office.fax,
        office.email,
        office.postcode,
    ]:
        assert value in html
    # Classification with counts, how to obtain, the request procedure, remedies.
    assert "社会救助" in html and "（1）" in html
    for text in [
        "公开范围与分类",
        "公开方式",
        "依申请公开",
        "第二十九条",
        "20个工作日",
        "补正",
        "行政复议",
    ]:
        assert text in html
    assert "政务微博" in html  # the 公开渠道 list comes from the data


def test_guide_says_what_is_missing_instead_of_inventing_it(client, make_agency, county):
    bare = make_agency("舒城县审计局", parent=county)
    html = client.get(reverse("catalog:agency_guide", args=[bare.credit_code])).text
    assert "（未登记）" in html


def test_guide_is_linked_from_the_agency_page_and_unknown_agency_is_404(client, office):
    guide = reverse("catalog:agency_guide", args=[office.credit_code])
    assert guide in client.get(office.get_absolute_url()).text
    assert client.get("/agencies/000/guide/").status_code == 404


def test_township_guide_shows_the_township_directories(client, make_agency, county):
    from organisation.models import Agency

    township = make_agency("舒城县杭埠镇人民政府", parent=county, kind=Agency.Kind.TOWNSHIP)
    department = make_agency("舒城县水利局", parent=county)
    assert (
        "宅基地审核"
        in client.get(reverse("catalog:agency_guide", args=[township.credit_code])).text
    )
    assert (
        "宅基地审核"
        not in client.get(reverse("catalog:agency_guide", args=[department.credit_code])).text
    )


def test_the_guide_names_the_office_the_reading_room_and_the_receipt_rule(client, agency_a):
    """条例第十二条 (the real name of the office), 第二十五条 (查阅场所), 第三十一条 (收到申请之日)."""
    agency_a.office_name = "舒城县财政局办公室"
    agency_a.reading_room = "县档案馆政府信息查阅中心（梅河路8号），工作日9:00—17:00"
    agency_a.save()
    html = client.get(f"/agencies/{agency_a.credit_code}/guide/").text
    assert "<dd>舒城县财政局办公室</dd>" in html
    assert "县档案馆政府信息查阅中心（梅河路8号）" in html and "第二十五条" in html
    assert "在工作日17:00之前提交的以提交当日为收到申请之日" in html


def test_without_an_office_name_the_guide_says_what_the_law_calls_it(client, agency_a):
    html = client.get(f"/agencies/{agency_a.credit_code}/guide/").text
    assert f"<dd>{agency_a.name}政府信息公开工作机构</dd>" in html
    assert "公共图书馆和政务服务场所" in html


def test_the_guide_names_the_review_body_and_the_court(client, agency_a):
    """The letters' 复议机关 and court (行政复议法第二十四条, 行政诉讼法第十八条), and 复议前置 for
    不予公开 (行政复议法第二十三条), as the answer letters state them."""
    html = client.get(f"/agencies/{agency_a.credit_code}/guide/").text
    assert "60日内向舒城县人民政府申请行政复议" in html
    assert "应当先申请行政复议" in html and "向舒城县人民法院提起行政诉讼" in html
    agency_a.review_body = "六安市舒城县税务局的上一级税务局"
    agency_a.save()
    html = client.get(f"/agencies/{agency_a.credit_code}/guide/?v=2").text
    assert "60日内向六安市舒城县税务局的上一级税务局申请行政复议" in html
