"""WCAG 2.1 A/AA on every page each role can reach, and no sideways scroll at 390 px.

Every GET page of the permission matrix (``tests/test_permission_matrix.py`` ROUTES)
that a role may open is visited in Chromium, with the records the matrix builds for
it and one record of every kind (the admin matrix's ``_admin_world``) so lists have
rows; the admin role also visits the admin: its index and, for every registered
model, the list, the add page and a record. axe-core (vendored in ``axe/``, see its
README) checks each page; a serious or critical finding fails the test. The same page
at 390 × 844 (a phone) fails when the document is wider than the window.

One browser and one context per role, which puts axe-core into every page; every page
is loaded once (desktop), then the window is narrowed to measure it as a phone.
``A11Y_SCREENSHOTS=<folder>`` also keeps a screenshot of each page at both sizes, to
look at.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

from families.sections import family_sub_pages
from fostercare.accounts.models import Role
from fostercare.accounts.permissions import roles_for
from tests.conftest import log_in
from tests.factories import TEST_PASSWORD
from tests.test_permission_matrix import (
    ROUTES,
    _admin_may_add,
    _admin_record,
    _admin_world,
    _url,
)

from .world import everyday_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "axe" / "axe.min.js").read_text()
AXE_RUN = """async () => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" "))}));
}"""
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Not pages, nothing for axe to read: a PDF and the pickers' JSON searches.
NOT_HTML = {
    "economics:letter_pdf",
    "families:picker",
    "families:placeable_picker",
    "supervision:session_family_picker",
    "supervision:session_member_picker",
    "supervision:enrol_member_picker",
}


def _app_pages(role, home, user) -> list[str]:
    urls = []
    for route in ROUTES:
        if route.method != "get" or route.url_name in NOT_HTML:
            continue
        if role not in roles_for(route.permission) or route.allowed not in (None, 200):
            continue
        urls.append(_url(route, home, user))
    return urls


def _admin_pages(home, user) -> list[str]:
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        if _admin_may_add(model_admin, user):
            urls.append(reverse(f"{name}_add"))
        urls.append(reverse(f"{name}_change", args=[_admin_record(model_admin, home).pk]))
    return urls


def _screenshot(page, role, url: str, size: str) -> None:
    folder = os.environ.get("A11Y_SCREENSHOTS")
    if folder:
        name = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "start"
        page.screenshot(path=Path(folder) / str(role) / f"{name}-{size}.png", full_page=True)


# Each role's pages of the app; the admin's pages (the most) in halves, so that parallel
# test workers share them out.
ADMIN_PARTS = 2
CASES = [
    *(pytest.param(role, None, id=str(role)) for role in Role),
    *(pytest.param(Role.ADMIN, part, id=f"admin-site-{part + 1}") for part in range(ADMIN_PARTS)),
]


@pytest.mark.parametrize(("role", "admin_part"), CASES)
def test_every_page_passes_axe_and_fits_a_phone(
    browser, live_server, home, make_user, role, admin_part
):
    _admin_world(home)
    user = make_user(role, password=TEST_PASSWORD)
    families = everyday_world(home, user)
    if admin_part is None:
        urls = _app_pages(role, home, user)
        if role in roles_for("families.list"):  # family pages with a household
            urls += [reverse("families:detail", args=[family.public_id]) for family in families]
        if role in roles_for("families.view"):  # and their sub-pages, each app's section
            urls += [
                reverse("families:detail", args=[family.public_id]) + f"?del={name}"
                for family in families
                for name in family_sub_pages(user=user)
            ]
    else:
        urls = _admin_pages(home, user)[admin_part::ADMIN_PARTS]

    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    # axe-core goes into every page as it opens: sent to Chromium once, not once a page.
    context.add_init_script(script=AXE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    findings, sideways, failed = [], [], []
    try:
        log_in(page, user, TEST_PASSWORD)
        for url in urls:
            page.set_viewport_size(DESKTOP)
            response = page.goto(url)
            if response is None or response.status != 200:
                failed.append((url, response and response.status))
                continue
            _screenshot(page, role, url, "desktop")
            for violation in page.evaluate(AXE_RUN):
                findings.append((url, violation["id"], violation["impact"], violation["nodes"]))
            page.set_viewport_size(PHONE)
            overflow = page.evaluate(SIDEWAYS)
            _screenshot(page, role, url, "phone")
            if overflow > 0:
                sideways.append((url, overflow))
    finally:
        context.close()

    elements = sum(len(nodes) for *_, nodes in findings)
    where = role if admin_part is None else f"admin site, part {admin_part + 1}"
    report = [f"{where}: {len(urls)} pages, {len(findings)} findings on {elements} elements"]
    report += [
        f"  {url} {rule} ({impact}): {', '.join(nodes[:3])}"
        for url, rule, impact, nodes in findings
    ]
    report += [f"  {url} scrolls sideways at 390 px by {px} px" for url, px in sideways]
    report += [f"  {url} answered {status}" for url, status in failed]
    print("\n".join(report))
    assert (findings, sideways, failed) == ([], [], []), "\n".join(report)
