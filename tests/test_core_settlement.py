"""Commission settlement on plain rows: the auditor's cases and the ledger's invariants."""

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sales_mgmt_system.core.commission import Tier
from sales_mgmt_system.core.settlement import (
    Settled,
    Source,
    Terms,
    changes,
    commission_rate,
    invoice_curve,
    order_curve,
    payment_curve,
    spread,
    statement_lines,
)

FLAT = Terms("flat", flat_rate=5.0)
MONTHS = [(date(2025, m, 1), date(2025, m + 1, 1) - timedelta(days=1)) for m in range(1, 12)]
MAY, JUNE = MONTHS[4], MONTHS[5]


class Book:
    """A plan's confirmed statements, as the model keeps them: lines and covered periods."""

    def __init__(self, terms=FLAT):
        self.terms = terms
        self.lines = []  # (user_id, Line)
        self.covered = defaultdict(list)

    def ledger(self):
        ledger = {}
        for user_id, line in self.lines:
            settled = ledger.setdefault(line.key, Settled())
            settled.by_day[line.day] = settled.by_day.get(line.day, 0.0) + line.base
            settled.base += line.base
            settled.amount += line.amount
            if line.kind == "commission" and line.base > 0:
                settled.user_id = user_id
        return ledger

    def draft(self, sources, period, user_id=1):
        """The lines a statement of ``user_id`` for ``period`` would pay now."""
        found = changes(sources, *period, self.ledger(), self.covered[user_id])
        mine = [change for change in found if change.user_id == user_id]
        return statement_lines(mine, self.terms)[0]

    def confirm(self, sources, period, user_id=1):
        lines = self.draft(sources, period, user_id)
        self.lines += [(user_id, line) for line in lines]
        self.covered[user_id].append(period)
        return lines

    def total(self, kind=None):
        return round(sum(line.amount for _u, line in self.lines if kind in (None, line.kind)), 2)

    def base_of(self, key):
        return round(sum(line.base for _u, line in self.lines if line.key == key), 2)


# ----------------------------------------------------------------------
# The auditor's cases, on plain rows
# ----------------------------------------------------------------------


def test_order_credited_in_its_own_month_pays_nothing_over_both_months():
    # Case 1: 1,000 ordered 5 May, invoiced 10 May, credited in full 20 May.
    line = Source(
        "sol",
        1,
        order_curve(
            date(2025, 5, 5), 1000.0, [(date(2025, 5, 10), 1000.0)], [(date(2025, 5, 20), 1000.0)]
        ),
    )
    book = Book()
    may = book.confirm([line], MAY)
    june = book.confirm([line], JUNE)
    assert sorted(line.base for line in may) == [-1000.0, 1000.0], "the credit shows, netted"
    assert not june
    assert book.total() == 0.0


def test_order_credited_the_next_month_is_clawed_back():
    line = Source(
        "sol",
        1,
        order_curve(
            date(2025, 5, 5), 1000.0, [(date(2025, 5, 10), 1000.0)], [(date(2025, 6, 3), 1000.0)]
        ),
    )
    book = Book()
    assert book.confirm([line], MAY)[0].amount == 50.0
    (clawback,) = book.confirm([line], JUNE)
    assert (clawback.kind, clawback.base, clawback.amount) == ("clawback", -1000.0, -50.0)


def test_credit_and_corrected_invoice_pay_the_order_line_once():
    curve = order_curve(
        date(2025, 5, 5),
        1000.0,
        [(date(2025, 5, 10), 1000.0), (date(2025, 6, 5), 1000.0)],
        [(date(2025, 6, 4), 1000.0)],
    )
    assert curve[-1] == (date(2025, 6, 5), 1000.0)


def test_payments_before_the_period_are_not_paid():
    # Case 2: 10,000 paid in June 2025; the June 2026 statement pays nothing for it.
    line = Source("aml", 1, payment_curve(10000.0, 10000.0, [(date(2025, 6, 15), 10000.0)]))
    june_2026 = (date(2026, 6, 1), date(2026, 6, 30))
    assert not Book().draft([line], june_2026)


def test_payments_before_the_plan_start_are_never_paid():
    curve = payment_curve(
        1000.0,
        1000.0,
        [(date(2025, 1, 10), 500.0), (date(2025, 3, 10), 500.0)],
        start=date(2025, 2, 1),
    )
    assert curve == ((date(2025, 3, 10), 500.0),)


@pytest.mark.parametrize("batch_order", [(0, 1), (1, 0)])
def test_two_drafts_of_one_payment_confirmed_together_pay_it_once(batch_order):
    # Case 3: 500 paid on 15 March; March and April drafts, confirmed in one call.
    line = Source("aml", 1, payment_curve(1000.0, 1000.0, [(date(2025, 3, 15), 500.0)]))
    book = Book()
    periods = [MONTHS[2], MONTHS[3]]
    for index in batch_order:
        book.confirm([line], periods[index])
    assert book.total() == 25.0


