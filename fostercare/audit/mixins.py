from fostercare.audit.services import access_record


class AccessLoggedMixin:
    """For detail views of sensitive records: every GET writes an access-log row.

    Put it after the role mixin and before the ``DetailView`` base; the object
    comes from the view's selector, so outsiders get a 404 before anything is logged.
    """

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        access_record(user=request.user, instance=self.object, path=request.path)
        return response
