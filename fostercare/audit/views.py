"""The access log of one record, for managers (GDPR art. 15: who looked, and when).

Art. 15(1) GDPR gives the person the dates and purposes of the consultations of their
data; the identities of the staff who looked only where the person needs them to
exercise their rights (CJEU, C-579/21 Pankki S, 22 June 2023). The page shows the
manager all of it; the manager decides what to hand over.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.audit.mixins import AccessLoggedMixin
from fostercare.audit.selectors import access_log_for


class RecordAccessLogView(RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    """Who looked at a child's or a family's record and when: its pages and forms,
    and the lists, searches and exports it was among, newest first, 100 a page.
    Subclasses load ``record`` through the record's ``<thing>_get`` selector (another
    municipality's record is a 404) and give ``record_url``. Reading the log is
    itself a look at the record, and logged."""

    template_name = "audit/access_log.html"
    scoped_objects = ("record",)
    page_size = 100

    @cached_property
    def record(self):
        raise NotImplementedError

    def record_url(self) -> str:
        raise NotImplementedError

    def accessed_records(self):
        return [self.record]

    def get_context_data(self, **kwargs):
        rows = access_log_for(instance=self.record)
        page = Paginator(rows, self.page_size).get_page(self.request.GET.get("side"))
        # Read now: this very look is logged before the page renders, and is on the
        # next reading.
        page.object_list = list(page.object_list)
        return super().get_context_data(
            record=self.record, record_url=self.record_url(), page=page, query="", **kwargs
        )
