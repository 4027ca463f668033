"""Catalog attachments are served by the portal after a look at their item (issue 17,
finding 7; catalog/attachment_views.py, docs/deployment.md §3).

Before, /media/ was served only by the development server (DEBUG), to anyone: a draft's or a
withdrawn item's file was downloadable with its URL, and under gunicorn every public link was
a 404."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Attachment
from organisation.roles import DISCLOSURE_OFFICE, INFORMATION_OFFICER, REVIEWER
from tests.items import new_item, published_item

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach(item, name="预算表.pdf"):
    attachment = Attachment(item=item, file=SimpleUploadedFile(name, PDF))
    attachment.full_clean()
    attachment.save()
    return attachment


@pytest.fixture
def staff(make_staff, county, agency_a, agency_b):
    roles = [INFORMATION_OFFICER, REVIEWER]
    return {
        "a": make_staff("a", roles, agencies=[agency_a]),
        "b": make_staff("b", roles, agencies=[agency_b]),
        "office": make_staff("office", [DISCLOSURE_OFFICE], agencies=[county]),
    }


@pytest.fixture
def files(agency_a, staff):
    user = staff["a"]
    published = published_item(agency_a, user, user, title="已发布")
    withdrawn = published_item(agency_a, user, user, title="已撤回")
    withdrawn.withdraw(user, "内容有误")
    return {
        "published": attach(published),
        "draft": attach(new_item(agency_a, user, title="草稿")),
        "withdrawn": attach(withdrawn),
    }


def url(attachment):
    return "/media/" + attachment.file.name


def test_the_public_page_links_a_file_everyone_can_download(client, files):
    published = files["published"]
    page = client.get(published.item.get_absolute_url())
    assert f'href="{url(published)}"' in page.text
    response = client.get(url(published))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"].startswith("public")


@pytest.mark.parametrize("kind", ["draft", "withdrawn"])
def test_files_of_unpublished_items_only_reach_staff_in_scope(client, files, staff, kind):
    """Before: the development server gave them to anyone with the URL."""
    address = url(files[kind])
    assert client.get(address).status_code == 404
    for who, expected in [("b", 404), ("a", 200), ("office", 200)]:
        client.force_login(staff[who])
        response = client.get(address)
        assert response.status_code == expected, who
        if expected == 200:
            assert response["Cache-Control"] == "private, no-store"


def test_an_unknown_or_traversing_name_is_a_404(client, files):
    for address in ("/media/attachments/none.pdf", "/media/../settings.py", "/media/%2e%2e/x"):
        assert client.get(address).status_code == 404


def test_behind_nginx_the_web_server_sends_the_file(client, files, settings):
    settings.MEDIA_SERVE = "accel"
    response = client.get(url(files["published"]))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + files["published"].file.name
    assert "filename*=UTF-8''%E9%A2%84%E7%AE%97%E8%A1%A8.pdf" in response["Content-Disposition"]
    assert client.get(url(files["draft"])).status_code == 404  # checked first, always


def test_behind_apache_x_sendfile_names_the_path(client, files, settings):
    settings.MEDIA_SERVE = "sendfile"
    response = client.get(url(files["published"]))
    assert response["X-Sendfile"] == files["published"].file.path


def test_with_s3_the_portal_redirects_to_a_short_signed_link(client, files, settings):
    settings.MEDIA_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "portal-media",
                "endpoint_url": "http://127.0.0.1:9000",
                "region_name": "us-east-1",
                "access_key": "key",
                "secret_key": "secret",
                "querystring_auth": True,
            },
        },
    }
    response = client.get(url(files["published"]))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("http://127.0.0.1:9000/portal-media/attachments/")
    query = parse_qs(urlsplit(location).query)
    assert "Signature" in query
    assert abs(int(query["Expires"][0]) - time.time() - 300) < 30  # MEDIA_URL_EXPIRE
    assert query["response-content-disposition"][0] == (
        "attachment; filename=\"attachment.pdf\"; filename*=UTF-8''%E9%A2%84%E7%AE%97%E8%A1%A8.pdf"
    )
    assert client.get(url(files["draft"])).status_code == 404


def test_a_file_downloads_under_its_original_name_with_type_and_size_on_the_link(
    client, files, settings
):
    published = files["published"]
    expected = (
        "attachment; filename=\"attachment.pdf\"; filename*=UTF-8''%E9%A2%84%E7%AE%97%E8%A1%A8.pdf"
    )
    assert client.get(url(published))["Content-Disposition"] == expected
    for serve in ("accel", "sendfile"):
        settings.MEDIA_SERVE = serve
        assert client.get(url(published))["Content-Disposition"] == expected
    page = client.get(published.item.get_absolute_url()).text
    assert '>预算表.pdf</a> <span class="size">（PDF，' in page


def test_a_name_given_without_its_extension_gets_the_files(client, agency_a, staff):
    user = staff["a"]
    item = published_item(agency_a, user, user, title="带附件")
    attachment = Attachment(item=item, name="资金分配明细表", file=SimpleUploadedFile("x.pdf", PDF))
    attachment.save()
    disposition = client.get(url(attachment))["Content-Disposition"]
    assert disposition.endswith(
        "filename*=UTF-8''%E8%B5%84%E9%87%91%E5%88%86%E9%85%8D%E6%98%8E%E7%BB%86%E8%A1%A8.pdf"
    )
    assert 'download="资金分配明细表.pdf"' in client.get(item.get_absolute_url()).text
