"""The main navigation: each entry names the action a role needs to see it.

Apps add their entries here in the order staff use them.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str
    icon: str = ""


NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Start"), "dashboard:start", "start.view", "house"),
    NavItem(_("My cases"), "cases:worklist", "cases.worklist", "list-check"),
    NavItem(_("Children"), "cases:list", "cases.list", "people"),
    NavItem(_("Register call"), "hotline:register", "hotline.register", "telephone"),
    NavItem(_("Follow-ups"), "hotline:inbox", "hotline.followup", "telephone-inbound"),
    NavItem(_("My families"), "dashboard:my_families", "families.mine", "person-heart"),
    NavItem(
        _("Contact after hours"), "hotline:out_of_hours_contact", "hotline.out_of_hours", "moon"
    ),
    NavItem(_("My sessions"), "supervision:supervisor_home", "supervision.supervise", "chat-dots"),
    NavItem(_("Foster families"), "families:list", "families.list", "houses"),
    NavItem(_("Network groups"), "support:groups", "support.view", "people"),
    NavItem(_("Courses"), "supervision:courses", "supervision.courses", "mortarboard"),
    NavItem(_("Yearly plan"), "supervision:year_plan", "supervision.yearplan", "calendar-week"),
    # The managers' dashboard holds the family figures and supervision coverage.
    NavItem(_("Overview"), "dashboard:overview", "dashboard.view", "speedometer2"),
    NavItem(_("Hotline calls"), "hotline:call_list", "hotline.manage", "telephone"),
    NavItem(_("Support coverage"), "support:coverage", "support.coverage", "diagram-3"),
    NavItem(_("Applications"), "economics:worklist", "economics.decide", "cash-coin"),
    NavItem(_("Payment list"), "economics:payment_list", "economics.payments", "wallet2"),
    NavItem(_("Economics figures"), "economics:figures", "economics.figures", "graph-up"),
    NavItem(_("Hotline figures"), "hotline:stats", "hotline.manage", "graph-up"),
    NavItem(
        _("Undelivered reminders"),
        "hotline:deliveries",
        "hotline.deliveries",
        "envelope-exclamation",
    ),
    NavItem(_("Working days"), "workdays:calendar", "calendar.view", "calendar3"),
)


def items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item in NAVIGATION if user.can(item.permission)]
