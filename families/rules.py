"""Legal numbers and deadlines for foster families, with their citations.

Barnets Lov (Act 721 of 14 June 2023) took over the child provisions of
Serviceloven (SEL) on 1 January 2024; the foster-family order is
plejefamiliebekendtgørelsen (order 1489 of 6 December 2023).
"""

from datetime import date

# Legacy approval types (konkret godkendt plejefamilie outside the network, and
# kommunal plejefamilie) were abolished by the foster-family reform "Mere kvalitet i
# plejefamilier": bill L 8 (2018–19), introduced 3 October 2018, passed as Lov nr. 1530
# af 18. december 2018 (verified: retsinformation.dk R0710 id=203320 and
# ft.dk/samling/20181/lovforslag/l8). Existing ones stay until the child leaves.
# NOT VERIFIED: the cut-off date. Retsinformation's summary of L 8 gives 1 June 2019 as
# the act's entry into force; the 1 July 2019 below comes from DOMAIN.md. Kept until a
# reviewer checks the act's own commencement clause.
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
