"""Pages of the support around foster families: network groups, mentor pairings, the
search for a mentor near a family, and the managers' coverage."""

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from families.models import Family
from families.selectors import family_choices, family_get
from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.accounts.models import Role
from fostercare.accounts.selectors import staff_list
from fostercare.audit.mixins import AccessLoggedMixin, ShownRows
from fostercare.views import ServiceFormView
from supervision.models import CourseRun, SupervisionSession
from support import rules
from support.forms import (
    CheckInForm,
    DevelopmentGoalForm,
    GoalReviewForm,
    GroupStateForm,
    MeetingForm,
    MemberAddForm,
    NetworkGroupForm,
    PairingForm,
)
from support.selectors import (
    development_goal_get,
    mentor_candidates,
    mentor_pairing_get,
    mentor_pairing_list,
    network_group_detail,
    network_group_get,
    network_group_list,
    support_coverage_figures,
)
from support.services import groups as services
from support.services import plans


# --- network groups ------------------------------------------------------------------------
class GroupListView(RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    """A consultant's groups (responsible or facilitating), a supervisor's (facilitating),
    all of them for managers; and the current pairings the user follows (named
    families: access-logged)."""

    permission = "support.view"
    template_name = "support/group_list.html"

    @cached_property
    def pairings(self):
        pairings = mentor_pairing_list(user=self.request.user).filter(ended_on__isnull=True)
        return list(pairings[:100])

    def accessed_records(self):
        return []

    def accessed_rows(self):
        families = {p.mentor_id for p in self.pairings} | {p.mentee_id for p in self.pairings}
        return [ShownRows(Family, sorted(families))] if families else []

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            groups=list(network_group_list(user=user).order_by("ended_on", "name")),
            pairings=self.pairings,
            can_manage=user.can("support.manage"),
            size_citation=rules.GROUP_SIZE_CITATION,
            **kwargs,
        )


class GroupCreateView(ServiceFormView):
    permission = "support.manage"
    form_class = NetworkGroupForm
    title = _("New network group")
    submit_label = _("Form the group")

    def get_form_kwargs(self):
        user = self.request.user
        return super().get_form_kwargs() | {
            "families": family_choices(user=user).filter(is_active=True),
            "facilitators": staff_list(roles=(Role.SUPERVISOR, Role.CONSULTANT), user=user),
        }

    def get_initial(self):
        return {"started_on": timezone.localdate()}

    def perform(self, form):
        return services.network_group_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        warning = rules.group_size_warning(len(self.result.members.all()))
        if warning:
            messages.warning(self.request, warning)
        return reverse("support:group_detail", kwargs={"public_id": self.result.public_id})

    def get_cancel_url(self):
        return reverse("support:groups")


class GroupDetailView(RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    permission = "support.view"
    template_name = "support/group_detail.html"
    scoped_objects = ("group",)

    @cached_property
    def group(self):
        return network_group_detail(user=self.request.user, public_id=self.kwargs["public_id"])

    def accessed_records(self):
        return [self.group]

    def accessed_rows(self):
        return [ShownRows(Family, [m.family_id for m in self.group.member_rows])]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            group=self.group,
            can_manage=self.request.user.can("support.manage"),
            size_citation=rules.GROUP_SIZE_CITATION,
            **kwargs,
        )


class GroupMixin:
    permission = "support.manage"
    scoped_objects = ("group",)

    @cached_property
    def group(self):
        return network_group_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def get_success_url(self):
        return reverse("support:group_detail", kwargs={"public_id": self.group.public_id})

    get_cancel_url = get_success_url


class MemberAddView(GroupMixin, ServiceFormView):
    form_class = MemberAddForm
    title = _("Add a family to the group")

    def get_form_kwargs(self):
        families = family_choices(user=self.request.user).filter(is_active=True)
        return super().get_form_kwargs() | {"families": families}

    def get_initial(self):
        return {"joined_on": timezone.localdate()}

    def perform(self, form):
        return services.network_group_member_add(
            actor=self.request.user, group=self.group, **form.cleaned_data
        )


class GroupStateView(GroupMixin, ServiceFormView):
    form_class = GroupStateForm
    title = _("Change the group's state")

    def get_initial(self):
        return {"state": self.group.state, "ended_on": self.group.ended_on}

    def perform(self, form):
        return services.network_group_state_change(
            actor=self.request.user, group=self.group, **form.cleaned_data
        )


