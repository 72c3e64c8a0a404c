from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date, formatLang

LOCKED_STATES = ("confirmed", "paid")
LINE_KINDS = ("commission", "bonus", "deal", "clawback", "adjustment")
COMPUTED_LINE_FIELDS = {
    "line_type",
    "sale_line_id",
    "move_line_id",
    "lead_id",
    "bonus_id",
    "base_amount",
    "rate",
    "amount",
    "date",
}


class SalesCommissionStatement(models.Model):
    _name = "sales.commission.statement"
    _description = "Commission Statement"
    _inherit = ["mail.thread"]
    _order = "date_start desc, user_id, id desc"
    _rec_names_search = ["user_id.name", "plan_id.name"]
    _check_company_auto = True
    # Salespeople may discuss their own statements, which they cannot edit.
    _mail_post_access = "read"

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
    adjustment_amount = fields.Monetary(
        string="Adjustments", compute="_compute_amounts", store=True, currency_field="currency_id"
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
    tier_breakdown = fields.Json(readonly=True, copy=False)
    rate_explanation = fields.Html(
        string="How the Commission Is Computed",
        compute="_compute_rate_explanation",
        sanitize=False,
        help="The tiers the commission was paid at, the attainment and the target they used.",
    )
    confirmed_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the statement was confirmed: documents dated in its period but written "
        "later are settled by the next statement.",
    )

    _sql_constraints = [
        (
            "user_plan_period_unique",
            "UNIQUE(user_id, plan_id, date_start, date_end)",
            "A salesperson has one commission statement per plan and period: regenerate the "
            "existing statement instead of making another one.",
        ),
    ]

    @api.depends("user_id.name", "plan_id.name", "date_start", "date_end")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """Composed in the reader's language, never stored in one."""
        for statement in self:
            statement.display_name = self.env._(
                "%(plan)s - %(user)s - %(start)s to %(end)s",
                plan=statement.plan_id.name or "",
                user=statement.user_id.name or "",
                start=format_date(self.env, statement.date_start),
                end=format_date(self.env, statement.date_end),
            )

    @api.depends("line_ids.amount", "line_ids.base_amount", "line_ids.line_type")
    def _compute_amounts(self):
        # Saved statements sum their lines in one grouped query (a month of a busy
        # plan holds thousands); a statement being edited in a form, in memory.
        totals = defaultdict(float)
        saved = self.filtered("id")
        if saved:
            for statement, line_type, amount, base in self.env[
                "sales.commission.statement.line"
            ]._read_group(
                [("statement_id", "in", saved.ids)],
                ["statement_id", "line_type"],
                ["amount:sum", "base_amount:sum"],
            ):
                totals[statement.id, line_type] += amount
                if line_type == "commission":
                    totals[statement.id, "base"] += base
        for statement in self - saved:
            for line in statement.line_ids:
                totals[statement.id, line.line_type] += line.amount
                if line.line_type == "commission":
                    totals[statement.id, "base"] += line.base_amount
        for statement in self:
            amounts = {kind: totals[statement.id, kind] for kind in (*LINE_KINDS, "base")}
            statement.base_amount = amounts["base"]
            statement.commission_amount = amounts["commission"]
            statement.bonus_amount = amounts["bonus"] + amounts["deal"]
            statement.clawback_amount = amounts["clawback"]
            statement.adjustment_amount = amounts["adjustment"]
            statement.total_amount = sum(amounts[kind] for kind in LINE_KINDS)

    @api.depends("tier_breakdown", "target_amount", "attainment", "user_id", "date_start")
    @api.depends_context("lang")
    def _compute_rate_explanation(self):
        targets = self._explained_targets()
        for statement in self:
            statement.rate_explanation = statement._rate_explanation(targets)

    def _explained_targets(self):
        """The confirmed revenue targets of the statements' people and periods, in one query."""
        with_target = self.filtered("target_amount")
        if not with_target:
            return self.env["sales.target"]
        return (
            self.env["sales.target"]
            .sudo()
            .search(
                [
                    ("user_id", "in", with_target.user_id.ids),
                    ("measure", "=", "revenue"),
                    ("state", "in", ("confirmed", "closed")),
                    ("date_start", "<=", max(with_target.mapped("date_end"))),
                    ("date_end", ">=", min(with_target.mapped("date_start"))),
                ]
            )
        )

    def _rate_explanation(self, targets):
        """Sentences, in the reader's language, of how the commission was computed."""
        self.ensure_one()
        breakdown = self.tier_breakdown
        if not breakdown:
            return False

        def money(value):
            return format_amount(self.env, value, self.currency_id)

        def number(value):
            return formatLang(self.env, value, digits=0)

        def percent(value):
            return formatLang(self.env, value, digits=2).rstrip("0").rstrip(".,") + "%"

        sentences = []
        if breakdown["mode"] == "flat":
            sentences.append(
                self.env._(
                    "Flat rate: %(rate)s of each line's base.", rate=percent(breakdown["rate"])
                )
            )
        else:
            by_attainment = breakdown["basis"] == "attainment"
            if by_attainment:
                mine = targets.filtered(
                    lambda t: (
                        t.user_id == self.user_id
                        and t.date_start <= self.date_end
                        and t.date_end >= self.date_start
                    )
                )
                if self.target_amount:
                    sentences.append(
                        self.env._(
                            "Attainment %(attainment)s: revenue of %(revenue)s against the "
                            "target of %(target)s (%(names)s).",
                            attainment=percent(self.attainment),
                            revenue=money(breakdown.get("measured", 0.0)),
                            target=money(self.target_amount),
                            names=", ".join(mine.mapped("name")) or "-",
                        )
                    )
            whole = breakdown["mode"] == "whole"
            for lower, upper, rate, base, commission in breakdown.get("bands", []):
                if by_attainment:
                    scale = breakdown["scale"]
                    band = (
                        self.env._(
                            "%(lower)s\u2013%(upper)s of target",
                            lower=percent(lower),
                            upper=percent(upper),
                        )
                        if upper is not None
                        else self.env._("from %(lower)s of target", lower=percent(lower))
                    )
                    band += " (%s)" % (
                        f"{number(lower * scale)}\u2013{number(upper * scale)}"
                        if upper is not None
                        else self.env._("from %(amount)s", amount=number(lower * scale))
                    )
                else:
                    band = (
                        f"{number(lower)}\u2013{number(upper)}"
                        if upper is not None
                        else self.env._("from %(lower)s", lower=number(lower))
                    )
                if whole:
                    sentences.append(
                        self.env._(
                            "Tier %(band)s reached: the whole %(base)s at %(rate)s = "
                            "%(commission)s.",
                            band=band,
                            base=money(base),
                            rate=percent(rate),
                            commission=money(commission),
                        )
                    )
                else:
                    sentences.append(
                        self.env._(
                            "%(band)s: %(base)s at %(rate)s = %(commission)s.",
                            band=band,
                            base=money(base),
                            rate=percent(rate),
                            commission=money(commission),
                        )
                    )
            if by_attainment:
                sentences.append(
                    self.env._(
                        "The tiers are read on revenue; each line is paid the average rate "
                        "they give, shown in its Rate column."
                    )
                )
            elif len(breakdown.get("bands", [])) > 1:
                sentences.append(
                    self.env._(
                        "Each line is paid the average rate of these tiers, shown in its Rate "
                        "column; the lines add up to the tiers' total."
                    )
                )
        if self.capped:
            sentences.append(self.env._("The commission was cut to the plan's cap."))
        return Markup("<ul>%s</ul>") % Markup().join(
            Markup("<li>%s</li>") % sentence for sentence in sentences
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
                    statement=wrong[0].display_name,
                    state=labels[wrong[0].state],
                    allowed=", ".join(labels[state] for state in allowed),
                )
            )

    def action_confirm(self):
        """Settle each statement against what is confirmed by then, and lock it.

        The computed lines are recomputed first, one period after the other,
        so that statements confirmed together, or drafts made before other
        statements were confirmed, never pay a change twice; a total that
        moved is said in the chatter.
        """
        self._check_state(["draft"], self.env._("confirm"))
        self.plan_id.check_access("write")
        for (plan, date_start, date_end), statements in sorted(
            self.grouped(lambda s: (s.plan_id, s.date_start, s.date_end)).items(),
            key=lambda item: (item[0][1], item[0][2], item[0][0].id),
        ):
            totals = {statement: statement.total_amount for statement in statements}
            plan._generate_statements(date_start, date_end, users=statements.user_id)
            for statement, before in totals.items():
                if not statement.currency_id.compare_amounts(statement.total_amount, before):
                    continue
                statement.message_post(
                    body=self.env._(
                        "Settled again on confirmation against the statements confirmed "
                        "so far: the total went from %(before)s to %(after)s.",
                        before=before,
                        after=statement.total_amount,
                    )
                )
            statements._write_state("confirmed", confirmed_date=fields.Datetime.now())
            statements.flush_recordset()
        return True

    def action_mark_paid(self):
        self._check_state(["confirmed"], self.env._("mark as paid"))
        self._write_state("paid")
        return True

    def action_cancel(self):
        self._check_state(["draft", "confirmed"], self.env._("cancel"))
        self._write_state("cancelled")
        return True

    def action_draft(self):
        self._check_state(["cancelled"], self.env._("reset to draft"))
        self._write_state("draft")
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

    def _write_state(self, state, **values):
        self.with_context(sales_commission_engine=True).write(dict(values, state=state))

    def write(self, vals):
        """State, dates and settled figures change through the actions only."""
        guarded = {"state", "confirmed_date", "target_amount", "attainment", "capped", "note"}
        if guarded & set(vals) and not self.env.context.get("sales_commission_engine"):
            self.check_access("write")  # who may not write at all is told so first
            raise UserError(
                self.env._(
                    "A commission statement's state and figures change through its buttons "
                    "(Confirm, Mark as Paid, Cancel, Reset to Draft, Regenerate) only."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_settled(self):
        settled = self.filtered(lambda statement: statement.state in LOCKED_STATES)
        if settled:
            raise UserError(
                self.env._(
                    "Statement %(statement)s is confirmed or paid: it is the record of what "
                    "was paid and cannot be deleted. Cancel it instead (a paid statement "
                    "stays as it is).",
                    statement=settled[0].display_name,
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
            ("adjustment", "Adjustment"),
        ],
        required=True,
        default="adjustment",
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
    # Copies of the statement's fixed salesperson and period, written with the
    # line (no related recompute per line), for the record rules and the analysis.
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index=True)
    date_start = fields.Date(string="Period", readonly=True)
    plan_id = fields.Many2one(related="statement_id.plan_id")
    company_id = fields.Many2one(related="statement_id.company_id")
    currency_id = fields.Many2one(related="statement_id.currency_id")
    state = fields.Selection(related="statement_id.state", string="Status")

    @api.model_create_multi
    def create(self, vals_list):
        statements = self.env["sales.commission.statement"].browse(
            [vals.get("statement_id") for vals in vals_list]
        )
        self._check_editable(statements)
        engine = self.env.context.get("sales_commission_engine")
        for vals in vals_list:
            if not engine and vals.get("line_type", "adjustment") != "adjustment":
                raise UserError(
                    self.env._(
                        "Commission, bonus, deal and clawback lines are computed from their "
                        "sources: regenerate the statement to change them, or add an "
                        "adjustment line with its reason."
                    )
                )
            if "user_id" not in vals:
                statement = statements.browse(vals["statement_id"])
                vals.update(user_id=statement.user_id.id, date_start=statement.date_start)
        lines = super().create(vals_list)
        for line in lines.filtered(lambda line: line.line_type == "adjustment"):
            line.statement_id.message_post(
                body=self.env._(
                    "Adjustment added: %(amount)s, %(reason)s",
                    amount=line.amount,
                    reason=line.name or "",
                )
            )
        return lines

    @api.constrains("line_type", "name")
    def _check_adjustment_reason(self):
        if any(line.line_type == "adjustment" and not line.name for line in self):
            raise ValidationError(
                self.env._("An adjustment line needs its reason in the description.")
            )

    def write(self, vals):
        self.check_access("write")  # who may not write at all is told so first
        self._check_editable(self.statement_id)
        computed = self.filtered(lambda line: line.line_type != "adjustment")
        if (
            computed
            and COMPUTED_LINE_FIELDS & set(vals)
            and not self.env.context.get("sales_commission_engine")
        ):
            raise UserError(
                self.env._(
                    "Line %(line)s is computed from its source: regenerate the statement to "
                    "change it, or add an adjustment line with its reason.",
                    line=computed[0].name,
                )
            )
        if vals.get("statement_id") or {"user_id", "date_start"} & set(vals):
            raise UserError(self.env._("A statement line cannot move to another statement."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_or_computed(self):
        self._check_editable(self.statement_id)
        computed = self.filtered(lambda line: line.line_type != "adjustment")
        if computed and not self.env.context.get("sales_commission_engine"):
            raise UserError(
                self.env._(
                    "Line %(line)s is computed from its source and cannot be deleted on its "
                    "own: regenerate the statement, or add an adjustment line.",
                    line=computed[0].name,
                )
            )

    def _check_editable(self, statements):
        locked = statements.filtered(lambda statement: statement.state in LOCKED_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "Statement %(statement)s is confirmed or paid: its lines cannot be "
                    "changed. Cancel it and reset it to draft first (paid statements stay "
                    "as they are).",
                    statement=locked[0].display_name,
                )
            )