def test_overlapping_month_and_quarter_pay_a_change_once_in_any_order():
    line = Source("aml", 1, invoice_curve(date(2025, 3, 15), 1000.0))
    quarter = (date(2025, 1, 1), date(2025, 3, 31))
    for periods in ([MONTHS[2], quarter], [quarter, MONTHS[2]]):
        book = Book()
        for period in periods:
            book.confirm([line], period)
        assert book.total() == 50.0


def test_credit_note_on_a_partly_paid_out_invoice_is_deducted_once():
    # Case 4: January 500 paid and paid out; February a 200 credit note, then 300 paid.
    curve = payment_curve(
        1000.0,
        1000.0,
        [(date(2025, 1, 20), 500.0), (date(2025, 2, 20), 300.0)],
        [(date(2025, 2, 10), 200.0)],
    )
    line = Source("aml", 1, curve)
    book = Book()
    book.confirm([line], MONTHS[0])
    book.confirm([line], MONTHS[1])
    assert book.base_of("aml") == 800.0
    assert book.total("clawback") == 0.0


def test_clawbacks_follow_each_credit_and_never_exceed_what_was_paid():
    # Case 5: 1,000 invoiced and paid out, credited 400 / 300 / 300 later.
    shares = [(date(2025, 2, 5), 0.4), (date(2025, 3, 5), 0.3), (date(2025, 4, 5), 0.3)]
    line = Source("aml", 1, invoice_curve(date(2025, 1, 5), 1000.0, shares))
    book = Book()
    book.confirm([line], MONTHS[0])
    clawbacks = [book.confirm([line], MONTHS[m])[0].amount for m in (1, 2, 3)]
    assert clawbacks == [-20.0, -15.0, -15.0]
    shares.append((date(2025, 5, 5), 0.5))  # more credit than the invoice: nothing left to take
    line = Source("aml", 1, invoice_curve(date(2025, 1, 5), 1000.0, shares))
    assert not book.confirm([line], MONTHS[4])


def test_a_clawback_goes_to_who_was_paid():
    book = Book()
    paid = Source("aml", 7, invoice_curve(date(2025, 1, 5), 1000.0))
    book.confirm([paid], MONTHS[0], user_id=7)
    reassigned = Source(
        "aml", 8, invoice_curve(date(2025, 1, 5), 1000.0, [(date(2025, 2, 3), 1.0)])
    )
    found = changes([reassigned], *MONTHS[1], book.ledger(), book.covered[7])
    assert [(c.user_id, c.kind, c.amount) for c in found] == [(7, "clawback", -50.0)]


def test_a_credit_before_its_source_is_paid_offsets_the_statement_that_pays_it():
    # April's draft is still open when May's credit is confirmed: both orders give 0.
    curve = order_curve(date(2025, 4, 20), 1000.0, [], [(date(2025, 5, 3), 1000.0)])
    line = Source("sol", 1, curve)
    for order in ([MONTHS[3], MAY], [MAY, MONTHS[3]]):
        book = Book()
        for period in order:
            book.confirm([line], period)
        assert book.total() == 0.0
        assert book.total("clawback") == 0.0 or order == [MONTHS[3], MAY]


def test_a_change_dated_into_a_confirmed_period_is_paid_by_the_next_statement():
    book = Book()
    book.confirm([], MONTHS[0])
    late = Source("aml", 1, invoice_curve(date(2025, 1, 31), 1000.0))
    assert book.draft([late], MONTHS[1])[0].amount == 50.0
    early = Source("aml", 1, invoice_curve(date(2024, 12, 31), 1000.0))
    assert not book.draft([early], MONTHS[1]), "a period never confirmed keeps its changes"


def test_a_settled_day_that_left_the_curve_is_undone():
    book = Book()
    line = Source("aml", 1, payment_curve(1000.0, 1000.0, [(date(2025, 1, 20), 1000.0)]))
    book.confirm([line], MONTHS[0])
    unreconciled = Source("aml", 1, payment_curve(1000.0, 1000.0, []))
    (clawback,) = book.draft([unreconciled], MONTHS[1])
    assert (clawback.kind, clawback.base, clawback.amount) == ("clawback", -1000.0, -50.0)


