"""View pieces every app uses."""

from collections.abc import Sequence

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext_lazy
from django.views.generic import FormView, TemplateView

from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.audit.mixins import AccessLoggedMixin
from fostercare.audit.services import log_access_rows
from fostercare.exports import FORMATS, Column, export_response
from fostercare.forms import add_service_errors


class ServiceFormView(RoleRequiredMixin, AccessLoggedMixin, FormView):
    """A form whose valid data goes to a service.

    Subclasses implement ``perform(form)``, which calls the service and returns the
    object to go to (``get_success_url`` may use ``self.result``). A ``ValidationError``
    from the service is shown on the form and nothing is saved.

    Opening the form writes the access log for the records it is about (the view's
    ``scoped_objects``): an edit form shows their personal data as a page does.

    After a save the page it lands on says what was saved ("Gemt: …", a Django
    message that base.html announces with ``role="status"``); a view that words its
    own message sets ``success_message = None``. A ``?next=`` on the form's URL (a
    path on this site) is where the user came from: the form goes back there after a
    save and on "Cancel".
    """

    def accessed_records(self):
        records = (getattr(self, name) for name in self.scoped_objects)
        return [record for record in records if isinstance(record, Model)]

    template_name = "form.html"
    # Service argument -> form field, where the form asks for it under another name.
    error_field_map: dict[str, str] = {}
    title = ""
    submit_label = ""
    cancel_url = ""
    success_message: str | None = ""  # "": "Gemt: <title> – <record>"; None: the view's own

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.result = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error, self.error_field_map)
            return self.form_invalid(form)
        success_url = self.get_success_url()
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_next_url() or success_url)

    def get_success_message(self) -> str | None:
        """What was saved: the form's title and the record it was about."""
        if self.success_message is None:
            return None
        if self.success_message:
            return str(self.success_message)
        records = self.accessed_records()
        result = getattr(self, "result", None)
        record = records[0] if records else result if isinstance(result, Model) else None
        if record is None:
            return gettext("Saved: %(what)s") % {"what": self.title}
        return gettext("Saved: %(what)s – %(record)s") % {"what": self.title, "record": record}

    def get_next_url(self) -> str:
        """The page the user came from (``?next=``), if it is on this site; else ""."""
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        safe = url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return url if url and safe else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            submit_label=self.submit_label,
            cancel_url=self.get_next_url() or self.get_cancel_url(),
            next_url=self.get_next_url(),
        )
        return context

    def get_cancel_url(self) -> str:
        return self.cancel_url


class FilteredListView(RoleRequiredMixin, TemplateView):
    """A list page: a filter form (GET), the rows a selector gives with the form's
    filters, paged; the template extends ``list.html``. With ``?eksport=csv`` or
    ``?eksport=xlsx`` the same rows (all pages, the same filters and access rules) are
    a download. Every page and every export writes an access-log row: the record
    type, the filters and how many rows.

    Subclasses set ``filter_form_class``, ``columns`` (``(label, css class)`` of the
    table head), ``count_text`` (``ngettext_lazy(singular, plural, "counter")`` with
    ``%(counter)s``) and, to offer downloads, ``export_columns`` and ``export_name``;
    and implement ``get_rows(form)``: the selector's queryset with a valid form's
    filters applied, in a stable order. ``filter_widths`` gives a field's grid class
    (default ``col-md-3``).
    """

    template_name = "list.html"
    page_size = 50
    filter_form_class: type[forms.Form]
    filter_widths: dict[str, str] = {}
    columns: tuple[tuple[str, str], ...] = ()
    count_text = ngettext_lazy("%(counter)s row", "%(counter)s rows", "counter")
    empty_text = ""
    title = ""
    export_name = ""
    # Id-first pagination, for lists whose rows carry per-row subqueries: the page's
    # ids first (the subqueries not run for the rows skipped), then those rows.
    id_first_pagination = False

    def get_filter_form_kwargs(self) -> dict:
        return {}

    def get_rows(self, form: forms.Form) -> QuerySet:
        raise NotImplementedError

    def get_columns(self) -> tuple[tuple[str, str], ...]:
        return self.columns

    def get_export_columns(self) -> Sequence[Column]:
        """The columns of a download; none: the page offers no download."""
        return ()

    def get_search_terms(self) -> dict:
        """What the user searched for outside the filter form (a search posted so its
        terms stay out of the URL); written to the access log, CPR masked."""
        return {}

    @cached_property
    def filter_form(self) -> forms.Form:
        return self.filter_form_class(self.request.GET or None, **self.get_filter_form_kwargs())

    def _filters(self) -> dict:
        query = self.request.GET.copy()
        for key in ("side", "eksport"):
            query.pop(key, None)
        return query

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("eksport")
        columns = self.get_export_columns()
        if fmt in FORMATS and columns:
            return self.export(fmt, columns)
        return super().get(request, *args, **kwargs)

    def paginate(self, rows: QuerySet):
        number = self.request.GET.get("side")
        if not self.id_first_pagination:
            return Paginator(rows, self.page_size).get_page(number)
        page = Paginator(rows.values_list("pk", flat=True), self.page_size).get_page(number)
        ids = list(page.object_list)
        found = {row.pk: row for row in rows.filter(pk__in=ids).order_by()}
        page.object_list = [found[pk] for pk in ids if pk in found]
        return page

    def export(self, fmt: str, columns: Sequence[Column]) -> HttpResponse:
        rows = self.get_rows(self.filter_form)
        counted = []

        def each():
            for row in rows.iterator(chunk_size=2000):
                counted.append(row.pk)
                yield row

        generator = each()
        try:
            response = export_response(
                rows=generator, columns=columns, filename=self.export_name or "liste", fmt=fmt
            )
        finally:
            generator.close()
        log_access_rows(
            user=self.request.user,
            model=rows.model,
            action="export",
            path=self.request.path,
            details={"format": fmt, "filters": self._filters().dict(), "rows": len(counted)},
            records=counted,
        )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form
        rows = self.get_rows(form)
        page = self.paginate(rows)
        filters = self._filters()
        searched = filters.dict() | self.get_search_terms()
        count = page.paginator.count
        log_access_rows(
            user=self.request.user,
            model=rows.model,
            action="search" if any(v for v in searched.values()) else "list",
            path=self.request.path,
            details={"filters": searched, "rows": count, "page": page.number},
            records=page.object_list,
        )
        context.update(
            title=self.title,
            form=form,
            filter_fields=[
                (form[name], self.filter_widths.get(name, "col-md-3"))
                for name in form.fields
                if not form[name].is_hidden
            ],
            hidden_filter_fields=[form[name] for name in form.fields if form[name].is_hidden],
            page=page,
            query=filters.urlencode(),
            columns=self.get_columns(),
            count_text=self.count_text % {"counter": count},
            empty_text=self.empty_text,
            can_export=bool(self.get_export_columns()),
        )
        return context
