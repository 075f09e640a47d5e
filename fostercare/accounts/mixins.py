"""View mixins: who may enter (by role), and objects that outsiders cannot see."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


class RoleRequiredMixin(LoginRequiredMixin):
    """Let in only users whose role may do ``permission`` (see ``permissions.PERMISSIONS``).

    Anonymous users are sent to the login page; a logged-in user whose role may not
    do the action gets 403. Records of another municipality are not this mixin's
    job: views load them through a selector, which makes them a 404.
    """

    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission:
            raise ImproperlyConfigured(f"{type(self).__name__} must set `permission`.")
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.can(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
