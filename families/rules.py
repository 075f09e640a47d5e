"""Legal numbers and deadlines for foster families, with their citations.

Barnets Lov (Act 721 of 14 June 2023) took over the child provisions of
Serviceloven (SEL) on 1 January 2024; the foster-family order is
plejefamiliebekendtgørelsen (order 1489 of 6 December 2023).
"""

from datetime import date

# Legacy approval types (konkret godkendt plejefamilie outside the network, and
# kommunal plejefamilie) were abolished by the foster-family reform: no new ones
# from 1 July 2019 (Lov nr. 1547 af 19. december 2017); existing ones stay until
# the child leaves.
LEGACY_APPROVAL_CUTOFF = date(2019, 7, 1)

# A network foster family is approved by the placing municipality for one named
# child through a personal relation (Barnets Lov § 43, stk. 1, nr. 4;
# bekendtgørelse § 9; formerly SEL § 66, stk. 1, nr. 2).
NETWORK_CHILDREN_PER_APPROVAL = 1

# Consultants' worklists: approvals ending within this many days (practice, not law).
APPROVAL_EXPIRY_WARNING_DAYS = 90

# A network-family assessment has one or two assessors (practice in seed 002).
MIN_ASSESSORS = 1
MAX_ASSESSORS = 2
