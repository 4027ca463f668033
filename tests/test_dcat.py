"""The DCAT-AP catalog (/api/v1/dcat.jsonld) read by rdflib: a catalog, datasets per agency
and directory, distributions for the API and the yearly downloads."""

import pytest
from django.utils import timezone
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from catalog.models import Item
from tests.public_catalog import make_item

pytestmark = pytest.mark.django_db
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")


def test_rdflib_reads_the_catalog(client, county, agency_a, agency_b):
    make_item(agency_a, "财政信息")
    make_item(agency_a, "草稿", status=Item.Status.DRAFT)
    response = client.get("/api/v1/dcat.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    graph = Graph().parse(data=response.content, format="json-ld")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    datasets = set(graph.objects(catalogs[0], DCAT.dataset))
    assert datasets == set(graph.subjects(RDF.type, DCAT.Dataset))
    identifiers = {str(graph.value(d, DCT.identifier)) for d in datasets}
    assert {county.credit_code, agency_a.credit_code, agency_b.credit_code} <= identifiers
    assert any(each.startswith("directory-") for each in identifiers)
    [mine] = [
        d for d in datasets if graph.value(d, DCT.identifier) == Literal(agency_a.credit_code)
    ]
    assert graph.value(mine, DCT.title) == Literal(f"{agency_a.name}政府信息公开目录", lang="zh-cn")
    downloads = {
        str(graph.value(d, DCAT.downloadURL)) for d in graph.objects(mine, DCAT.distribution)
    }
    year = timezone.localdate().year
    path = f"/api/v1/downloads/{agency_a.credit_code}/{year}/items"
    assert {f"http://testserver{path}.csv", f"http://testserver{path}.xlsx"} <= downloads
    for each in graph.subjects(RDF.type, DCAT.Distribution):
        assert isinstance(graph.value(each, DCAT.accessURL), URIRef)
    # Every download it lists answers.
    for url in downloads - {"None"}:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200
    # agency_b published nothing: its dataset has the API only, no yearly downloads.
    [theirs] = [
        d for d in datasets if graph.value(d, DCT.identifier) == Literal(agency_b.credit_code)
    ]
    assert len(list(graph.objects(theirs, DCAT.distribution))) == 1


HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")


def test_a_harvester_follows_the_pages_to_every_dataset(client, county, agency_a, monkeypatch):
    from opendata import dcat

    for n in range(5):
        make_item(agency_a, f"财政信息{n}")
    monkeypatch.setattr(dcat, "PAGE_SIZE", 3)
    url, seen, pages = "/api/v1/dcat.jsonld", [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        graph = Graph().parse(data=response.content, format="json-ld")
        [view] = graph.subjects(RDF.type, HYDRA.PagedCollection)
        assert int(graph.value(view, HYDRA.itemsPerPage)) == 3
        page_datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
        assert 1 <= len(page_datasets) <= 3
        seen += [str(graph.value(d, DCT.identifier)) for d in page_datasets]
        total = int(graph.value(view, HYDRA.totalItems))
        following = graph.value(view, HYDRA.nextPage)
        url = str(following).removeprefix("http://testserver") if following else None
        pages += 1
    assert len(seen) == len(set(seen)) == total and pages == -(-total // 3)
    assert {county.credit_code, agency_a.credit_code} <= set(seen)
    assert any(each.startswith("directory-") for each in seen)


@pytest.mark.parametrize(
    ("page", "status"),
    [("0", 400), ("-1", 400), ("abc", 400), ("²", 400), ("1" * 7, 400), ("999", 404)],
)
def test_a_bad_page_number_gets_a_clear_error(client, county, page, status):
    response = client.get("/api/v1/dcat.jsonld", {"page": page})
    assert response.status_code == status
    assert response.json()["detail"] in ("页码无效：应为正整数", "没有这一页")
