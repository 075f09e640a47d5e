from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import models

from fostercare.audit.services import log_access, log_access_rows


@dataclass(frozen=True)
class ShownRows:
    """Records a page showed as rows (a list, search results): one access-log row for
    all of them, naming each (``records``: instances or primary keys)."""

    model: type[models.Model]
    records: Iterable[Any]
    action: Literal["list", "search"] = "list"
    details: dict[str, Any] = field(default_factory=dict)


class AccessLoggedMixin:
    """Pages that show a named child's or family's personal data: every GET that
    renders writes the access log, one row for each record the page is about
    (``accessed_records``; by default the view's ``object``) and one for each list of
    records it shows (``accessed_rows``, ``ShownRows``; by default none).

    The records come from the view's selectors, so an outsider gets a 404 before
    anything is logged, and a page that fails logs nothing. Form pages
    (``fostercare.views.ServiceFormView``) log the records they are about
    (``scoped_objects``); list pages (``FilteredListView``) the rows of each page.
    """

    def accessed_records(self) -> Iterable[models.Model]:
        return [self.object]

    def accessed_rows(self) -> Iterable[ShownRows]:
        return ()

    def accessed_path(self) -> str:
        """The page the log names: its path (a page made of sub-pages adds which)."""
        return self.request.path

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200:
            path = self.accessed_path()
            for record in self.accessed_records():
                log_access(user=request.user, instance=record, path=path)
            for shown in self.accessed_rows():
                records = [getattr(r, "pk", r) for r in shown.records]
                log_access_rows(
                    user=request.user,
                    model=shown.model,
                    action=shown.action,
                    path=path,
                    details={"rows": len(records), **shown.details},
                    records=records,
                )
        return response
