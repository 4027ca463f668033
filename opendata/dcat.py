"""The catalog as DCAT-AP in JSON-LD (/api/v1/dcat.jsonld), for open-data harvesters.

One `dcat:Catalog` (the portal), a `dcat:Dataset` per agency (its catalogue, with its
contact point) and per directory (that directory across every agency). Each dataset's
`dcat:Distribution`s are the API list (JSON) and, for an agency, the bulk downloads of
each year it published in (CSV and XLSX, opendata/downloads.py).

The years come from one aggregate query; the document is cached per public version
(opendata/http.py), so harvesters polling it cost nothing until something is published.
"""

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from catalog import navigation
from catalog.models import Item

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
CHINESE = "http://publications.europa.eu/resource/authority/language/ZHO"
MEDIA = {
    "json": ("application/json", "http://publications.europa.eu/resource/authority/file-type/JSON"),
    "csv": ("text/csv", "http://publications.europa.eu/resource/authority/file-type/CSV"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "http://publications.europa.eu/resource/authority/file-type/XLSX",
    ),
}


def zh(text):
    return {"@value": text, "@language": "zh-CN"}


def distribution(url, kind, title, download=False):
    media_type, file_type = MEDIA[kind]
    node = {
        "@id": url + "#distribution",
        "@type": "dcat:Distribution",
        "dct:title": zh(title),
        "dcat:accessURL": {"@id": url},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
        "dct:format": {"@id": file_type},
    }
    if download:
        node["dcat:downloadURL"] = {"@id": url}
    return node


def years_by_agency():
    """{agency id: [years with published items]}, newest first, from one aggregate query."""
    rows = (
        Item.objects.public()
        .filter(status=Item.Status.PUBLISHED)
        .annotate(year=ExtractYear("published_at"))
        .values_list("agency_id", "year")
        .annotate(n=Count("id"))
        .order_by()
    )
    years = {}
    for agency_id, year, _n in rows:
        years.setdefault(agency_id, []).append(year)
    return {key: sorted(value, reverse=True) for key, value in years.items()}


def agency_dataset(request, agency, years):
    absolute = request.build_absolute_uri
    page = absolute(agency.get_absolute_url())
    api = absolute(reverse("opendata:items") + "?" + urlencode({"agency": agency.credit_code}))
    contact = {"@type": "vcard:Organization", "vcard:fn": zh(agency.name)}
    if agency.phone:
        contact["vcard:hasTelephone"] = agency.phone
    if agency.email:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{agency.email}"}
    if agency.address:
        contact["vcard:hasAddress"] = agency.address
    distributions = [distribution(api, "json", f"{agency.name}政府信息目录（接口，JSON）")]
    for year in years:
        for kind in ("csv", "xlsx"):
            url = absolute(reverse(f"opendata:download_{kind}", args=[agency.credit_code, year]))
            title = f"{agency.name}{year}年政府信息目录（{kind.upper()}）"
            distributions.append(distribution(url, kind, title, download=True))
    return {
        "@id": page + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": agency.credit_code,
        "dct:title": zh(f"{agency.name}政府信息公开目录"),
        "dct:description": zh(
            f"{agency.name}主动公开的政府信息的目录数据（索引号、名称、文号、日期、体裁、有效性等）"
        ),
        "dct:publisher": {"@id": page, "@type": "foaf:Agent", "foaf:name": zh(agency.name)},
        "dct:language": {"@id": CHINESE},
        "dcat:keyword": [zh("政府信息公开"), zh(agency.name)],
        "dcat:landingPage": {"@id": page},
        "dcat:contactPoint": contact,
        "dcat:distribution": distributions,
    }


def directory_dataset(request, pk, path):
    absolute = request.build_absolute_uri
    name = "/".join(path)
    page = absolute(reverse("catalog:list") + "?" + urlencode({"directory": pk}))
    api = absolute(reverse("opendata:items") + "?" + urlencode({"directory": pk}))
    return {
        "@id": page + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": f"directory-{pk}",
        "dct:title": zh(f"政府信息公开目录：{name}"),
        "dct:description": zh(f"各机关在“{name}”目录（含下级目录）中公开的政府信息"),
        "dct:language": {"@id": CHINESE},
        "dcat:keyword": [zh("政府信息公开"), zh(path[-1])],
        "dcat:landingPage": {"@id": page},
        "dcat:distribution": [distribution(api, "json", f"{name}（接口，JSON）")],
    }


def catalog_document(request):
    absolute = request.build_absolute_uri
    agencies = navigation.public_agencies()
    years = years_by_agency()
    portal = next(iter(agencies.values()), None)
    datasets = [agency_dataset(request, each, years.get(pk, [])) for pk, each in agencies.items()]
    for pk, _name, _parent, _level, _t in navigation.directory_rows():
        path = [name for _pk, name in navigation.directory_path(pk)]
        datasets.append(directory_dataset(request, pk, path))
    document = {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:dcat")),
        "@type": "dcat:Catalog",
        "dct:title": zh(f"{settings.SITE_NAME}政府信息公开目录"),
        "dct:description": zh(
            "本门户各机关主动公开的政府信息目录，以接口（JSON）和按年度的批量下载（CSV、XLSX）提供"
        ),
        "dct:language": {"@id": CHINESE},
        "dct:modified": {"@value": timezone.localdate().isoformat(), "@type": "xsd:date"},
        "foaf:homepage": {"@id": absolute(reverse("catalog:home"))},
        "dcat:dataset": datasets,
    }
    if portal is not None:
        document["dct:publisher"] = {
            "@id": absolute(portal.get_absolute_url()),
            "@type": "foaf:Agent",
            "foaf:name": zh(portal.name),
        }
    return document


def dcat_catalog(request):
    return JsonResponse(
        catalog_document(request),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False},
    )
