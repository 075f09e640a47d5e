from collections.abc import Iterable

from django.db import models

from fostercare.audit.services import log_access


class AccessLoggedMixin:
    """Pages that show a named child's or family's personal data: every GET that
    renders writes one access-log row for each record the page showed
    (``accessed_records``; by default the view's ``object``).

    The records come from the view's selectors, so an outsider gets a 404 before
    anything is logged, and a page that fails logs nothing.
    """

    def accessed_records(self) -> Iterable[models.Model]:
        return [self.object]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200:
            for record in self.accessed_records():
                log_access(user=request.user, instance=record, path=request.path)
        return response
