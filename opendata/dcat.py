"""The catalog as DCAT-AP in JSON-LD (/api/v1/dcat.jsonld), for open-data harvesters.

One `dcat:Catalog` (the portal), a `dcat:Dataset` per agency (its catalogue, with its
contact point) and per directory (that directory across every agency). Each dataset's
`dcat:Distribution`s are the API list (JSON) and, for an agency, the bulk downloads of
each year it published in (CSV and XLSX, opendata/downloads.py).

The catalog comes in pages of PAGE_SIZE datasets, linked the way DCAT harvesters (CKAN's
ckanext-dcat) follow them: a `hydra:PagedCollection` with the first, last, next and
previous page. Whole, the catalog of 2,000 agencies was 18.8 MB and took 2.9 s to build.
The years of a page's agencies come from one aggregate query; every page is cached per
public version (opendata/http.py), so harvesters polling it cost nothing until something
is published.
"""

import re
from datetime import datetime
from math import ceil

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from catalog import navigation
from catalog.models import Item
from organisation.models import Agency

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "hydra": "http://www.w3.org/ns/hydra/core#",
}
PAGE_SIZE = 100
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


def years_by_agency(agency_ids):
    """{agency id: [years with published items]}, newest first.

    Asked as "does one exist" for each agency and year, an index probe each: grouping the
    agencies' items by year read every one of them (100 agencies: 40,000 data pages,
    0.15 s warm and 1.3 s from disk at 1,000,000 items).
    """
    public = Item.objects.public()
    dates = public.order_by("published_at").values_list("published_at", flat=True)
    oldest, newest = dates.first(), dates.reverse().first()
    if oldest is None:
        return {}
    local = timezone.get_current_timezone()
    years = range(newest.astimezone(local).year, oldest.astimezone(local).year - 1, -1)

    def published_in(year):
        return Exists(
            public.filter(
                agency=OuterRef("pk"),
                status=Item.Status.PUBLISHED,
                published_at__gte=datetime(year, 1, 1, tzinfo=local),
                published_at__lt=datetime(year + 1, 1, 1, tzinfo=local),
            )
        )

    rows = Agency.objects.filter(pk__in=agency_ids).annotate(
        **{f"in_{year}": published_in(year) for year in years}
    )
    found = rows.values_list("pk", *(f"in_{year}" for year in years))
    return {
        pk: [year for year, published in zip(years, flags, strict=True) if published]
        for pk, *flags in found
    }


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


class NoSuchPage(Exception):
    pass


def catalog_document(request, page=1):
    """The catalog's `page`: its datasets (agencies in tree order, then directories) and
    the links to the other pages; NoSuchPage past the last."""
    absolute = request.build_absolute_uri
    agencies = navigation.public_agencies()
    entries = [("agency", pk) for pk in agencies]
    entries += [("directory", row[0]) for row in navigation.directory_rows()]
    pages = max(1, ceil(len(entries) / PAGE_SIZE))
    if not 1 <= page <= pages:
        raise NoSuchPage
    chosen = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    years = years_by_agency([pk for kind, pk in chosen if kind == "agency"])
    datasets = []
    for kind, pk in chosen:
        if kind == "agency":
            datasets.append(agency_dataset(request, agencies[pk], years.get(pk, [])))
        else:
            path = [name for _pk, name in navigation.directory_path(pk)]
            datasets.append(directory_dataset(request, pk, path))
    portal = next(iter(agencies.values()), None)
    catalog = {
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
        catalog["dct:publisher"] = {
            "@id": absolute(portal.get_absolute_url()),
            "@type": "foaf:Agent",
            "foaf:name": zh(portal.name),
        }

    def page_url(number):
        return absolute(reverse("opendata:dcat") + "?" + urlencode({"page": number}))

    paging = {
        "@id": page_url(page),
        "@type": "hydra:PagedCollection",
        "hydra:totalItems": len(entries),
        "hydra:itemsPerPage": PAGE_SIZE,
        "hydra:firstPage": page_url(1),
        "hydra:lastPage": page_url(pages),
    }
    if page < pages:
        paging["hydra:nextPage"] = page_url(page + 1)
    if page > 1:
        paging["hydra:previousPage"] = page_url(page - 1)
    return {"@context": CONTEXT, "@graph": [catalog, paging]}


def dcat_catalog(request):
    raw = request.GET.get("page", "1")
    if not re.fullmatch(r"[1-9][0-9]{0,5}", raw):
        return JsonResponse({"detail": "页码无效：应为正整数"}, status=400)
    try:
        document = catalog_document(request, int(raw))
    except NoSuchPage:
        return JsonResponse({"detail": "没有这一页"}, status=404)
    return JsonResponse(
        document,
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False},
    )