class MeetingAddView(GroupMixin, ServiceFormView):
    form_class = MeetingForm
    title = _("Record a group meeting")

    def get_form_kwargs(self):
        families = Family.objects.filter(network_group_memberships__group=self.group).distinct()
        return super().get_form_kwargs() | {"families": families}

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def perform(self, form):
        return services.network_group_meeting_record(
            actor=self.request.user, group=self.group, **form.cleaned_data
        )


# --- mentors ----------------------------------------------------------------------------
class FamilyMixin:
    permission = "support.manage"
    scoped_objects = ("family",)

    @cached_property
    def family(self):
        return family_get(user=self.request.user, public_id=self.kwargs["public_id"])


class MentorSearchView(FamilyMixin, RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    """Families in the same or a neighbouring postal area, the eligible first, each
    with what it lacks."""

    template_name = "support/mentor_search.html"

    @cached_property
    def candidates(self):
        return mentor_candidates(user=self.request.user, family=self.family)

    def accessed_records(self):
        return [self.family]

    def accessed_rows(self):
        return [ShownRows(Family, self.candidates, action="search")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            family=self.family,
            candidates=self.candidates,
            prefix=rules.postal_area_prefix(self.family.postal_code),
            citation=rules.MENTOR_CITATION,
            **kwargs,
        )


class PairingCreateView(FamilyMixin, ServiceFormView):
    form_class = PairingForm
    title = _("Pair with a mentor family")
    submit_label = _("Save pairing")

    def get_form_kwargs(self):
        mentors = family_choices(user=self.request.user).filter(is_active=True)
        return super().get_form_kwargs() | {"mentors": mentors.exclude(pk=self.family.pk)}

    def get_initial(self):
        initial = {"started_on": timezone.localdate()}
        mentor = self.request.GET.get("mentor", "")
        if mentor.isdigit():
            initial["mentor"] = mentor
        return initial

    def perform(self, form):
        return services.mentor_pairing_create(
            actor=self.request.user, mentee=self.family, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("support:pairing_detail", kwargs={"public_id": self.result.public_id})

    def get_cancel_url(self):
        return reverse("families:detail", kwargs={"public_id": self.family.public_id})


class PairingDetailView(RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    permission = "support.view"
    template_name = "support/pairing_detail.html"
    scoped_objects = ("pairing",)

    @cached_property
    def pairing(self):
        return mentor_pairing_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def accessed_records(self):
        return [self.pairing.mentor, self.pairing.mentee]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pairing=self.pairing,
            check_ins=list(self.pairing.check_ins.all()),
            can_manage=self.request.user.can("support.manage"),
            **kwargs,
        )


class CheckInAddView(ServiceFormView):
    permission = "support.manage"
    form_class = CheckInForm
    title = _("Record a check-in")
    scoped_objects = ("pairing",)

    @cached_property
    def pairing(self):
        return mentor_pairing_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def perform(self, form):
        return services.mentor_check_in_record(
            actor=self.request.user, pairing=self.pairing, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("support:pairing_detail", kwargs={"public_id": self.pairing.public_id})

    get_cancel_url = get_success_url


# --- development plans -----------------------------------------------------------------
class GoalCreateView(FamilyMixin, ServiceFormView):
    form_class = DevelopmentGoalForm
    title = _("New goal in the development plan")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "courses": CourseRun.objects.filter(enrolments__member__family=self.family).distinct(),
            "sessions": SupervisionSession.objects.filter(families=self.family),
        }

    def get_initial(self):
        return {"set_on": timezone.localdate()}

    def perform(self, form):
        return plans.development_goal_create(
            actor=self.request.user, family=self.family, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("families:detail", kwargs={"public_id": self.family.public_id})

    get_cancel_url = get_success_url


class GoalReviewView(ServiceFormView):
    permission = "support.manage"
    form_class = GoalReviewForm
    title = _("Review the goal")
    scoped_objects = ("goal",)

    @cached_property
    def goal(self):
        return development_goal_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def get_initial(self):
        return {"status": self.goal.status, "reviewed_on": timezone.localdate()}

    def perform(self, form):
        return plans.development_goal_review(
            actor=self.request.user, goal=self.goal, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("families:detail", kwargs={"public_id": self.goal.family.public_id})

    get_cancel_url = get_success_url


# --- managers ------------------------------------------------------------------------------
class CoverageView(RoleRequiredMixin, TemplateView):
    """How much of the municipality the support reaches (no names)."""

    permission = "support.coverage"
    template_name = "support/coverage.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=support_coverage_figures(user=self.request.user), **kwargs
        )
