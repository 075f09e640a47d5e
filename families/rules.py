"""Legal numbers and deadlines for foster families, with their citations.

Barnets Lov (lov nr. 721 af 13. juni 2023; consolidated as LBK nr. 282 af 17. marts 2025,
the text at lovguiden.dk/loven/bekendtgørelse-af-barnets-lov; the act's date as socialjura.dk
and themis.dk give it) took over the child provisions of Serviceloven (SEL) on 1 January
2024; the foster-family order is plejefamiliebekendtgørelsen (order 1489 of 6 December
2023).
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

# Legacy approval types (konkret godkendt plejefamilie outside the network, and
# kommunal plejefamilie) were abolished by the foster-family reform "Mere kvalitet i
# plejefamilier": bill L 8 (2018–19), introduced 3 October 2018, passed as Lov nr. 1530
# af 18. december 2018 (verified: retsinformation.dk/Forms/R0710.aspx?id=203320 and
# ft.dk/samling/20181/lovforslag/l8). Existing ones stay until the child leaves.
# The cut-off, checked 23.11.2026: 1 July 2019. Three public authorities that applied
# the act give that date: Socialtilsyn Syd ("trådte i kraft 1. juli 2019", existing
# approvals converted "fra den 1. juli 2019"; socialtilsynsyd.dk/forside/nyheder/
# nye-plejefamilietyper), Socialtilsyn Midt ("Pr. 1. juli 2019 skal ALLE plejefamilier
# godkendes efter de nye typologier"; tilsynmidt.silkeborg.dk/Socialtilsyn-Midt/Nyheder/
# Aendringer-af-godkendelser-Nye-typologier) and Socialstyrelsen's Tilbudsportalen ("Den
# 1. juli 2019 indføres tre nye plejefamilietyper"; tilbudsportalen.dk/tilbudssoegning/
# nyhed/Nye-plejefamilietyper-i-Tilbudsportalen). Retsinformation's summary of L 8 says
# "Loven træder i kraft den 1. juni 2019"; that summary describes the bill, which was
# reprinted after the 2nd reading (Tillæg H, the usual sign of adopted amendments), so
# it may give the bill's original date. The act's own commencement clause was not
# reachable in the stored copies, so the date rests on the three authorities above,
# not on the act's text.
LEGACY_APPROVAL_CUTOFF = date(2019, 7, 1)

# A network foster family is approved by the placing municipality for one named
# child through a personal relation: Barnets Lov § 43, stk. 1, nr. 4, and
# plejefamiliebekendtgørelsen (BEK 1489 af 6.12.2023) § 9 (verified: elov.dk's text of
# § 9 cites "§ 43, stk. 1, nr. 4, i barnets lov"); formerly SEL § 66, stk. 1, nr. 4
# (verified: L 8 (2018–19) § 1, nr. 5 made nr. 3-7 into nr. 4-8, and SEL § 148 a,
# stk. 3, at danskelove.dk, names "netværksplejefamilier, jf. § 66, stk. 1, nr. 4";
# nr. 2 is reinforced families).
NETWORK_CHILDREN_PER_APPROVAL = 1

# Consultants' worklists: approvals ending within this many days (practice, not law).
APPROVAL_EXPIRY_WARNING_DAYS = 90

# A network-family assessment has one or two assessors (practice in seed 002).
MIN_ASSESSORS = 1
MAX_ASSESSORS = 2

# Placing a child with a generally approved family of another municipality. A general
# approval is given by the socialtilsyn, not by a municipality, as generally suitable
# for the target group within the approval's frame — not for one placing municipality:
# lov om socialtilsyn § 5, stk. 1, and § 4, stk. 1, nr. 1 ("Almene plejefamilier,
# forstærkede plejefamilier og specialiserede plejefamilier efter § 43, stk. 1, nr. 1-3,
# i barnets lov"; danskelove.dk/socialtilsynsloven/4 and /5; the remarks to § 5 quoted at
# lovguiden.dk/loven/socialtilsynsloven/5a, LBK nr. 236 af 25/02/2025: "generelt egnet
# til at modtage borgere i tilbuddets målgruppe inden for rammerne af godkendelsen").
# That several municipalities place in the same family is foreseen by the foster-family
# order: "Hvis flere kommunalbestyrelser træffer afgørelse om anbringelse af et barn ...
# i den samme almene plejefamilie, forstærkede plejefamilie eller specialiserede
# plejefamilie" (§ 5, stk. 2, of BEK nr. 522 af 30. april 2019, at elov.dk/
# plejefamiliebekendtgorelsen/paragraf/5; the same paragraph in BEK 1489/2023 was not
# seen, so it is not cited to users). Before 2019 the same split was explicit: general
# approval by the socialtilsyn where the family lives, specific approval by the placing
# municipality (SEL § 66 a, stk. 1, at danskelove.dk/serviceloven/66a). Network families
# remain approved by the placing municipality for one child (§ 9 of BEK 1489/2023).
CROSS_MUNICIPALITY_CITATION = _(
    "A foster family approved by the social supervisory authority (socialtilsynet) as "
    "generally suitable is approved for its target group, not for one municipality, and "
    "may take children placed by other municipalities (lov om socialtilsyn § 5, stk. 1, "
    "jf. § 4, stk. 1, nr. 1; Barnets Lov § 43, stk. 1, nr. 1-3)."
)


def may_take_child_from_another_municipality(
    *, same_municipality: bool, generally_approved: bool
) -> bool:
    """Whether a family may take a child placed by a municipality: its own municipality's
    children under its own rules, another municipality's only with a current general
    approval. A general approval is given by Socialtilsynet, not by a municipality, and
    is not tied to one (the legal basis: ``CROSS_MUNICIPALITY_CITATION``); a network
    or specific approval names one child of the approving municipality, and the former
    municipal families were approved by their own municipality for its own children."""
    return same_municipality or generally_approved
