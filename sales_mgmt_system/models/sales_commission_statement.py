from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

LOCKED_STATES = ("confirmed", "paid")


class SalesCommissionStatement(models.Model):
    _name = "sales.commission.statement"
    _description = "Commission Statement"
    _inherit = ["mail.thread"]
    _order = "date_start desc, user_id, id desc"
    _check_company_auto = True
    # Salespeople may discuss their own statements, which they cannot edit.
    _mail_post_access = "read"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, index=True, readonly=True
    )
    plan_id = fields.Many2one(
        "sales.commission.plan",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda s: s.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date(string="From", required=True, readonly=True)
    date_end = fields.Date(string="To", required=True, readonly=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("confirmed", "Confirmed"),
            ("paid", "Paid"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("sales.commission.statement.line", "statement_id", string="Lines")
    base_amount = fields.Monetary(
        string="Commission Base",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
    )
    commission_amount = fields.Monetary(
        string="Commission", compute="_compute_amounts", store=True, currency_field="currency_id"
    )
    bonus_amount = fields.Monetary(
        string="Bonuses and Deals",
        compute="_compute_amounts",
        store=True,
        currency_field="currency_id",
    )
    clawback_amount = fields.Monetary(
        string="Clawbacks", compute="_compute_amounts", store=True, currency_field="currency_id"
    )
    total_amount = fields.Monetary(
        string="Total", compute="_compute_amounts", store=True, currency_field="currency_id"
    )
    target_amount = fields.Monetary(
        string="Revenue Target", readonly=True, currency_field="currency_id"
    )
    attainment = fields.Float(string="Attainment (%)", readonly=True, digits=(16, 1))
    capped = fields.Boolean(
        readonly=True, help="The commission reached the plan's cap and was cut to it."
    )
    note = fields.Text(readonly=True)

    _sql_constraints = [
        (
            "user_plan_period_unique",
            "UNIQUE(user_id, plan_id, date_start, date_end)",
            "A salesperson has one commission statement per plan and period: regenerate the "
            "existing statement instead of making another one.",
        ),
    ]

    @api.depends("user_id.name", "plan_id.name", "date_start", "date_end")
    def _compute_name(self):
        for statement in self:
            statement.name = self.env._(
                "%(plan)s - %(user)s - %(start)s to %(end)s",
                plan=statement.plan_id.name or "",
                user=statement.user_id.name or "",
                start=statement.date_start or "",
                end=statement.date_end or "",
            )

    @api.depends("line_ids.amount", "line_ids.base_amount", "line_ids.line_type")
    def _compute_amounts(self):
        for statement in self:
            totals = defaultdict(float)
            for line in statement.line_ids:
                totals[line.line_type] += line.amount
                if line.line_type == "commission":
                    totals["base"] += line.base_amount
            statement.base_amount = totals["base"]
            statement.commission_amount = totals["commission"]
            statement.bonus_amount = totals["bonus"] + totals["deal"]
            statement.clawback_amount = totals["clawback"]
            statement.total_amount = sum(
                totals[kind] for kind in ("commission", "bonus", "deal", "clawback")
            )

    # ------------------------------------------------------------------
    # State changes
    # ------------------------------------------------------------------

    def _check_state(self, allowed, action):
        wrong = self.filtered(lambda statement: statement.state not in allowed)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Cannot %(action)s statement %(statement)s in state %(state)s: only "
                    "statements in state %(allowed)s can be.",
                    action=action,
                    statement=wrong[0].name,
                    state=labels[wrong[0].state],
                    allowed=", ".join(labels[state] for state in allowed),
                )
            )

    def action_confirm(self):
        self._check_state(["draft"], self.env._("confirm"))
        self._check_paid_once()
        self.state = "confirmed"
        return True

    def action_mark_paid(self):
        self._check_state(["confirmed"], self.env._("mark as paid"))
        self.state = "paid"
        return True

    def action_cancel(self):
        self._check_state(["draft", "confirmed"], self.env._("cancel"))
        self.state = "cancelled"
        return True

    def action_draft(self):
        self._check_state(["cancelled"], self.env._("reset to draft"))
        self.state = "draft"
        return True

    def action_regenerate(self):
        """Recompute these draft statements from their plan's sources."""
        self._check_state(["draft"], self.env._("regenerate"))
        self.plan_id.check_access("write")
        for (plan, date_start, date_end), statements in self.grouped(
            lambda s: (s.plan_id, s.date_start, s.date_end)
        ).items():
            plan._generate_statements(date_start, date_end, users=statements.user_id)
        return True

    def _check_paid_once(self):
        """Refuse to confirm a source line that another statement already pays out.

        Drafts of overlapping periods may hold the same source line; the
        first one confirmed wins and the others must be regenerated.
        """
        lines = self.line_ids.filtered(lambda line: line.line_type != "bonus")
        done = self.env["sales.commission.statement.line"].search_fetch(
            [
                ("plan_id", "in", self.plan_id.ids),
                ("state", "in", LOCKED_STATES),
                ("line_type", "!=", "bonus"),
                "|",
                "|",
                ("sale_line_id", "in", lines.sale_line_id.ids),
                ("move_line_id", "in", lines.move_line_id.ids),
                ("lead_id", "in", lines.lead_id.ids),
            ],
            ["plan_id", "sale_line_id", "move_line_id", "lead_id", "base_amount"],
        )
        paid = defaultdict(float)
        for line in done:
            paid[line.plan_id, line._source_key()] += line.base_amount
        for line in lines:
            key = (line.plan_id, line._source_key())
            if key not in paid:
                continue
            over = (
                line.lead_id
                or float_compare(
                    abs(paid[key] + line.base_amount),
                    abs(line._source_full_base()),
                    precision_digits=line.currency_id.decimal_places,
                )
                > 0
            )
            if over:
                raise UserError(
                    self.env._(
                        "Statement %(statement)s pays %(line)s, which another confirmed "
                        "statement of the plan already pays out. Regenerate the statement "
                        "to leave it out, then confirm it.",
                        statement=line.statement_id.name,
                        line=line.name,
                    )
                )


class SalesCommissionStatementLine(models.Model):
    _name = "sales.commission.statement.line"
    _description = "Commission Statement Line"
    _order = "statement_id, line_type, date, id"

    statement_id = fields.Many2one(
        "sales.commission.statement", required=True, ondelete="cascade", index=True
    )
    line_type = fields.Selection(
        [
            ("commission", "Commission"),
            ("bonus", "Performance Bonus"),
            ("deal", "Won Deal"),
            ("clawback", "Clawback"),
        ],
        required=True,
        default="commission",
    )
    name = fields.Char(string="Description")
    date = fields.Date()
    sale_line_id = fields.Many2one("sale.order.line", string="Order Line", index="btree_not_null")
    move_line_id = fields.Many2one(
        "account.move.line", string="Invoice Line", index="btree_not_null"
    )
    lead_id = fields.Many2one("crm.lead", string="Won Deal", index="btree_not_null")
    bonus_id = fields.Many2one("sales.commission.bonus", ondelete="set null")
    base_amount = fields.Monetary(string="Base", currency_field="currency_id")
    rate = fields.Float(string="Rate (%)", digits=(16, 4), aggregator="avg")
    amount = fields.Monetary(currency_field="currency_id")
    user_id = fields.Many2one(related="statement_id.user_id", store=True, string="Salesperson")
    plan_id = fields.Many2one(related="statement_id.plan_id", store=True, index=True)
    company_id = fields.Many2one(related="statement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    state = fields.Selection(related="statement_id.state", store=True, string="Status")
    date_start = fields.Date(related="statement_id.date_start", store=True, string="Period")

    def _source_key(self):
        """The source this line pays: a credit note or invoice line, an order line, a deal."""
        self.ensure_one()
        if self.move_line_id:
            return ("move", self.move_line_id.id)
        if self.sale_line_id:
            return ("sale", self.sale_line_id.id)
        return ("lead", self.lead_id.id)

    def _source_full_base(self):
        """Untaxed amount of the whole source line, in company currency."""
        self.ensure_one()
        if self.move_line_id:
            return -self.move_line_id.balance
        if self.sale_line_id:
            order = self.sale_line_id.order_id
            return self.sale_line_id.price_subtotal / (order.currency_rate or 1.0)
        return 0.0

    def _check_editable(self, statements):
        locked = statements.filtered(lambda statement: statement.state in LOCKED_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "Statement %(statement)s is confirmed or paid: its lines cannot be "
                    "changed. Cancel it and reset it to draft first (paid statements stay "
                    "as they are).",
                    statement=locked[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        statement_ids = [vals.get("statement_id") for vals in vals_list]
        self._check_editable(self.env["sales.commission.statement"].browse(statement_ids))
        return super().create(vals_list)

    def write(self, vals):
        self._check_editable(self.statement_id)
        if vals.get("statement_id"):
            self._check_editable(
                self.env["sales.commission.statement"].browse(vals["statement_id"])
            )
        return super().write(vals)

    def unlink(self):
        self._check_editable(self.statement_id)
        return super().unlink()
