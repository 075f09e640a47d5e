from django.conf import settings
from django.urls import reverse

from fostercare.accounts.navigation import items_for


def navigation(request) -> dict:
    """The navigation for the user's role; the entry whose URL is the longest prefix of
    the current page is marked active."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"label": item.label, "url": reverse(item.url_name), "icon": item.icon}
        for item in items_for(user)
    ]
    matches = [
        item
        for item in items
        if request.path == item["url"]
        or (item["url"] != "/" and request.path.startswith(item["url"]))
    ]
    active = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is active
    return {"nav_items": items}


def session_timeout(request) -> dict:
    """How long a session lasts without a request, for the warning before it ends
    (static/js/app.js)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_idle_minutes": settings.SESSION_COOKIE_AGE // 60,
    }
