"""Commission settlement: the plan fetches rows, the core settles, the plan writes.

Each basis gathers its source lines and their dated events (orders, invoices,
credit notes, payments) with a few set-based queries, whatever the number of
salespeople; ``core.settlement`` turns them into statement lines against the
ledger of confirmed statements; the lines are written in one batch.
"""

import csv
import io
import logging
import threading
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..core import commission as core
from ..core import settlement

_logger = logging.getLogger(__name__)

LEDGER_STATES = ("confirmed", "paid")
SOURCE_LINE_TYPES = ("commission", "clawback")


class SalesCommissionPlan(models.Model):
    _inherit = "sales.commission.plan"

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    def _cron_generate_statements(self):
        """Monthly: refresh the draft statements of the period holding last month.

        Each plan is generated on its own: a plan that fails is logged and
        left out, the others go on; outside tests each plan is committed.
        """
        plans = self.search(
            [("active", "=", True), ("company_id.sales_commission_auto_generate", "=", True)]
        )
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for done, plan in enumerate(plans, start=1):
            today = self.env["sales.mgmt.measure"]._company_today(plan.company_id)
            last_month = today.replace(day=1) - timedelta(days=1)
            try:
                with self.env.cr.savepoint():
                    plan.generate_statements(*core.period_containing(last_month, plan.period))
            except Exception:
                _logger.exception(
                    "Commission plan %s (id %s) failed to generate.", plan.name, plan.id
                )
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(plans) - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def generate_statements(self, date_from, date_to):
        """Make or refresh the draft statements of the plans for [date_from, date_to].

        One statement per salesperson, plan and period. Confirmed, paid and
        cancelled statements are left as they are; draft ones get their
        computed lines replaced (adjustments stay). Returns the statements
        made or refreshed.
        """
        self.check_access("write")
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        if not date_from or not date_to or date_to < date_from:
            raise UserError(
                self.env._(
                    "The commission period ends before it starts: choose an end date on or "
                    "after the start date."
                )
            )
        statements = self.env["sales.commission.statement"]
        for plan in self:
            statements |= plan._generate_statements(date_from, date_to)
        return statements

    # ------------------------------------------------------------------
    # Generation, in overridable steps
    # ------------------------------------------------------------------

    def _company_tz(self):
        """Periods are days in the company's timezone, whoever generates."""
        return self.env["sales.mgmt.measure"]._timezone(self.company_id).zone

    def _generate_statements(self, date_from, date_to, users=None):
        """Statements of the plan's salespeople, or of ``users`` (whose drafts to refresh)."""
        self.ensure_one()
        start = max(date_from, self.date_start or date_from)
        end = min(date_to, self.date_end or date_to)
        # Given users have a statement of the plan to refresh, even if they left it since.
        users = self._commission_users() if users is None else users
        Statement = self.env["sales.commission.statement"]
        if not users or end < start:
            return Statement
        existing = {
            statement.user_id: statement
            for statement in Statement.search(
                [
                    ("plan_id", "=", self.id),
                    ("user_id", "in", users.ids),
                    ("date_start", "=", date_from),
                    ("date_end", "=", date_to),
                ]
            )
        }
        users = users.filtered(lambda user: user not in existing or existing[user].state == "draft")
        if not users:
            return Statement
        changes, names = self._settlement_changes(users, start, end)
        deals = self._won_deals(users, start, end)
        measures = self._gather_measures(users, date_from, date_to)
        vals_by_user = {}
        for user in users:
            vals = self._prepare_statement_vals(
                user, changes.get(user.id, []), names, deals.get(user.id, []), measures
            )
            if vals["lines"] or user in existing:
                vals_by_user[user] = vals
        created = Statement.with_context(tracking_disable=True).create(
            [
                self._prepare_statement_header(user, date_from, date_to, vals)
                for user, vals in vals_by_user.items()
                if user not in existing
            ]
        )
        statements = created | Statement.union(
            *(existing[u] for u in vals_by_user if u in existing)
        )
        self._write_statements(statements, vals_by_user)
        return statements

    def _prepare_statement_header(self, user, date_from, date_to, vals):
        return {
            "user_id": user.id,
            "plan_id": self.id,
            "company_id": self.company_id.id,
            "date_start": date_from,
            "date_end": date_to,
            **vals["header"],
        }

    # Columns of the statement lines the engine writes.
    LINE_COLUMNS = (
        "statement_id",
        "user_id",
        "date_start",
        "line_type",
        "name",
        "date",
        "sale_line_id",
        "move_line_id",
        "lead_id",
        "bonus_id",
        "base_amount",
        "rate",
        "amount",
    )

    def _write_statements(self, statements, vals_by_user):
        """Replace the computed lines of draft ``statements`` (adjustments stay).

        A month of a busy plan holds thousands of lines whose every value is
        computed here: they are deleted with one query and copied in with
        PostgreSQL's COPY, since the ORM spends about a millisecond per line on
        defaults and conversions; the statements' totals are recomputed once.
        """
        Line = self.env["sales.commission.statement.line"]
        self.env.flush_all()
        statements = statements.with_context(sales_commission_engine=True)
        for statement in statements:
            header = vals_by_user[statement.user_id]["header"]
            changed = {name: value for name, value in header.items() if statement[name] != value}
            if changed:
                statement.write(changed)
        self.env.cr.execute(
            SQL(
                "DELETE FROM sales_commission_statement_line "
                "WHERE statement_id = ANY(%s) AND line_type != 'adjustment'",
                statements.ids,
            )
        )
        # COPY the lines in, in one round trip. Who generated them is the
        # statement's writer: checking a user key per line costs 0.1 s a month.
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        now = self.env.cr.now().isoformat(sep=" ")
        for statement in statements:
            header = (statement.id, statement.user_id.id, statement.date_start)
            writer.writerows(
                (
                    *header,
                    line["line_type"],
                    line.get("name") or None,
                    line.get("date") or None,
                    line.get("sale_line_id") or None,
                    line.get("move_line_id") or None,
                    line.get("lead_id") or None,
                    line.get("bonus_id") or None,
                    line.get("base_amount", 0.0),
                    line.get("rate", 0.0),
                    line["amount"],
                    now,
                    now,
                )
                for line in vals_by_user[statement.user_id]["lines"]
            )
        buffer.seek(0)
        columns = ", ".join(f'"{column}"' for column in self.LINE_COLUMNS)
        self.env.cr.copy_expert(
            f"COPY sales_commission_statement_line ({columns}, create_date, write_date) "
            "FROM STDIN WITH (FORMAT csv)",
            buffer,
        )
        Line.invalidate_model()
        statements.invalidate_recordset(["line_ids"])
        statements.modified(["line_ids"])

    # ------------------------------------------------------------------
    # Settlement: sources, ledger, changes
    # ------------------------------------------------------------------

    def _settlement_changes(self, users, start, end):
        """``({user_id: [core Change]}, {key: description})`` for ``users`` over [start, end]."""
        self.ensure_one()
        self.env.flush_all()
        # A clawback goes to who was paid, whoever holds the source now: the
        # sources of the plan's people and of anyone it paid are read.
        owners = list(set((users | self._commission_users()).ids) | self._paid_users())
        covered = self._covered_periods(start)
        sources, names = getattr(self, f"_settlement_sources_{self.basis}")(owners, start, end)
        ledger = self._settlement_ledger([source.key for source in sources])
        # Late changes are looked for in the periods confirmed for the source's
        # salesperson and for whoever was paid on it: sources that share them are
        # settled together.
        by_periods = defaultdict(list)
        for source in sources:
            paid_user = (ledger.get(source.key) or settlement.Settled()).user_id
            periods = covered.get(source.user_id, []) + covered.get(paid_user, [])
            by_periods[tuple(periods)].append(source)
        by_user = defaultdict(list)
        digits = self.currency_id.decimal_places
        user_ids = set(users.ids)
        for periods, group in by_periods.items():
            for change in settlement.changes(group, start, end, ledger, periods, digits):
                if change.user_id in user_ids:
                    by_user[change.user_id].append(change)
        return by_user, names

    def _paid_users(self):
        """People with a confirmed or paid statement of the plan (clawbacks may go to them)."""
        rows = self._fetch(
            SQL(
                "SELECT DISTINCT user_id FROM sales_commission_statement "
                "WHERE plan_id = %s AND state IN %s",
                self.id,
                LEDGER_STATES,
            )
        )
        return {user_id for (user_id,) in rows}

    def _covered_periods(self, before):
        """``{user_id: [(start, end)]}`` of the confirmed statements starting before ``before``."""
        rows = self._fetch(
            SQL(
                "SELECT user_id, date_start, date_end FROM sales_commission_statement "
                "WHERE plan_id = %s AND state IN %s AND date_start < %s",
                self.id,
                LEDGER_STATES,
                before,
            )
        )
        covered = defaultdict(list)
        for user_id, date_start, date_end in rows:
            covered[user_id].append((date_start, date_end))
        return covered

    def _settlement_ledger(self, keys):
        """``{key: core Settled}``: what confirmed and paid statements of the plan settled."""
        ledger = {}
        if not keys:
            return ledger
        column = "sale_line_id" if self.basis == "order" else "move_line_id"
        rows = self._fetch(
            SQL(
                """
                SELECT line.%(column)s, line.date, line.user_id, line.line_type,
                       line.base_amount, line.amount
                  FROM sales_commission_statement_line line
                 WHERE line.statement_id = ANY(ARRAY(
                        SELECT id FROM sales_commission_statement
                         WHERE plan_id = %(plan)s AND state IN %(states)s))
                   AND line.line_type IN %(types)s AND line.%(column)s = ANY(%(ids)s)
              ORDER BY line.id
                """,
                column=SQL.identifier(column),
                plan=self.id,
                states=LEDGER_STATES,
                types=SOURCE_LINE_TYPES,
                ids=[key[1] for key in keys],
            )
        )
        kind = "sale" if self.basis == "order" else "move"
        for record_id, day, user_id, line_type, base, amount in rows:
            settled = ledger.setdefault((kind, record_id), settlement.Settled())
            settled.by_day[day] = settled.by_day.get(day, 0.0) + base
            settled.base += base
            settled.amount += amount
            if line_type == "commission" and base > 0:
                settled.user_id = user_id
        return ledger

    # ------------------------------------------------------------------
    # Sources by basis: ``(sources, names)`` with one query per kind of row
    # ------------------------------------------------------------------

    def _fetch(self, query):
        self.env.cr.execute(query)
        return self.env.cr.fetchall()

    def _validity_filter(self, day_column):
        """SQL: ``day_column`` falls within the plan's validity."""
        conditions = [SQL("TRUE")]
        if self.date_start:
            conditions.append(SQL("%s >= %s", day_column, self.date_start))
        if self.date_end:
            conditions.append(SQL("%s <= %s", day_column, self.date_end))
        return SQL(" AND ").join(conditions)

    def _covering_statements(self, start):
        """SQL: the confirmed statements a late document may fall in.

        Late documents are looked for in the year before ``start``.
        """
        return SQL(
            """
            SELECT user_id, date_start, date_end, confirmed_date
              FROM sales_commission_statement
             WHERE plan_id = %s AND state IN %s AND date_start < %s AND date_end >= %s
            """,
            self.id,
            LEDGER_STATES,
            start,
            start - timedelta(days=366),
        )

    def _utc_bounds(self, start, end):
        return self.env["sales.mgmt.measure"]._utc_bounds((start, end), self.company_id)

    def _local_day(self, column):
        return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", column, self._company_tz())

    def _settlement_sources_order(self, owners, start, end):
        """Order lines confirmed, invoiced or credited in the period, or late."""
        order_day = self._local_day(SQL("so.date_order"))
        company = self.company_id.id
        first_instant, after_instant = self._utc_bounds(start, end)
        candidates = SQL(
            """
            WITH covering AS (%(covering)s)
            SELECT sol.id FROM sale_order_line sol
             WHERE sol.order_id = ANY(ARRAY(
                    SELECT so.id FROM sale_order so
                     WHERE so.date_order >= %(first_instant)s AND so.date_order < %(after_instant)s
                       AND so.company_id = %(company)s))
            UNION
            SELECT rel.order_line_id
              FROM account_move am
              JOIN account_move_line aml ON aml.move_id = am.id
              JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
             WHERE am.company_id = %(company)s AND am.state = 'posted'
               AND am.move_type IN ('out_invoice', 'out_refund')
               AND am.invoice_date BETWEEN %(start)s AND %(end)s
            UNION
            SELECT sol.id
              FROM covering
              JOIN sale_order so ON so.user_id = covering.user_id
                   AND %(order_day)s BETWEEN covering.date_start AND covering.date_end
                   AND so.write_date > covering.confirmed_date
              JOIN sale_order_line sol ON sol.order_id = so.id
             WHERE so.company_id = %(company)s
            UNION
            SELECT rel.order_line_id
              FROM covering
              JOIN account_move am ON am.invoice_user_id = covering.user_id
                   AND am.invoice_date BETWEEN covering.date_start AND covering.date_end
                   AND am.write_date > covering.confirmed_date
              JOIN account_move_line aml ON aml.move_id = am.id
              JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
             WHERE am.company_id = %(company)s AND am.state = 'posted'
               AND am.move_type IN ('out_invoice', 'out_refund')
            """,
            covering=self._covering_statements(start),
            first_instant=first_instant,
            after_instant=after_instant,
            company=company,
            start=start,
            end=end,
            order_day=order_day,
        )
        rows = self._fetch(
            SQL(
                """
                SELECT sol.id, so.user_id, %(order_day)s, so.name || ': ' || sol.name,
                       sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1)
                  FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
                 WHERE sol.id = ANY(ARRAY(%(candidates)s)) AND so.state = 'sale'
                   AND sol.display_type IS NULL AND so.user_id = ANY(%(owners)s)
                   AND %(valid)s AND %(order_day)s <= %(end)s
              ORDER BY sol.id
                """,
                order_day=order_day,
                candidates=candidates,
                owners=owners,
                valid=self._validity_filter(order_day),
                end=end,
            )
        )
        if not rows:
            return [], {}
        events = defaultdict(lambda: ([], []))
        for line_id, is_refund, day, amount in self._fetch(
            SQL(
                """
                SELECT rel.order_line_id, am.move_type = 'out_refund', am.invoice_date,
                       ABS(aml.balance)
                  FROM sale_order_line_invoice_rel rel
                  JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE rel.order_line_id = ANY(%s) AND am.state = 'posted'
                   AND am.move_type IN ('out_invoice', 'out_refund') AND am.invoice_date <= %s
                """,
                [row[0] for row in rows],
                end,
            )
        ):
            events[line_id][is_refund].append((day, amount))
        sources, names = [], {}
        for line_id, user_id, day, name, subtotal in rows:
            invoiced, credited = events.get(line_id, ((), ()))
            curve = settlement.order_curve(day, subtotal, invoiced, credited)
            sources.append(settlement.Source(("sale", line_id), user_id, curve))
            names[("sale", line_id)] = name
        return sources, names

    def _invoice_candidates(self, start, end):
        """SQL: the customer invoices and credit notes with something to settle: dated
        in the period, credited in it, or late into a confirmed period."""
        return SQL(
            """
            WITH covering AS (%(covering)s)
            SELECT am.id FROM account_move am
             WHERE am.company_id = %(company)s AND am.state = 'posted'
               AND am.move_type IN ('out_invoice', 'out_refund')
               AND am.invoice_date BETWEEN %(start)s AND %(end)s
            UNION
            SELECT refund.reversed_entry_id FROM account_move refund
             WHERE refund.company_id = %(company)s AND refund.state = 'posted'
               AND refund.move_type = 'out_refund' AND refund.reversed_entry_id IS NOT NULL
               AND refund.invoice_date BETWEEN %(start)s AND %(end)s
            UNION
            SELECT COALESCE(am.reversed_entry_id, am.id)
              FROM covering
              JOIN account_move am ON am.invoice_user_id = covering.user_id
                   AND am.invoice_date BETWEEN covering.date_start AND covering.date_end
                   AND am.write_date > covering.confirmed_date
             WHERE am.company_id = %(company)s AND am.state = 'posted'
               AND am.move_type IN ('out_invoice', 'out_refund')
            """,
            covering=self._covering_statements(start),
            company=self.company_id.id,
            start=start,
            end=end,
        )

    def _invoice_lines(self, candidates, owners, move_types, extra=None):
        """Product lines of the candidate moves: ``(line, move, user, day, name, amount)``."""
        return self._fetch(
            SQL(
                """
                SELECT aml.id, am.id, am.invoice_user_id, am.invoice_date,
                       am.name || ': ' || COALESCE(aml.name, ''), -aml.balance
                  FROM account_move am JOIN account_move_line aml ON aml.move_id = am.id
                 WHERE am.id IN (%(candidates)s) AND am.state = 'posted'
                   AND am.move_type IN %(types)s AND aml.display_type = 'product'
                   AND am.invoice_user_id = ANY(%(owners)s) AND %(extra)s
              ORDER BY aml.id
                """,
                candidates=candidates,
                types=tuple(move_types),
                owners=owners,
                extra=extra or SQL("TRUE"),
            )
        )

    def _linked_refunds(self, move_ids, end, amount_field):
        """``{invoice_id: [(day, amount)]}`` of the credit notes of the invoices up to ``end``."""
        refunds = defaultdict(list)
        for invoice_id, day, amount in self._fetch(
            SQL(
                """
                SELECT reversed_entry_id, invoice_date, -%s FROM account_move
                 WHERE reversed_entry_id = ANY(%s) AND state = 'posted'
                   AND move_type = 'out_refund' AND invoice_date <= %s
                """,
                SQL.identifier(amount_field),
                list(move_ids),
                end,
            )
        ):
            refunds[invoice_id].append((day, amount))
        return refunds

    def _settlement_sources_invoice(self, owners, start, end):
        """Invoice lines posted in the period or credited in it; credit notes of no invoice."""
        candidates = self._invoice_candidates(start, end)
        rows = self._invoice_lines(
            candidates,
            owners,
            ("out_invoice", "out_refund"),
            SQL(
                "(am.move_type = 'out_invoice' OR am.reversed_entry_id IS NULL) "
                "AND am.invoice_date <= %s AND %s",
                end,
                self._validity_filter(SQL("am.invoice_date")),
            ),
        )
        if not rows:
            return [], {}
        move_ids = {row[1] for row in rows}
        untaxed = dict(
            self._fetch(
                SQL(
                    "SELECT id, amount_untaxed_signed FROM account_move WHERE id = ANY(%s)",
                    list(move_ids),
                )
            )
        )
        refunds = self._linked_refunds(move_ids, end, "amount_untaxed_signed")
        sources, names = [], {}
        for line_id, move_id, user_id, day, name, amount in rows:
            total = untaxed[move_id]
            shares = [(d, value / total) for d, value in refunds[move_id]] if total else []
            curve = settlement.invoice_curve(day, amount, shares)
            sources.append(settlement.Source(("move", line_id), user_id, curve))
            names[("move", line_id)] = name
        return sources, names

    def _settlement_sources_payment(self, owners, start, end):
        """Invoice lines of invoices paid or credited in the period, or late."""
        covering = self._covering_statements(start)
        paid_candidates = SQL(
            """
            WITH covering AS (%(covering)s)
            SELECT receivable.move_id
              FROM account_partial_reconcile partial
              JOIN account_move_line receivable ON receivable.id = partial.debit_move_id
             WHERE partial.company_id = %(company)s
               AND partial.max_date BETWEEN %(start)s AND %(end)s
            UNION
            SELECT receivable.move_id
              FROM covering
              JOIN account_partial_reconcile partial
                   ON partial.max_date BETWEEN covering.date_start AND covering.date_end
                   AND partial.create_date > covering.confirmed_date
              JOIN account_move_line receivable ON receivable.id = partial.debit_move_id
              JOIN account_move am ON am.id = receivable.move_id
                   AND am.invoice_user_id = covering.user_id
             WHERE partial.company_id = %(company)s
            UNION (%(credited_or_late)s)
            """,
            covering=covering,
            company=self.company_id.id,
            start=start,
            end=end,
            credited_or_late=self._invoice_candidates(start, end),
        )
        rows = self._invoice_lines(paid_candidates, owners, ("out_invoice",))
        if not rows:
            return [], {}
        move_ids = list({row[1] for row in rows})
        totals = dict(
            self._fetch(
                SQL(
                    "SELECT id, amount_total_signed FROM account_move WHERE id = ANY(%s)",
                    move_ids,
                )
            )
        )
        credited = self._linked_refunds(move_ids, end, "amount_total_signed")
        paid = defaultdict(list)
        for move_id, day, amount, is_refund in self._fetch(
            SQL(
                """
                SELECT receivable.move_id, partial.max_date, partial.amount,
                       counterpart.move_type = 'out_refund'
                  FROM account_partial_reconcile partial
                  JOIN account_move_line receivable ON receivable.id = partial.debit_move_id
                  JOIN account_move_line credit ON credit.id = partial.credit_move_id
                  JOIN account_move counterpart ON counterpart.id = credit.move_id
                 WHERE receivable.move_id = ANY(%s) AND partial.max_date <= %s
                   AND counterpart.reversed_entry_id IS DISTINCT FROM receivable.move_id
                """,
                move_ids,
                end,
            )
        ):
            # Credit notes of the invoice count once, from their own date (above);
            # other credit notes matched with it count as credit, the rest as paid.
            (credited if is_refund else paid)[move_id].append((day, amount))
        sources, names = [], {}
        for line_id, move_id, user_id, _day, name, amount in rows:
            curve = settlement.payment_curve(
                amount, totals[move_id], paid[move_id], credited[move_id], self.date_start
            )
            sources.append(settlement.Source(("move", line_id), user_id, curve))
            names[("move", line_id)] = name
        return sources, names

    # ------------------------------------------------------------------
    # Deals, measures and the statement's values
    # ------------------------------------------------------------------

    def _won_deals(self, users, start, end):
        """{user_id: won opportunities not paid yet} when the plan pays per deal."""
        if not self.per_deal_amount:
            return {}
        first_instant, after_instant = self._utc_bounds(start, end)
        paid = self.env["sales.commission.statement.line"].search_fetch(
            [
                ("plan_id", "=", self.id),
                ("statement_id.state", "in", LEDGER_STATES),
                ("line_type", "=", "deal"),
            ],
            ["lead_id"],
        )
        leads = self.env["crm.lead"].search_fetch(
            [
                ("type", "=", "opportunity"),
                ("stage_id.is_won", "=", True),
                ("user_id", "in", users.ids),
                ("company_id", "in", [self.company_id.id, False]),
                ("date_closed", ">=", first_instant),
                ("date_closed", "<", after_instant),
                ("id", "not in", paid.lead_id.ids),
            ],
            ["user_id", "name", "date_closed"],
        )
        deals = defaultdict(list)
        for lead in leads:
            deals[lead.user_id.id].append(lead)
        return deals

    def _gather_measures(self, users, date_from, date_to):
        """Targets, attainment and won deal counts of ``users`` for the statement period.

        Attainment reads revenue the way each salesperson's targets measure it.
        """
        measures = {"attainment": {}, "won_deals": {}}
        needs_target = (
            self.rate_mode != "flat" and self.tier_basis == "attainment"
        ) or "attainment" in self.bonus_ids.mapped("measure")
        if needs_target:
            measures["attainment"] = self.env["sales.target"]._period_attainment_values(
                date_from,
                date_to,
                owner_field="user_id",
                owner_ids=users.ids,
                company=self.company_id,
            )
        if "deals" in self.bonus_ids.mapped("measure"):
            measures["won_deals"] = self.env["sales.mgmt.measure"]._measure_values(
                "won_deals",
                date_from,
                date_to,
                owner_field="user_id",
                owner_ids=users.ids,
                company=self.company_id,
            )
        return measures

    def _settlement_terms(self):
        return settlement.Terms(
            mode=self.rate_mode,
            flat_rate=self.flat_rate,
            tiers=tuple(self._core_tiers()) if self.rate_mode != "flat" else (),
            tier_basis=self.tier_basis,
            cap=self.cap_amount,
            digits=self.currency_id.decimal_places,
        )

    def _prepare_statement_vals(self, user, changes, names, deals, measures):
        """``{"header": statement values, "lines": line values}`` of ``user``'s statement."""
        target, revenue = measures["attainment"].get(user.id, (0.0, 0.0))
        attainment = core.attainment(revenue, target)
        note = False
        terms = self._settlement_terms()
        if self.rate_mode != "flat" and self.tier_basis == "attainment" and attainment is None:
            note = self.env._(
                "%(user)s has no revenue target for this period, so the attainment tiers "
                "cannot apply and no commission is computed. Confirm a target for "
                "%(user)s and regenerate this statement.",
                user=user.name,
            )
            terms = settlement.Terms("flat", digits=terms.digits)
        lines, base, _rate, capped = settlement.statement_lines(changes, terms, attainment, revenue)
        line_vals = [self._prepare_line_vals(line, names) for line in lines]
        line_vals += [
            {
                "line_type": "deal",
                "lead_id": lead.id,
                "name": lead.name,
                "date": lead.date_closed.date(),
                "amount": self.per_deal_amount,
            }
            for lead in deals
        ]
        bonuses = [
            core.Bonus(bonus, bonus.measure, bonus.threshold, bonus.amount)
            for bonus in self.bonus_ids
        ]
        reached = core.reached_bonuses(
            bonuses, attainment, base, measures["won_deals"].get(user.id, 0)
        )
        line_vals += [
            {
                "line_type": "bonus",
                "bonus_id": bonus.key.id,
                "name": bonus.key.display_name,
                "amount": bonus.amount,
            }
            for bonus in reached
        ]
        return {
            "header": {
                "target_amount": target,
                "attainment": attainment or 0.0,
                "capped": capped,
                "note": note,
                "tier_breakdown": self._tier_breakdown(terms, base, attainment, revenue),
            },
            "lines": line_vals,
        }

    def _tier_breakdown(self, terms, base, attainment, revenue):
        """What the statement's rate comes from, as plain values kept with it.

        Stored when the statement is computed, so that it keeps explaining
        what was paid after the plan's tiers change; the statement composes
        the sentences in the reader's language (``rate_explanation``).
        """
        breakdown = {"mode": terms.mode, "basis": terms.tier_basis, "base": base}
        if terms.mode == "flat":
            return {**breakdown, "rate": terms.flat_rate}
        if terms.tier_basis == "attainment":
            if attainment is None or not revenue or revenue <= 0:
                return {**breakdown, "measured": revenue or 0.0, "bands": []}
            measured, scale = revenue, revenue / attainment
        else:
            measured, scale = base, 1.0
        bands = core.tier_bands(measured, list(terms.tiers), terms.mode, scale)
        return {
            **breakdown,
            "measured": measured,
            "scale": scale,
            "bands": [
                [band.lower, band.upper, band.rate, band.base, band.commission] for band in bands
            ],
        }

    def _prepare_line_vals(self, line, names):
        kind, record_id = line.key
        return {
            "line_type": line.kind,
            "sale_line_id": record_id if kind == "sale" else False,
            "move_line_id": record_id if kind == "move" else False,
            "name": names.get(line.key, ""),
            "date": line.day,
            "base_amount": line.base,
            "rate": line.rate,
            "amount": line.amount,
        }
