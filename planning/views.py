import uuid

from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from cases.models import Child
from cases.selectors import child_get
from families.models import Family
from families.selectors import family_choices, family_get, placeable_family_choices
from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.audit.mixins import AccessLoggedMixin, ShownRows
from fostercare.views import ServiceFormView
from planning import services
from planning.forms import (
    DecidedPlacementForm,
    FamilyProfileForm,
    NeedsProfileForm,
    NetworkMeetingForm,
    NetworkPersonForm,
)
from planning.rules import CRITERIA, CRITERION_LABELS
from planning.selectors import (
    family_profile_for,
    matching_list,
    needs_profile_for,
    network_explored,
    network_meeting_list,
    network_person_list,
    placement_decision_list,
)


class ChildMixin:
    """Pages about one child: the child comes from ``cases``' selector (404 outside
    the municipality) before anything else happens."""

    scoped_objects = ("child",)

    @cached_property
    def child(self) -> Child:
        return child_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def network_url(self) -> str:
        return reverse("planning:network", kwargs={"public_id": self.child.public_id})

    def get_context_data(self, **kwargs):
        return super().get_context_data(child=self.child, **kwargs)


class NetworkView(ChildMixin, RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    """The network first: the child's network map, the network meetings and family
    group conferences, the needs profile and the placement decisions."""

    permission = "planning.view"
    template_name = "planning/network.html"

    def accessed_records(self):
        return [self.child]

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            persons=network_person_list(child=self.child),
            meetings=network_meeting_list(child=self.child),
            explored=network_explored(child=self.child),
            profile=needs_profile_for(child=self.child),
            decisions=placement_decision_list(child=self.child),
            can_edit=user.can("planning.edit"),
            **kwargs,
        )


class ChildFormView(ChildMixin, ServiceFormView):
    permission = "planning.edit"

    def get_success_url(self) -> str:
        return self.network_url()

    def get_cancel_url(self) -> str:
        return self.network_url()


class NetworkPersonAddView(ChildFormView):
    form_class = NetworkPersonForm
    title = _("Add a person to the network map")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"families": family_choices(user=self.request.user)}

    def perform(self, form):
        return services.network_person_add(
            actor=self.request.user, child=self.child, **form.cleaned_data
        )


class NetworkPersonEditView(ChildFormView):
    form_class = NetworkPersonForm
    title = _("Edit person in the network map")
    scoped_objects = ("child", "person")

    @cached_property
    def person(self):
        person = network_person_list(child=self.child).filter(public_id=self.kwargs["person_id"])
        if not person:
            raise Http404
        return person[0]

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "families": family_choices(user=self.request.user),
            "instance": self.person,
        }

    def perform(self, form):
        return services.network_person_update(
            actor=self.request.user, person=self.person, **form.cleaned_data
        )


class NetworkMeetingAddView(ChildFormView):
    form_class = NetworkMeetingForm
    title = _("Record a network meeting or family group conference")

    def perform(self, form):
        return services.network_meeting_record(
            actor=self.request.user, child=self.child, **form.cleaned_data
        )


class NeedsProfileView(ChildFormView):
    form_class = NeedsProfileForm
    title = _("The child's needs profile")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": needs_profile_for(child=self.child)}

    def perform(self, form):
        return services.needs_profile_save(
            actor=self.request.user, child=self.child, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return reverse("planning:matching", kwargs={"public_id": self.child.public_id})


class MatchingView(ChildMixin, RoleRequiredMixin, AccessLoggedMixin, TemplateView):
    """Families with a free place that fit the child, ranked, with each criterion
    met or not and why; the child's network families first."""

    permission = "planning.view"
    template_name = "planning/matching.html"

    @cached_property
    def profile(self):
        return needs_profile_for(child=self.child)

    @cached_property
    def matches(self):
        if self.profile is None:
            return []
        return matching_list(user=self.request.user, child=self.child, profile=self.profile)

    def accessed_records(self):
        return [self.child]

    def accessed_rows(self):
        return [ShownRows(Family, [m.family.pk for m in self.matches])]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            profile=self.profile,
            matches=self.matches,
            criteria=[(name, CRITERION_LABELS[name]) for name in CRITERIA],
            explored=network_explored(child=self.child),
            can_edit=self.request.user.can("planning.edit"),
            **kwargs,
        )


class PlaceView(ChildFormView):
    """The placement form, pre-filled with the family chosen on the matching page,
    with the decision record."""

    form_class = DecidedPlacementForm
    title = _("Place the child")
    template_name = "planning/place_form.html"

    def get_initial(self):
        initial = super().get_initial()
        try:
            chosen = uuid.UUID(self.request.GET.get("familie", ""))
        except ValueError:  # none, or not an id: nothing pre-filled
            chosen = None
        if chosen is not None:
            families = placeable_family_choices(user=self.request.user)
            family = families.filter(public_id=chosen).first()
            if family is not None:
                initial["family"] = family
        initial.setdefault("kind", "doegnpleje")
        return initial

    def get_form_kwargs(self):
        families = placeable_family_choices(user=self.request.user)
        return super().get_form_kwargs() | {"families": families, "alternatives": families}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            explored=network_explored(child=self.child),
            profile=needs_profile_for(child=self.child),
            **kwargs,
        )

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.placement_decide(
            actor=self.request.user,
            child=self.child,
            family=data.pop("family"),
            alternatives=list(data.pop("alternatives")),
            **data,
        )

    def get_success_url(self) -> str:
        return reverse("cases:detail", kwargs={"public_id": self.child.public_id})

    def get_cancel_url(self) -> str:
        return reverse("planning:matching", kwargs={"public_id": self.child.public_id})


class FamilyProfileView(ServiceFormView):
    """What a family takes, for matching (the family's consultant keeps it)."""

    permission = "planning.family_profile"
    form_class = FamilyProfileForm
    title = _("Family profile for matching")
    scoped_objects = ("family",)

    @cached_property
    def family(self) -> Family:
        return family_get(user=self.request.user, public_id=self.kwargs["public_id"])

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": family_profile_for(family=self.family)}

    def perform(self, form):
        return services.family_profile_save(
            actor=self.request.user, family=self.family, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return reverse("families:detail", kwargs={"public_id": self.family.public_id})

    get_cancel_url = get_success_url
