"""The child's page links to the network and to matching (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from cases.sections import ChildLink

LINKS = (
    ChildLink(
        name="network",
        label=_("Network and needs"),
        url_name="planning:network",
        permission="planning.view",
        order=10,
    ),
    ChildLink(
        name="matching",
        label=_("Matching"),
        url_name="planning:matching",
        permission="planning.view",
        order=20,
    ),
)
