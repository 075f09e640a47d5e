"""The child's page links to the network, to matching and to placing the child with
its decision record (registered in ``apps.py``)."""

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
    # Every placement is made with its decision record (the family chosen, the
    # alternatives considered, the reasons): there is no other way to place.
    ChildLink(
        name="place",
        label=_("New placement"),
        url_name="planning:place",
        permission="planning.edit",
        order=30,
    ),
)
