"""Ranking of award winners, on plain values.

Performers are ranked by attainment (actual revenue / target x 100), ties
broken by revenue; equal performers share a rank (1, 1, 3). People with no
target cannot be ranked by attainment, and nobody with no revenue is ranked
at all.
"""

from dataclasses import dataclass

from .review import period_kind


@dataclass(frozen=True)
class Performer:
    key: object
    revenue: float
    target: float = 0.0

    @property
    def attainment(self):
        if self.target <= 0:
            return None
        return self.revenue / self.target * 100.0


def rank_performers(performers, top=3, measure="attainment"):
    """Rank ``performers`` best first; return ``[(rank, performer)]`` for ranks <= ``top``.

    ``measure`` "attainment" orders by attainment then revenue and leaves out
    people without a target; "revenue" orders by revenue alone. People with
    no revenue are never ranked. Equal performers share a rank and the next
    rank skips accordingly (1, 1, 3).
    """
    if measure == "attainment":
        candidates = [p for p in performers if p.revenue > 0 and p.attainment is not None]

        def sort_key(performer):
            return (performer.attainment, performer.revenue)

    elif measure == "revenue":
        candidates = [p for p in performers if p.revenue > 0]

        def sort_key(performer):
            return (performer.revenue,)

    else:
        raise ValueError(f"Unknown award measure: {measure}")
    ordered = sorted(candidates, key=lambda p: (tuple(-v for v in sort_key(p)), p.key))
    ranked = []
    previous_key, rank = None, 0
    for position, performer in enumerate(ordered, start=1):
        key = sort_key(performer)
        if key != previous_key:
            rank, previous_key = position, key
        if rank > top:
            break
        ranked.append((rank, performer))
    return ranked


def period_label(date_from, date_to):
    """A short, language-neutral key of a period, to group awards by.

    "2026-10" for a month, "2026 Q3" for a quarter, "2026" for a year, else
    the ISO 8601 interval ("2026-02-01/2026-04-30"). Readers see the period named
    in their own language; this key only sorts and groups.
    """
    kind = period_kind(date_from, date_to)
    if kind == "month":
        return f"{date_from.year}-{date_from.month:02d}"
    if kind == "quarter":
        return f"{date_from.year} Q{(date_from.month - 1) // 3 + 1}"
    if kind == "year":
        return str(date_from.year)
    return f"{date_from.isoformat()}/{date_to.isoformat()}"
