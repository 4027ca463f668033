"""The receipt and tracking pages name the receiving agency's contact data, the receipt says
how the query code reaches the applicant, labels carry no colon, and the files every browser
and crawler asks for exist (/favicon.ico, /robots.txt)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from tests.applying import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(county, agency_a):
    county.phone, county.address = "0564-8600000", "舒城县城关镇县府路1号"
    county.save()
    agency_a.phone, agency_a.address = "0564-8611111", "舒城县城关镇财政路8号"
    agency_a.office_hours = "工作日 8:30-12:00"
    agency_a.save()
    return agency_a


def footer(html):
    return re.search(r'<footer class="site-footer".*?</footer>', html, re.S).group(0)


def receipt(client, agency, **fields):
    response = submit(client, agency, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get("/apply/receipt/").content.decode()


def test_the_receipt_and_the_tracking_page_give_the_receiving_agencys_contact(client, contacts):
    html = receipt(client, contacts)
    assert "0564-8611111" in footer(html) and "舒城县城关镇财政路8号" in footer(html)
    assert "0564-8600000" not in html
    number = re.search(r"<dt>申请编号</dt><dd>([^<]+)</dd>", html).group(1)
    code = re.search(r'<dd class="query-code">([^<]+)</dd>', html).group(1)

    client.post("/track/", {"number": number, "code": code})
    status = client.get("/track/").content.decode()
    assert "0564-8611111" in footer(status) and "工作日 8:30-12:00" in footer(status)
    assert "0564-8600000" not in status


def test_the_receipt_says_the_code_is_shown_once_and_whether_it_is_e_mailed(client, agency_a):
    emailed = receipt(client, agency_a)
    assert "只在本页显示这一次" in emailed and "含申请编号和查询码" in emailed
    not_emailed = receipt(client, agency_a, email="", delivery="post", form_wanted="paper")
    assert "查询码只在本页显示一次，不会再次显示" in not_emailed
    assert "电子邮箱" not in re.search(r'<p class="notice".*?</p>', not_emailed, re.S).group(0)


def test_the_tracking_form_labels_have_no_colon(client):
    html = client.get("/track/").content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", html)
    assert "申请编号" in labels and "查询码" in labels
    assert not [label for label in labels if label.rstrip().endswith(("：", ":"))]


def test_robots_txt_keeps_crawlers_off_staff_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for private in ("/admin/", "/staff/", "/track/"):
        assert f"Disallow: {private}" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_favicon_exists(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == static("favicon.ico")
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    assert 'rel="icon"' in client.get("/").content.decode()
