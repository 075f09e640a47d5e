"""Lists as files: CSV that Danish Excel opens as it is (UTF-8 with a byte-order mark,
semicolons, decimal commas, day-month-year dates) and XLSX (openpyxl), from the same
rows and columns a page shows."""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
Format = Literal["csv", "xlsx"]


@dataclass(frozen=True)
class Column:
    """A column of an export: its heading and how a row gives its value (text, a
    number, a ``Decimal`` amount, a date or a time, a yes/no, or ``None``)."""

    label: str | Promise
    value: Callable[[Any], Any]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, Promise):
        return str(value)
    return value


def _csv_text(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal | float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def csv_bytes(rows: Iterable, columns: Sequence[Column]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(c.label) for c in columns])
    for row in rows:
        writer.writerow([_csv_text(c.value(row)) for c in columns])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def xlsx_bytes(rows: Iterable, columns: Sequence[Column], title: str = "") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "Data")[:31])
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            value = _plain(column.value(row))
            if isinstance(value, bool):
                value = _("Yes") if value else _("No")
            if isinstance(value, datetime):
                value = value.replace(tzinfo=None)
            cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
            if isinstance(value, datetime):
                cell.number_format = "dd-mm-yyyy hh:mm"
            elif isinstance(value, date):
                cell.number_format = "dd-mm-yyyy"
            elif isinstance(value, Decimal | float):
                cell.number_format = "#,##0.00"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(
    *, rows: Iterable, columns: Sequence[Column], filename: str, fmt: Format
) -> HttpResponse:
    """The rows as a download named ``filename`` (without extension)."""
    if fmt == "xlsx":
        body = xlsx_bytes(rows, columns, title=filename)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = csv_bytes(rows, columns)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
