from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero, split_every

from ..core import commission as core

SOURCE_TYPES = ("commission", "clawback")
DONE_STATES = ("confirmed", "paid")


class SalesCommissionPlan(models.Model):
    _name = "sales.commission.plan"
    _description = "Commission Plan"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    basis = fields.Selection(
        [
            ("order", "Order Confirmed"),
            ("invoice", "Invoice Posted"),
            ("payment", "Invoice Paid"),
        ],
        required=True,
        default="invoice",
        help="Order Confirmed: confirmed sales order lines, by order date.\n"
        "Invoice Posted: posted customer invoice lines by invoice date, credit notes "
        "counting negative.\n"
        "Invoice Paid: each invoice line in proportion to the paid share of its invoice "
        "at the end of the period.\n"
        "Amounts are untaxed, in the company currency.",
    )
    period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        required=True,
        default="month",
        help="Period of the statements the monthly scheduled action generates.",
    )
    rate_mode = fields.Selection(
        [
            ("flat", "Flat Rate"),
            ("marginal", "Marginal Tiers"),
            ("whole", "Whole-Amount Tiers"),
        ],
        required=True,
        default="flat",
        help="Flat Rate: one rate on the whole base.\n"
        "Marginal Tiers: each band of the base is paid at its tier's rate.\n"
        "Whole-Amount Tiers: the whole base is paid at the rate of the highest tier reached.",
    )
    tier_basis = fields.Selection(
        [("attainment", "Target Attainment (%)"), ("amount", "Amount Bands")],
        required=True,
        default="amount",
        help="Target Attainment: tier bounds are percents of the salesperson's revenue "
        "target for the statement period.\nAmount Bands: tier bounds are amounts.",
    )
    flat_rate = fields.Float(string="Flat Rate (%)", digits=(16, 4))
    tier_ids = fields.One2many("sales.commission.tier", "plan_id", string="Tiers", copy=True)
    cap_amount = fields.Monetary(
        string="Cap",
        currency_field="currency_id",
        help="Highest commission of a statement (bonuses and deal amounts come on top). "
        "0 means no cap.",
    )
    per_deal_amount = fields.Monetary(
        string="Amount per Won Deal",
        currency_field="currency_id",
        help="Fixed amount paid for each opportunity the salesperson wins in the period.",
    )
    bonus_ids = fields.One2many(
        "sales.commission.bonus", "plan_id", string="Performance Bonuses", copy=True
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Salespeople",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        check_company=True,
        help="Every member of these teams is paid by the plan.",
    )
    date_start = fields.Date(string="Valid From")
    date_end = fields.Date(string="Valid Until")
    statement_ids = fields.One2many("sales.commission.statement", "plan_id", string="Statements")
    statement_count = fields.Integer(compute="_compute_statement_count")

    @api.depends("statement_ids")
    def _compute_statement_count(self):
        counts = dict(
            self.env["sales.commission.statement"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.statement_count = counts.get(plan, 0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_start and plan.date_end and plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._(
                        "Commission plan %(plan)s ends before it starts: set its end date "
                        "on or after %(start)s.",
                        plan=plan.name,
                        start=plan.date_start,
                    )
                )

    @api.constrains("flat_rate", "cap_amount", "per_deal_amount")
    def _check_amounts(self):
        for plan in self:
            if min(plan.flat_rate, plan.cap_amount, plan.per_deal_amount) < 0:
                raise ValidationError(
                    self.env._(
                        "Commission plan %(plan)s has a negative rate or amount: the flat "
                        "rate, cap and amount per won deal must be 0 or more.",
                        plan=plan.name,
                    )
                )

    @api.constrains("rate_mode", "tier_ids")
    def _check_tiers(self):
        messages = {
            "negative_bound": self.env._("a tier starts below 0 (%(value)s)"),
            "negative_rate": self.env._("a tier has a negative rate (%(value)s)"),
            "first_not_zero": self.env._(
                "the lowest tier starts at %(value)s instead of 0, leaving a gap below it"
            ),
            "duplicate_bound": self.env._(
                "two tiers start at %(value)s and overlap: give each tier its own lower bound"
            ),
        }
        for plan in self:
            if plan.rate_mode != "flat" and not plan.tier_ids:
                raise ValidationError(
                    self.env._(
                        "Commission plan %(plan)s pays by tiers but has none: add tiers "
                        "(the first one starting at 0) or choose the flat rate.",
                        plan=plan.name,
                    )
                )
            problems = core.tier_problems(plan._core_tiers())
            if problems:
                raise ValidationError(
                    self.env._(
                        "The tiers of commission plan %(plan)s are not valid: %(problems)s.",
                        plan=plan.name,
                        problems="; ".join(
                            messages[code] % {"value": value} for code, value in problems
                        ),
                    )
                )

    def _core_tiers(self):
        self.ensure_one()
        return [core.Tier(tier.lower_bound, tier.rate) for tier in self.tier_ids]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_statements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_mgmt_system.action_sales_commission_statement"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    @api.model
    def _cron_generate_statements(self):
        """Monthly: refresh the draft statements of the period holding last month."""
        last_month = fields.Date.context_today(self).replace(day=1) - timedelta(days=1)
        self._generate_for_day(last_month)

    @api.model
    def _generate_for_day(self, day):
        """Generate, for every active plan, the statements of its period holding ``day``."""
        plans = self.search([("active", "=", True)])
        statements = self.env["sales.commission.statement"]
        done = 0
        for batch in split_every(20, plans.ids, self.browse):
            for plan in batch:
                statements |= plan.generate_statements(*core.period_containing(day, plan.period))
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(plans) - done)
        return statements

    def generate_statements(self, date_from, date_to):
        """Make or refresh the draft statements of the plans for [date_from, date_to].

        One statement per salesperson, plan and period. Confirmed, paid and
        cancelled statements are left as they are; draft ones get their lines
        replaced. Returns the statements made or refreshed.
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

    def _commission_users(self):
        self.ensure_one()
        users = self.user_ids | self.team_ids.member_ids
        return users.filtered(lambda user: self.company_id in user.company_ids)

    def _generate_statements(self, date_from, date_to, users=None):
        """Statements of the plan's salespeople (or of ``users`` among them)."""
        self.ensure_one()
        start = max(date_from, self.date_start or date_from)
        end = min(date_to, self.date_end or date_to)
        users = self._commission_users() & users if users is not None else self._commission_users()
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
        sources = self._gather_sources(users, start, end)
        measures = self._gather_measures(users, date_from, date_to)
        vals_by_user = {
            user: self._prepare_statement_vals(user, sources, measures, date_from, date_to)
            for user in users
        }
        vals_by_user = {
            user: vals
            for user, vals in vals_by_user.items()
            if vals["line_ids"] or user in existing
        }
        refreshed = Statement.union(*(existing[u] for u in vals_by_user if u in existing))
        self._refresh_statements(refreshed, vals_by_user)
        created = Statement.create(
            [vals for user, vals in vals_by_user.items() if user not in existing]
        )
        return refreshed | created

    def _refresh_statements(self, statements, vals_by_user):
        """Replace the lines of draft ``statements`` in one batch; update changed headers."""
        statements.line_ids.unlink()
        line_vals = []
        for statement in statements:
            vals = dict(vals_by_user[statement.user_id])
            line_vals += [
                dict(command[2], statement_id=statement.id) for command in vals.pop("line_ids")
            ]
            changed = {
                name: vals[name]
                for name in ("target_amount", "attainment", "capped", "note")
                if statement[name] != vals[name]
            }
            if changed:
                statement.write(changed)
        self.env["sales.commission.statement.line"].create(line_vals)

    def _gather_sources(self, users, start, end):
        """Rows of the source lines of ``users`` in [start, end], by user.

        Returns ``{"commission": {user_id: [row]}, "clawback": {user_id: [row]},
        "deal": {user_id: [lead]}}``; a row is a dict with ``sale_line_id``
        or ``move_line_id``, ``base`` (what is left to pay on it), ``name``
        and ``date``.
        """
        self.ensure_one()
        rows = getattr(self, f"_source_rows_{self.basis}")(users, start, end)
        refunds = self._refund_lines(users, start, end)
        commission, clawback = self._split_refunds(refunds)
        rows += commission
        sale_lines = [row["sale_line_id"] for row in rows if row.get("sale_line_id")]
        move_lines = [row["move_line_id"] for row in rows if row.get("move_line_id")]
        paid = self._paid_out(
            self.env["sale.order.line"].browse(sale_lines),
            self.env["account.move.line"].browse(move_lines),
        )
        digits = self.currency_id.decimal_places
        result = {"commission": defaultdict(list), "clawback": defaultdict(list)}
        for row in rows:
            key = (
                ("sale", row["sale_line_id"])
                if row.get("sale_line_id")
                else ("move", row["move_line_id"])
            )
            row["base"] = round(row["base"] - paid.get(key, (0.0, 0.0))[0], digits)
            if not float_is_zero(row["base"], precision_digits=digits):
                result["commission"][row["user_id"]].append(row)
        for row in clawback:
            result["clawback"][row["user_id"]].append(row)
        result["deal"] = self._won_deals(users, start, end)
        return result

    def _date_domain(self, field, start, end):
        return [(field, ">=", start), (field, "<=", end)]

    def _source_rows_order(self, users, start, end):
        lines = self.env["sale.order.line"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "sale"),
                ("display_type", "=", False),
                ("salesman_id", "in", users.ids),
                ("order_id.date_order", ">=", datetime.combine(start, time.min)),
                ("order_id.date_order", "<", datetime.combine(end + timedelta(days=1), time.min)),
            ],
            ["order_id", "salesman_id", "price_subtotal", "name"],
        )
        lines.order_id.fetch(["currency_rate", "date_order", "name"])
        return [
            {
                "user_id": line.salesman_id.id,
                "sale_line_id": line.id,
                "base": line.price_subtotal / (line.order_id.currency_rate or 1.0),
                "name": f"{line.order_id.name}: {line.name}",
                "date": line.order_id.date_order.date(),
            }
            for line in lines
        ]

    def _invoice_line_domain(self, users, move_types):
        return [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("display_type", "=", "product"),
            ("move_id.move_type", "in", move_types),
            ("move_id.invoice_user_id", "in", users.ids),
        ]

    def _invoice_line_row(self, line, share=1.0):
        return {
            "user_id": line.move_id.invoice_user_id.id,
            "move_line_id": line.id,
            "base": -line.balance * share,
            "name": f"{line.move_id.name}: {line.name or line.product_id.display_name}",
            "date": line.invoice_date,
        }

    def _fetch_invoice_lines(self, domain):
        lines = self.env["account.move.line"].search_fetch(
            domain, ["move_id", "balance", "name", "product_id", "invoice_date"]
        )
        lines.move_id.fetch(
            ["invoice_user_id", "name", "move_type", "reversed_entry_id", "amount_total_signed"]
        )
        return lines

    def _source_rows_invoice(self, users, start, end):
        lines = self._fetch_invoice_lines(
            self._invoice_line_domain(users, ["out_invoice"])
            + self._date_domain("invoice_date", start, end)
        )
        return [self._invoice_line_row(line) for line in lines]

    def _source_rows_payment(self, users, start, end):
        """Invoice lines by the paid share of their invoice at ``end``.

        Payments count, credit notes matched with the invoice do not (they
        are clawed back on their own).
        """
        invoice_domain = [("debit_move_id.move_id.invoice_user_id", "in", users.ids)]
        if self.date_start:
            invoice_domain.append(("debit_move_id.move_id.invoice_date", ">=", self.date_start))
        groups = self.env["account.partial.reconcile"]._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("max_date", "<=", end),
                ("debit_move_id.move_id.move_type", "=", "out_invoice"),
                ("debit_move_id.parent_state", "=", "posted"),
                ("credit_move_id.move_id.move_type", "!=", "out_refund"),
                *invoice_domain,
            ],
            ["debit_move_id"],
            ["amount:sum"],
        )
        paid_by_move = defaultdict(float)
        for receivable_line, amount in groups:
            paid_by_move[receivable_line.move_id] += amount
        if not paid_by_move:
            return []
        lines = self._fetch_invoice_lines(
            [
                *self._invoice_line_domain(users, ["out_invoice"]),
                ("move_id", "in", [move.id for move in paid_by_move]),
            ]
        )
        return [
            self._invoice_line_row(
                line,
                core.paid_share(line.move_id.amount_total_signed, paid_by_move[line.move_id]),
            )
            for line in lines
        ]

    def _refund_lines(self, users, start, end):
        return self._fetch_invoice_lines(
            self._invoice_line_domain(users, ["out_refund"])
            + self._date_domain("invoice_date", start, end)
        )

    def _refund_origin(self, refund_line):
        """What a credit note line credits: sale lines (order basis) or an invoice."""
        if self.basis == "order":
            return refund_line.sale_line_ids
        return refund_line.move_id.reversed_entry_id

    def _split_refunds(self, refunds):
        """Credit note lines as (commission rows, clawback rows).

        A credit note on a source already paid out is clawed back at the rate
        that was paid; on the invoice basis other credit notes count negative
        in the base; on the other bases they do not count.
        """
        refunds.fetch(["sale_line_ids"])
        origins = {line: self._refund_origin(line) for line in refunds}
        paid_by_origin = self._paid_out_by_origin(
            self.env["sale.order.line"].union(*origins.values())
            if self.basis == "order"
            else self.env["account.move"].union(*origins.values()),
            refunds,
        )
        commission, clawback = [], []
        by_origin = defaultdict(list)
        for line, origin in origins.items():
            key = origin and frozenset(origin.ids)
            if key and key in paid_by_origin["paid"]:
                by_origin[key].append(line)
            elif self.basis == "invoice":
                commission.append(self._invoice_line_row(line))
        digits = self.currency_id.decimal_places
        for key, lines in by_origin.items():
            lines = [line for line in lines if line not in paid_by_origin["clawed_lines"]]
            paid_base, paid_amount = paid_by_origin["paid"][key]
            left = paid_base - paid_by_origin["clawed"].get(key, 0.0)
            amounts = core.clawbacks([line.balance for line in lines], left, paid_amount, digits)
            for line, (base, rate, amount) in zip(lines, amounts, strict=True):
                if float_is_zero(base, precision_digits=digits):
                    continue
                row = self._invoice_line_row(line)
                if self.basis == "order":
                    row["sale_line_id"] = line.sale_line_ids[:1].id
                row.update(base=base, rate=rate, amount=amount)
                clawback.append(row)
        return commission, clawback

    def _done_lines_domain(self):
        return [
            ("plan_id", "=", self.id),
            ("statement_id.state", "in", DONE_STATES),
            ("line_type", "in", SOURCE_TYPES),
        ]

    def _paid_out(self, sale_lines, move_lines):
        """{("sale"|"move", id): (base, amount)} already in confirmed or paid statements."""
        StatementLine = self.env["sales.commission.statement.line"]
        result = {}
        for kind, field, records in (
            ("sale", "sale_line_id", sale_lines),
            ("move", "move_line_id", move_lines),
        ):
            if not records:
                continue
            groups = StatementLine._read_group(
                [*self._done_lines_domain(), (field, "in", records.ids)]
                + ([("move_line_id", "=", False)] if kind == "sale" else []),
                [field],
                ["base_amount:sum", "amount:sum"],
            )
            result.update({(kind, rec.id): (base, amount) for rec, base, amount in groups})
        return result

    def _paid_out_by_origin(self, origins, refunds):
        """What was paid out on each credit note origin and what was already clawed back."""
        StatementLine = self.env["sales.commission.statement.line"]
        result = {"paid": {}, "clawed": defaultdict(float), "clawed_lines": set()}
        if not origins:
            return result
        if self.basis == "order":
            domain = [("sale_line_id", "in", origins.ids), ("line_type", "=", "commission")]
        else:
            domain = [("move_line_id.move_id", "in", origins.ids), ("line_type", "=", "commission")]
        done = StatementLine.search_fetch(
            [*self._done_lines_domain(), *domain],
            ["sale_line_id", "move_line_id", "base_amount", "amount"],
        )
        totals = defaultdict(lambda: [0.0, 0.0])
        for line in done:
            origin = line.sale_line_id if self.basis == "order" else line.move_line_id.move_id
            totals[origin.id][0] += line.base_amount
            totals[origin.id][1] += line.amount
        for refund in refunds:
            origin = self._refund_origin(refund)
            if origin and all(record_id in totals for record_id in origin.ids):
                key = frozenset(origin.ids)
                result["paid"][key] = tuple(
                    sum(totals[record_id][i] for record_id in origin.ids) for i in (0, 1)
                )
        clawed = StatementLine.search_fetch(
            [
                ("plan_id", "=", self.id),
                ("statement_id.state", "in", DONE_STATES),
                ("line_type", "=", "clawback"),
                ("move_line_id", "in", refunds.ids),
            ],
            ["move_line_id", "base_amount"],
        )
        for line in clawed:
            result["clawed_lines"].add(line.move_line_id)
            key = frozenset(self._refund_origin(line.move_line_id).ids)
            result["clawed"][key] -= line.base_amount
        return result

    def _won_deals(self, users, start, end):
        """{user_id: won opportunities not paid yet} when the plan pays per deal."""
        if not self.per_deal_amount:
            return {}
        paid = self.env["sales.commission.statement.line"].search_fetch(
            [
                ("plan_id", "=", self.id),
                ("statement_id.state", "in", DONE_STATES),
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
                ("date_closed", ">=", datetime.combine(start, time.min)),
                ("date_closed", "<", datetime.combine(end + timedelta(days=1), time.min)),
                ("id", "not in", paid.lead_id.ids),
            ],
            ["user_id", "name", "date_closed"],
        )
        deals = defaultdict(list)
        for lead in leads:
            deals[lead.user_id.id].append(lead)
        return deals

    def _gather_measures(self, users, date_from, date_to):
        """Targets and won deal counts of ``users`` for the statement period."""
        measures = {"target": {}, "won_deals": {}}
        needs_target = (
            self.rate_mode != "flat" and self.tier_basis == "attainment"
        ) or "attainment" in self.bonus_ids.mapped("measure")
        if needs_target:
            measures["target"] = self.env["sales.target"]._period_target_values(
                date_from,
                date_to,
                owner_field="user_id",
                owner_ids=users.ids,
                measure="revenue",
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

    def _prepare_statement_vals(self, user, sources, measures, date_from, date_to):
        """Values of the statement of ``user`` for the period, lines included."""
        rows = sources["commission"].get(user.id, [])
        base = sum(row["base"] for row in rows)
        target = measures["target"].get(user.id, 0.0)
        attainment = core.attainment(base, target)
        digits = self.currency_id.decimal_places
        note = False
        if self.rate_mode != "flat" and self.tier_basis == "attainment" and attainment is None:
            note = self.env._(
                "%(user)s has no revenue target for this period, so the attainment tiers "
                "cannot apply and no commission is computed. Confirm a target for "
                "%(user)s and regenerate this statement.",
                user=user.name,
            )
            commission = core.Commission(base=base, amount=0.0, uncapped=0.0)
        else:
            commission = core.plan_commission(
                base,
                self.rate_mode,
                flat_rate=self.flat_rate,
                tiers=self._core_tiers() if self.rate_mode != "flat" else (),
                scale=target / 100.0 if self.tier_basis == "attainment" else 1.0,
                cap=self.cap_amount,
                digits=digits,
            )
        amounts = core.allocate(commission.amount, [row["base"] for row in rows], digits)
        lines = [
            self._prepare_line_vals(row, "commission", commission.rate, amount)
            for row, amount in zip(rows, amounts, strict=True)
        ]
        lines += [
            self._prepare_line_vals(row, "clawback", row["rate"], row["amount"])
            for row in sources["clawback"].get(user.id, [])
        ]
        lines += [
            {
                "line_type": "deal",
                "lead_id": lead.id,
                "name": lead.name,
                "date": lead.date_closed.date(),
                "amount": self.per_deal_amount,
            }
            for lead in sources["deal"].get(user.id, [])
        ]
        bonuses = [
            core.Bonus(bonus, bonus.measure, bonus.threshold, bonus.amount)
            for bonus in self.bonus_ids
        ]
        reached = core.reached_bonuses(
            bonuses, attainment, base, measures["won_deals"].get(user.id, 0)
        )
        lines += [
            {
                "line_type": "bonus",
                "bonus_id": bonus.key.id,
                "name": bonus.key.display_name,
                "amount": bonus.amount,
            }
            for bonus in reached
        ]
        return {
            "user_id": user.id,
            "plan_id": self.id,
            "company_id": self.company_id.id,
            "date_start": date_from,
            "date_end": date_to,
            "target_amount": target,
            "attainment": attainment or 0.0,
            "capped": commission.capped,
            "note": note,
            "line_ids": [fields.Command.create(vals) for vals in lines],
        }

    def _prepare_line_vals(self, row, line_type, rate, amount):
        return {
            "line_type": line_type,
            "sale_line_id": row.get("sale_line_id", False),
            "move_line_id": row.get("move_line_id", False),
            "name": row["name"],
            "date": row["date"],
            "base_amount": row["base"],
            "rate": rate,
            "amount": amount,
        }


class SalesCommissionTier(models.Model):
    _name = "sales.commission.tier"
    _description = "Commission Tier"
    _order = "plan_id, lower_bound, id"

    plan_id = fields.Many2one(
        "sales.commission.plan", required=True, ondelete="cascade", index=True
    )
    tier_basis = fields.Selection(related="plan_id.tier_basis")
    lower_bound = fields.Float(
        required=True,
        digits=(16, 2),
        help="Start of the tier (included): a percent of the target or an amount, by the "
        "plan's tier basis. The tier runs up to the next tier's lower bound.",
    )
    rate = fields.Float(string="Rate (%)", required=True, digits=(16, 4))

    @api.constrains("lower_bound", "rate")
    def _check_plan_tiers(self):
        self.plan_id._check_tiers()


class SalesCommissionBonus(models.Model):
    _name = "sales.commission.bonus"
    _description = "Performance Bonus"
    _order = "plan_id, measure, threshold, id"

    plan_id = fields.Many2one(
        "sales.commission.plan", required=True, ondelete="cascade", index=True
    )
    currency_id = fields.Many2one(related="plan_id.currency_id")
    measure = fields.Selection(
        [
            ("attainment", "Target Attainment (%)"),
            ("revenue", "Revenue"),
            ("deals", "Won Deals"),
        ],
        required=True,
        default="attainment",
    )
    threshold = fields.Float(
        required=True,
        help="The bonus is paid when the measure reaches this value (included): a percent "
        "of the target, a revenue amount or a number of won deals.",
    )
    amount = fields.Monetary(required=True, currency_field="currency_id")

    @api.depends("measure", "threshold")
    def _compute_display_name(self):
        labels = dict(self._fields["measure"]._description_selection(self.env))
        for bonus in self:
            threshold = format(bonus.threshold, "g")
            bonus.display_name = self.env._(
                "Bonus: %(measure)s ≥ %(threshold)s",
                measure=labels.get(bonus.measure, ""),
                threshold=threshold,
            )

    @api.constrains("threshold", "amount")
    def _check_amounts(self):
        for bonus in self:
            if bonus.threshold < 0 or bonus.amount < 0:
                raise ValidationError(
                    self.env._(
                        "Bonus %(bonus)s of plan %(plan)s has a negative threshold or "
                        "amount: enter 0 or more.",
                        bonus=bonus.display_name,
                        plan=bonus.plan_id.name,
                    )
                )
