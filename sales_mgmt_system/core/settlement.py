"""Commission settlement: what a statement pays, from plain rows.

Every source a plan pays on (an order line, an invoice line) has an
*entitlement curve*: the commission base it has earned by each day, untaxed,
in company currency. The curve starts when the source appears and moves when
it is credited, invoiced again or paid further (``order_curve``,
``invoice_curve``, ``payment_curve``).

A statement pays the *changes* of the curves: the change of a source on a day
is what the curve moved on that day, less what confirmed statements of the
plan already settled for that source and day (the ledger). A statement takes
the changes dated in its own period, and the late ones: changes on a day of a
period that a confirmed statement already covers, which appeared after it was
confirmed (a credit note dated back, an invoice entered late). A change is
keyed by source and day, so it is paid once whatever the periods of the
statements, the order in which they are confirmed or how they are batched;
over all statements, a source's bases add up to its final entitlement.

A negative change (a credit note) first takes back what was paid out on the
source and not taken back yet, at the rate it was paid and from the person
who was paid: a clawback, never more than was paid. The rest counts negative
in the commission base of the statement: the source was not paid yet, and the
negative base offsets the statement that will pay it.

The commission of a statement is its plan's rate on the sum of its
commission bases (``statement_lines``), spread over the lines to the cent.
"""

from dataclasses import dataclass, field
from datetime import date

from .commission import plan_commission, tiered_commission


@dataclass(frozen=True)
class Source:
    """A source line and its entitlement curve.

    ``curve`` holds ``(day, base)`` pairs by increasing day: the base earned
    from that day on (0 before the first day).
    """

    key: object
    user_id: int
    curve: tuple


@dataclass
class Settled:
    """What confirmed statements of the plan settled on one source."""

    by_day: dict = field(default_factory=dict)  # day -> base settled for that day's change
    base: float = 0.0  # sum of the bases settled (commission and clawback lines)
    amount: float = 0.0  # sum of their amounts
    user_id: int | None = None  # who was paid on it (the latest paid line's salesperson)


@dataclass(frozen=True)
class Change:
    """A change to settle: ``kind`` is ``commission`` or ``clawback``.

    A clawback carries its ``rate`` and ``amount`` (the rate paid on the
    source); a commission change is paid at the statement's rate.
    """

    key: object
    user_id: int
    day: date
    base: float
    kind: str = "commission"
    rate: float = 0.0
    amount: float = 0.0


@dataclass(frozen=True)
class Line:
    """A statement line to write: a change with its rate and amount."""

    key: object
    day: date
    kind: str
    base: float
    rate: float
    amount: float


@dataclass(frozen=True)
class Terms:
    """A plan's rates: ``mode`` flat, marginal or whole; tiers on amount or attainment."""

    mode: str
    flat_rate: float = 0.0
    tiers: tuple = ()
    tier_basis: str = "amount"
    cap: float = 0.0
    digits: int = 2


# ----------------------------------------------------------------------
# Entitlement curves
# ----------------------------------------------------------------------


def _steps(days_values):
    """Collapse ``(day, value)`` into a curve: one step per day where the value changes."""
    curve = []
    for day, value in sorted(days_values, key=lambda pair: pair[0]):
        if curve and curve[-1][0] == day:
            curve.pop()
        if value != (curve[-1][1] if curve else 0.0):
            curve.append((day, value))
    return tuple(curve)


def _total(events, day):
    """Sum of the ``(day, amount)`` events up to ``day`` included."""
    return sum(amount for event_day, amount in events if event_day <= day)


def order_curve(day, subtotal, invoiced=(), credited=()):
    """Curve of an order line confirmed on ``day`` for ``subtotal``.

    ``invoiced`` and ``credited`` are ``(day, amount)`` of the customer
    invoice and credit note lines of the order line (positive amounts); one
    dated before the order counts from the order's day. A credit note takes
    its amount off the line, except what re-invoicing put back above the
    subtotal (a credit note and its corrected invoice pay the line once):
    ``subtotal - max(0, credited - max(0, invoiced - subtotal))``.
    """
    if not credited:
        return ((day, subtotal),)  # re-invoicing changes nothing without a credit note
    days = sorted({day, *(max(d, day) for d, _amount in (*invoiced, *credited))})
    values = []
    for current in days:
        extra = max(0.0, _total(invoiced, current) - subtotal)
        values.append((current, subtotal - max(0.0, _total(credited, current) - extra)))
    return _steps(values)


def invoice_curve(day, amount, credited_shares=()):
    """Curve of an invoice line posted on ``day``.

    ``credited_shares`` are ``(day, share)``: the share of the invoice that
    each of its credit notes credits (credit note untaxed / invoice untaxed).
    The line keeps the part of its amount that is not credited, never less
    than nothing.
    """
    days = sorted({day, *(max(d, day) for d, _share in credited_shares)})
    values = [
        (current, amount * max(0.0, 1.0 - _total(credited_shares, current))) for current in days
    ]
    return _steps(values)


def payment_curve(amount, total, paid=(), credited=(), start=None):
    """Curve of an invoice line of ``amount`` on an invoice of ``total`` (taxes included).

    The line earns its share of what was paid on the invoice from ``start``
    (the plan's start: payments before it were not the plan's to pay), never
    more than what the invoice keeps after its credit notes and the payments
    before ``start``:
    ``amount * max(0, min(paid, total - credited - paid_before)) / total``.
    ``paid`` and ``credited`` are ``(day, amount)``, taxes included.
    """
    if not total:
        return ()
    before = sum(value for day, value in paid if start and day < start)
    counted = [(day, value) for day, value in paid if not start or day >= start]
    days = sorted({max(day, start) if start else day for day, _v in (*counted, *credited)})
    values = []
    for current in days:
        kept = total - _total(credited, current) - before
        earned = max(0.0, min(_total(counted, current), kept))
        values.append((current, amount * earned / total))
    return _steps(values)


