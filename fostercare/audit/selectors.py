"""Reads of the audit trail."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from fostercare.audit.models import AccessLog


def access_log_for(*, instance: models.Model) -> QuerySet[AccessLog]:
    """Every look at ``instance``: its own pages and forms (``view``) and the lists,
    searches and exports it was among (``object_pks``), newest first — who saw the
    record and when, as a citizen may ask under GDPR art. 15. The caller has checked
    that the user may see the record (its ``<thing>_get`` selector)."""
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    pk = str(instance.pk)
    return (
        AccessLog.objects.filter(content_type=content_type)
        .filter(Q(object_pk=pk) | Q(object_pks__contains=[pk]))
        .select_related("user")
        .order_by("-at", "-id")
    )
