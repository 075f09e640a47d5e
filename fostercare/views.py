"""View pieces every app uses."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.views.generic import FormView

from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.forms import add_service_errors


class ServiceFormView(RoleRequiredMixin, FormView):
    """A form whose valid data goes to a service.

    Subclasses implement ``perform(form)``, which calls the service and returns the
    object to go to (``get_success_url`` may use ``self.result``). A ``ValidationError``
    from the service is shown on the form and nothing is saved.
    """

    template_name = "form.html"
    # Service argument -> form field, where the form asks for it under another name.
    error_field_map: dict[str, str] = {}
    title = ""
    submit_label = ""
    cancel_url = ""

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.result = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error, self.error_field_map)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            submit_label=self.submit_label,
            cancel_url=self.get_cancel_url(),
        )
        return context

    def get_cancel_url(self) -> str:
        return self.cancel_url