# ----------------------------------------------------------------------
# Settling
# ----------------------------------------------------------------------


def _covered(day, periods):
    return any(start <= day <= end for start, end in periods)


def changes(sources, start, end, ledger, covered=(), digits=2):
    """The changes a statement of ``[start, end]`` settles, by source order.

    ``ledger`` maps a source key to its :class:`Settled`; ``covered`` lists
    the ``(start, end)`` periods of the confirmed statements of the plan for
    these sources' people: an unsettled change on a day before ``start`` is
    taken when such a period holds it (it came late), left to its own
    statement otherwise. Changes after ``end`` wait for a later statement.
    """
    result = []
    for source in sources:
        settled = ledger.get(source.key) or Settled()
        moved = {}
        previous = 0.0
        for day, value in source.curve:
            moved[day], previous = value - previous, value
        # A settled day may have left the curve (a payment unreconciled): undo it.
        days = sorted(day for day in {*moved, *settled.by_day} if day <= end)
        paid_base, paid_amount = settled.base, settled.amount
        for day in days:
            if day < start and not _covered(day, covered):
                continue
            delta = round(moved.get(day, 0.0) - settled.by_day.get(day, 0.0), digits)
            if not delta:
                continue
            if delta > 0:
                result.append(Change(source.key, source.user_id, day, delta))
                continue
            taken = round(min(-delta, max(paid_base, 0.0)), digits)
            if taken > 0:
                rate = paid_amount / paid_base * 100.0
                amount = -min(round(taken * rate / 100.0, digits), max(paid_amount, 0.0))
                paid_base -= taken
                paid_amount += amount
                clawback_user = settled.user_id or source.user_id
                result.append(
                    Change(source.key, clawback_user, day, -taken, "clawback", rate, amount)
                )
            rest = round(-delta - taken, digits)
            if rest > 0:
                result.append(Change(source.key, source.user_id, day, -rest))
    return result


def commission_rate(terms, base, attainment=None, revenue=None):
    """The rate (percent) a statement pays on its commission ``base``, and whether it is capped.

    Amount tiers apply to ``base``. Attainment tiers apply to ``revenue``
    (what the salesperson's targets measure) at ``attainment`` percent of
    the target: the rate is what those tiers pay on that revenue, on
    average, and falls to the first tier's rate when nothing was measured.
    Returns ``(rate, amount, uncapped)`` with the rounded commission.
    """
    digits = terms.digits
    if terms.mode == "flat" or terms.tier_basis == "amount":
        commission = plan_commission(
            base,
            terms.mode,
            flat_rate=terms.flat_rate,
            tiers=terms.tiers,
            cap=terms.cap,
            digits=digits,
        )
        rate = _rate_of(commission.uncapped, base, terms)
        return rate, commission.amount, commission.uncapped
    # Attainment tiers: bounds are percents of the target, scale = target / 100.
    if attainment is None or not revenue or revenue <= 0:
        rate = sorted(terms.tiers, key=lambda tier: tier.lower_bound)[0].rate
    else:
        scale = revenue / attainment
        rate = tiered_commission(revenue, terms.tiers, terms.mode, scale) / revenue * 100.0
    uncapped = round(base * rate / 100.0, digits)
    amount = min(uncapped, terms.cap) if terms.cap > 0 else uncapped
    return rate, round(amount, digits), uncapped


def _rate_of(commission, base, terms):
    if base:
        return commission / base * 100.0
    if terms.mode == "flat":
        return terms.flat_rate
    return sorted(terms.tiers, key=lambda tier: tier.lower_bound)[0].rate


def spread(total, bases, rate, digits=2):
    """Amounts of ``bases`` that add up to ``total`` to the cent.

    In proportion to the bases when they add up to something; at ``rate``
    when they cancel out (a sale and its credit note in one statement).
    The last base takes the rounding rest.
    """
    if not bases:
        return []
    base_sum = sum(bases)
    if round(base_sum, digits):
        parts = [round(total * base / base_sum, digits) for base in bases[:-1]]
    else:
        parts = [round(base * rate / 100.0, digits) for base in bases[:-1]]
    return [*parts, round(round(total, digits) - sum(parts), digits)]


def statement_lines(user_changes, terms, attainment=None, revenue=None):
    """The lines of one person's statement from their changes.

    Returns ``(lines, base, rate, capped)``: ``base`` is the commission base
    (clawbacks are not part of it), ``rate`` the rate it was paid at.
    """
    commission = [change for change in user_changes if change.kind == "commission"]
    base = round(sum(change.base for change in commission), terms.digits)
    rate, amount, uncapped = commission_rate(terms, base, attainment, revenue)
    amounts = spread(amount, [change.base for change in commission], rate, terms.digits)
    lines = [
        Line(change.key, change.day, "commission", change.base, rate, part)
        for change, part in zip(commission, amounts, strict=True)
    ]
    lines += [
        Line(change.key, change.day, "clawback", change.base, change.rate, change.amount)
        for change in user_changes
        if change.kind == "clawback"
    ]
    return lines, base, rate, amount != uncapped
