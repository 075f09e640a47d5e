"""Decision letters: the Danish text a decision gives the family, and a stored letter
as a PDF.

The text comes from ``templates/economics/letters/decision.txt``, rendered in Danish
whatever the language of the person deciding. The service stores it
(``DecisionLetter.body``) when the decision is made; the page and the PDF show the
stored text, so a later change of the template never changes a letter that has gone
out. The PDF is drawn with fpdf2 (pure Python; README, "Choices worth knowing") in
its built-in Helvetica, whose Windows-1252 encoding has every Danish letter, § and
the dashes and quotes of the text.
"""

from datetime import date, timedelta

from django.template.loader import render_to_string
from django.utils import translation
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from economics.models import (
    ApplicationKind,
    DecisionLetter,
    DecisionRule,
    ExpenseDecision,
)
from economics.rules import (
    APPEAL_WEEKS,
    LOST_EARNINGS_CITATION,
    OTHER_COSTS_CITATION,
    UNDOCUMENTED_CAP_CITATION,
    cap_remaining,
)

LETTER_LANGUAGE = "da"


def letter_title(decision: ExpenseDecision) -> str:
    application = decision.application
    child = application.placement.child
    if application.kind == ApplicationKind.LOST_EARNINGS:
        subject = "dækning af tabt arbejdsfortjeneste"
    else:
        subject = "dækning af øvrige og ekstraordinære omkostninger"
    return f"Afgørelse om {subject} – {child.first_name} {child.last_name}"


def letter_text(*, decision: ExpenseDecision, issued_on: date, cap_used: object) -> str:
    """The letter's text as issued on ``issued_on``; ``cap_used`` is what the child has
    had without documentation in the decision's year, this decision included."""
    application = decision.application
    if application.kind == ApplicationKind.LOST_EARNINGS:
        rules = [LOST_EARNINGS_CITATION]
    else:
        rules = [OTHER_COSTS_CITATION]
        if not application.documented:
            rules.append(UNDOCUMENTED_CAP_CITATION)
    with translation.override(LETTER_LANGUAGE):
        text = render_to_string(
            "economics/letters/decision.txt",
            {
                "title": letter_title(decision),
                "municipality": application.municipality,
                "family": application.family,
                "child": application.placement.child,
                "application": application,
                "category": application.get_category_display(),
                "decision": decision,
                "decided_by": decision.decided_by,
                "issued_on": issued_on,
                "appeal_by": issued_on + timedelta(weeks=APPEAL_WEEKS),
                "cap_remaining": cap_remaining(cap_used)
                if decision.rule == DecisionRule.UNDOCUMENTED
                else None,
                "rules": [str(rule) for rule in rules],
            },
        )
    return _tidy(text)


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line between paragraphs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line == "" and tidy and tidy[-1] == "":
            continue
        tidy.append(line)
    return "\n".join(tidy)


HEADINGS = {"Afgørelse", "Begrundelse", "Regler", "Sådan klager I"}


def letter_blocks(letter: DecisionLetter) -> list[tuple[str, list[str]]]:
    """The stored text as blocks for the page and the PDF: ``("title" | "heading" |
    "text", lines)``, one block per paragraph."""
    blocks = []
    for paragraph in letter.body.split("\n\n"):
        lines = paragraph.split("\n")
        if paragraph == letter.title:
            kind = "title"
        elif paragraph in HEADINGS:
            kind = "heading"
        else:
            kind = "text"
        blocks.append((kind, lines))
    return blocks


def letter_pdf(letter: DecisionLetter) -> bytes:
    """The stored letter as an A4 PDF."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_title(letter.title)
    pdf.set_author(letter.decision.application.municipality.name + " Kommune")
    pdf.set_margins(left=22, top=20, right=22)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    styles = {"title": ("B", 13, 6.5), "heading": ("B", 11, 6), "text": ("", 11, 5.5)}
    for kind, lines in letter_blocks(letter):
        style, size, height = styles[kind]
        pdf.set_font("helvetica", style=style, size=size)
        for line in lines:
            pdf.multi_cell(0, height, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
    return bytes(pdf.output())
