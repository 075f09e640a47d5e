"""View mixins: who may enter (by role), and the records a view is about."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404


class RoleRequiredMixin(LoginRequiredMixin):
    """Let in only users whose role may do ``permission`` (see ``permissions.PERMISSIONS``).

    Anonymous users are sent to the login page; a logged-in user whose role may not
    do the action gets 403, or 404 where ``not_found_if_denied`` is set: pages whose
    very existence is not for other roles (the managers' dashboards) answer as if
    there were no such page.

    ``scoped_objects`` names the view's cached properties that load the records the
    page is about through their selectors (``family_get`` and the like), which make
    another municipality's record a 404. They are resolved right after the role
    check, before a form is built or anything is written, whatever the method.
    """

    permission: str = ""
    scoped_objects: tuple[str, ...] = ()
    not_found_if_denied: bool = False

    def dispatch(self, request, *args, **kwargs):
        if not self.permission:
            raise ImproperlyConfigured(f"{type(self).__name__} must set `permission`.")
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.can(self.permission):
            raise Http404 if self.not_found_if_denied else PermissionDenied
        for name in self.scoped_objects:
            getattr(self, name)
        return super().dispatch(request, *args, **kwargs)
