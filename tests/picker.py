"""Choosing a record in a search-as-you-type picker (``static/js/picker.js``) in Chromium,
as a keyboard user does: type, go down to the match, press Enter."""

import re


def pick(page, field_id: str, typed: str, option: str) -> None:
    """Type ``typed`` into the picker ``#field_id`` (nothing: just open it) and choose
    the match containing ``option`` with the arrow keys and Enter."""
    field = page.locator(f"input#{field_id}")
    field.fill("")
    if typed:
        field.press_sequentially(typed, delay=20)
    else:  # a picker that lists all it offers (the chosen families' members) opens on a click
        field.click()
    match = page.get_by_role("option", name=re.compile(re.escape(option)))
    match.first.wait_for()
    options = page.locator(f"#{field_id}__listbox [role=option]")
    names = [options.nth(i).inner_text() for i in range(options.count())]
    index = next(i for i, name in enumerate(names) if option in name)
    field.focus()
    for _step in range(index + 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