def test_attainment_tiers_rate_reads_the_measured_revenue():
    # Case 8: 120,000 against 100,000, whole tiers 5% / 8% from 100%: 9,600.
    terms = Terms("whole", tiers=(Tier(0.0, 5.0), Tier(100.0, 8.0)), tier_basis="attainment")
    rate, amount, _uncapped = commission_rate(terms, 120000.0, attainment=120.0, revenue=120000.0)
    assert (rate, amount) == (8.0, 9600.0)
    rate, amount, _uncapped = commission_rate(terms, 120000.0, attainment=60.0, revenue=120000.0)
    assert (rate, amount) == (5.0, 6000.0)
    marginal = Terms("marginal", tiers=terms.tiers, tier_basis="attainment")
    assert commission_rate(marginal, 120000.0, 120.0, 120000.0)[1] == 6600.0
    assert commission_rate(marginal, 50000.0, None, None)[0] == 5.0, "no target: first tier"


def test_spread_adds_up_to_the_cent_and_handles_cancelling_bases():
    assert spread(10.0, [1.0, 1.0, 1.0], 5.0) == [3.33, 3.33, 3.34]
    assert spread(0.0, [1000.0, -1000.0], 5.0) == [50.0, -50.0]
    assert spread(0.0, [], 5.0) == []


# ----------------------------------------------------------------------
# Invariants over random histories
# ----------------------------------------------------------------------

DAYS = st.integers(min_value=0, max_value=179).map(lambda n: date(2025, 1, 1) + timedelta(days=n))
AMOUNTS = st.integers(min_value=1, max_value=5000).map(float)


@st.composite
def histories(draw):
    """Sources of each basis with random invoices, payments and credit notes over six months."""
    sources = []
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        basis = draw(st.sampled_from(["order", "invoice", "payment"]))
        amount = draw(AMOUNTS)
        day = draw(DAYS)
        credits = draw(st.lists(st.tuples(DAYS, AMOUNTS), max_size=3))
        if basis == "order":
            invoices = draw(st.lists(st.tuples(DAYS, AMOUNTS), max_size=3))
            curve = order_curve(day, amount, invoices, credits)
        elif basis == "invoice":
            shares = [(d, min(1.0, value / amount)) for d, value in credits]
            curve = invoice_curve(day, amount, shares)
        else:
            payments = draw(st.lists(st.tuples(DAYS, AMOUNTS), max_size=4))
            curve = payment_curve(amount, amount * 1.1, payments, credits)
        user_id = draw(st.sampled_from([1, 2]))
        sources.append(Source(index, user_id, curve))
    return sources


SIX_MONTHS = MONTHS[:6]
STATEMENTS = [(user, period) for user in (1, 2) for period in SIX_MONTHS]


def settle_all(sources, order, terms=FLAT):
    """Confirm every statement in ``order``, then a catch-up month for each person."""
    book = Book(terms)
    for user_id, period in order:
        book.confirm(sources, period, user_id)
    for user_id in (1, 2):
        book.confirm(sources, MONTHS[6], user_id)
    return book


@settings(max_examples=150, deadline=None)
@given(histories(), st.permutations(STATEMENTS))
def test_each_source_nets_to_its_rate_on_its_final_base_in_any_order(sources, order):
    book = settle_all(sources, order)
    for source in sources:
        final = source.curve[-1][1] if source.curve else 0.0
        assert book.base_of(source.key) == pytest.approx(final, abs=0.011)
        paid = sum(line.amount for _u, line in book.lines if line.key == source.key)
        assert paid == pytest.approx(final * 0.05, abs=0.02 * len(book.lines) + 0.01)
    sequential = settle_all(sources, STATEMENTS)
    assert book.total() == pytest.approx(sequential.total(), abs=0.02 * len(book.lines) + 0.01)


@settings(max_examples=150, deadline=None)
@given(histories(), st.permutations(STATEMENTS), st.booleans())
def test_nothing_is_paid_twice_and_clawbacks_never_exceed_what_was_paid(sources, order, tiered):
    terms = Terms("marginal", tiers=(Tier(0.0, 3.0), Tier(2000.0, 9.0))) if tiered else FLAT
    book = Book(terms)
    for user_id, period in order:
        before = len(book.lines)
        again = book.draft(sources, period, user_id)
        assert again == book.draft(sources, period, user_id), "generating is idempotent"
        book.confirm(sources, period, user_id)
        for source in sources:
            mine = [line for _u, line in book.lines if line.key == source.key]
            paid = sum(
                line.amount for line in mine if line.kind == "commission" and line.amount > 0
            )
            taken = -sum(line.amount for line in mine if line.kind == "clawback")
            assert taken <= paid + 0.01
        # Confirming the same statement again finds nothing left to pay.
        assert not book.draft(sources, period, user_id), (before, period)
    for source in sources:
        curve = dict(source.curve)
        settled = defaultdict(float)
        for _u, line in book.lines:
            if line.key == source.key:
                settled[line.day] += line.base
        previous = 0.0
        for day in sorted(set(curve) | set(settled)):
            moved = curve.get(day, previous) - previous
            previous = curve.get(day, previous)
            assert settled[day] == pytest.approx(moved, abs=0.011), "each day's change once"
