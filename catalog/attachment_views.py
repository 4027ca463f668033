"""Attachments of catalog items, served by the portal at their MEDIA_URL address (/media/…).

Who may download a file is who may see it on a page: the files the public item page lists
(a published 主动公开 item's, `publicity.shows_content`) go to everyone; those of a draft, a
pending or returned item, a withdrawn one or one catalogued without content only to staff
whose agencies include the item's (`works_for`), as the item in the admin. Anyone else gets a
404, as for a draft's page. Before, /media/ answered 404 under
gunicorn (nothing served it, so every public link was broken) and, on the development server,
served drafts' and withdrawn items' files to anyone who had the URL.

Who sends the bytes after the check is a setting (docs/deployment.md §3):
- MEDIA_STORAGE=s3: a redirect to a signed link of the bucket, valid for MEDIA_URL_EXPIRE s;
- MEDIA_SERVE=accel (nginx) or sendfile (Apache, lighttpd): the web server in front sends the
  file named in X-Accel-Redirect / X-Sendfile, which it serves from an internal location only;
- MEDIA_SERVE=django (the default): the portal streams the file itself.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe

from organisation.access import works_for

from .attachments import content_disposition
from .models import Attachment
from .publicity import shows_content

PUBLIC_MAX_AGE = 600  # as the public pages' cache: a withdrawal shows within minutes


@require_safe
def attachment_file(request, name):
    attachment = Attachment.objects.select_related("item").filter(file=name).first()
    if attachment is None:
        raise Http404
    item = attachment.item
    public = shows_content(item)
    if not public and not staff_may_see(request.user, item):
        raise Http404
    response = _send(attachment)
    response["Cache-Control"] = (
        f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-store"
    )
    return response


def staff_may_see(user, item):
    return user.has_perm("catalog.view_item") and works_for(user, item.agency_id)


def _send(attachment):
    # Every way of sending names the file as it was uploaded (RFC 6266 / RFC 5987).
    disposition = content_disposition(attachment.download_name)
    name = attachment.file.name
    if settings.MEDIA_STORAGE == "s3":
        return HttpResponseRedirect(
            attachment.file.storage.url(
                name,
                parameters={"ResponseContentDisposition": disposition},
                expire=settings.MEDIA_URL_EXPIRE,
            )
        )
    if settings.MEDIA_SERVE == "django":
        try:
            file = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(file, content_type=attachment.content_type)
    else:
        response = HttpResponse(content_type=attachment.content_type)
        if settings.MEDIA_SERVE == "accel":
            response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX + quote(name)
        else:
            response["X-Sendfile"] = attachment.file.path
    response["Content-Disposition"] = disposition
    return response
