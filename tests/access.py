"""A small county with one of everything, and a logged-in client per kind of user, for the
access matrix (tests/test_access_matrix.py, tests/test_access_actions.py) and the XSS tests.

Everything that belongs to an agency belongs to agency A (舒城县财政局); agency B
(舒城县教育体育局) is its sibling under the county government, whose 公开办 oversees both.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from catalog.models import Attachment, Directory, Item
from organisation.roles import (
    DISCLOSURE_OFFICE,
    HANDLER,
    HEAD_OF_OFFICE,
    INFORMATION_OFFICER,
    REVIEWER,
)
from requests_app.models import Case, Request
from tests.items import cleared, new_item, published_item
from tests.requesting import make_request
from workcalendar.models import CalendarDay, CalendarYear

ROLES = ("anonymous", "applicant", "staff_a", "staff_b", "office", "admin")
# Every staff role at once, so that agency scoping (not a missing role) is what keeps B out.
ALL_AGENCY_ROLES = [INFORMATION_OFFICER, REVIEWER, HANDLER, HEAD_OF_OFFICE]
# Personal data of the applicant of agency A's requests: no page may show it to outsiders.
SECRET_NAME = "欧阳保密"
SECRET_PHONE = "13912345678"
SECRET_ID = "341523198512010024"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    county: object
    agency_a: object
    agency_b: object
    users: dict
    request: Request  # in progress: every workbench action applies
    fee_request: Request  # has a fee notice: letters with a record id
    code: str  # fee_request's query code (the applicant tracks it)
    draft: Item
    pending: Item
    published: Item
    case: Case
    calendar_day: CalendarDay
    calendar_year: CalendarYear
    directory: Directory
    attachment: object
    public_file: object  # an attachment of the published item
    draft_file: object  # an attachment of the draft
    clients: dict = field(default_factory=dict)

    def client(self, role):
        if role not in self.clients:
            self.clients[role] = self._log_in(role)
        return self.clients[role]

    def _log_in(self, role):
        client = Client()
        if role == "applicant":
            response = client.post(
                "/track/", {"number": self.fee_request.number, "code": self.code}
            )
            assert response.status_code == 302, "the applicant could not track their request"
        elif role != "anonymous":
            client.force_login(self.users[role])
        return client


def build_world(make_agency, make_staff, monkeypatch=None):
    county = make_agency("舒城县人民政府", kind="government")
    agency_a = make_agency("舒城县财政局", parent=county)
    agency_b = make_agency("舒城县教育体育局", parent=county)
    users = {
        "staff_a": make_staff("staff_a", roles=ALL_AGENCY_ROLES, agencies=[agency_a]),
        "staff_b": make_staff("staff_b", roles=ALL_AGENCY_ROLES, agencies=[agency_b]),
        "office": make_staff("office", roles=[DISCLOSURE_OFFICE], agencies=[county]),
        "admin": User.objects.create_superuser("root", password="correct-horse-9"),
    }
    staff = users["staff_a"]
    personal = {"applicant_name": SECRET_NAME, "phone": SECRET_PHONE, "id_number": SECRET_ID}
    request, _ = make_request(agency_a, staff, received_on=datetime.date(2025, 3, 3), **personal)
    fee_request, code = make_request(
        agency_a, staff, received_on=datetime.date(2025, 3, 4), **personal
    )
    fee_request.issue_fee_notice(
        staff, basis="per_page", pages=300, notified_on=datetime.date(2025, 3, 5)
    )
    attachment = request.add_attachment(
        staff, SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf")
    )
    pending = new_item(agency_a, staff, title="待审核的信息")
    pending.submit(staff)
    cleared(pending, staff)  # 保密审查 done: publishing it is the 审核人's one step left
    draft = new_item(agency_a, staff, title="草稿信息")
    published = published_item(agency_a, staff, staff, title="已发布的信息")
    return World(
        county=county,
        agency_a=agency_a,
        agency_b=agency_b,
        users=users,
        request=request,
        fee_request=fee_request,
        code=code,
        draft=draft,
        pending=pending,
        published=published,
        case=Case.objects.create(
            agency=agency_a, kind=Case.Kind.REVIEW, filed_on=datetime.date(2025, 4, 1)
        ),
        calendar_day=CalendarDay.objects.create(
            date=datetime.date(2031, 10, 1), kind=CalendarDay.Kind.HOLIDAY, name="国庆节"
        ),
        calendar_year=CalendarYear.objects.create(year=2031),
        directory=Directory.objects.filter(parent__isnull=False).first()
        or Directory.objects.create(name="部门预算"),
        attachment=attachment,
        public_file=Attachment.objects.create(
            item=published, file=SimpleUploadedFile("预算.pdf", PDF), name="预算.pdf"
        ),
        draft_file=Attachment.objects.create(
            item=draft, file=SimpleUploadedFile("草稿.pdf", PDF), name="草稿.pdf"
        ),
    )
