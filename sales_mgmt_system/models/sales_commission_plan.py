from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, formatLang

from ..core import commission as core


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
    preview_value = fields.Float(
        string="Try an Amount",
        copy=False,
        help="An amount (amount tiers, flat rate) or an attainment in percent (attainment "
        "tiers) to see what the plan would pay.",
    )
    preview_target = fields.Float(
        string="With a Target of",
        copy=False,
        help="The target the attainment of the preview is measured against.",
    )
    preview_result = fields.Char(string="It Would Pay", compute="_compute_preview_result")
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

    @api.constrains("basis", "user_ids", "team_ids", "date_start", "date_end", "active")
    def _check_no_overlapping_plan(self):
        """A salesperson is paid by one plan of a basis at a time: "paid once" holds
        within a plan, so two overlapping plans would pay the same line twice."""
        for plan in self.filtered("active"):
            overlap = plan._overlapping_plan()
            if overlap:
                other, user = overlap
                raise ValidationError(
                    self.env._(
                        "%(user)s would be paid twice on the same sales: commission plans "
                        "%(plan)s and %(other)s both pay on %(basis)s over overlapping dates. "
                        "Remove %(user)s from one of them, or make their validity dates "
                        "follow each other.",
                        user=user.name,
                        plan=plan.name,
                        other=other.name,
                        basis=dict(self._fields["basis"]._description_selection(self.env))[
                            plan.basis
                        ],
                    )
                )

    def _overlapping_plan(self):
        """``(other plan, salesperson)`` paid by both on the same basis and days, or None."""
        self.ensure_one()
        others = self.search(
            [
                ("id", "!=", self.id),
                ("company_id", "=", self.company_id.id),
                ("basis", "=", self.basis),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", self.date_start or date.min),
                "|",
                ("date_start", "=", False),
                ("date_start", "<=", self.date_end or date.max),
            ]
        )
        users = self._commission_users()
        for other in others:
            shared = users & other._commission_users()
            if shared:
                return other, shared[0]
        return None

    @api.ondelete(at_uninstall=False)
    def _unlink_except_settled(self):
        settled = self.statement_ids.filtered(lambda s: s.state in ("confirmed", "paid"))
        if settled:
            raise UserError(
                self.env._(
                    "Commission plan %(plan)s has confirmed or paid statements, which must "
                    "stay as the record of what was paid: archive the plan instead of "
                    "deleting it.",
                    plan=settled[0].plan_id.name,
                )
            )
        self.statement_ids.unlink()

    def _commission_users(self):
        """The salespeople the plan pays: its users and the members of its teams."""
        self.ensure_one()
        users = self.user_ids | self.team_ids.member_ids
        return users.filtered(lambda user: self.company_id in user.company_ids)

    @api.depends(
        "preview_value",
        "preview_target",
        "rate_mode",
        "tier_basis",
        "flat_rate",
        "cap_amount",
        "tier_ids.lower_bound",
        "tier_ids.rate",
    )
    @api.depends_context("lang")
    def _compute_preview_result(self):
        for plan in self:
            plan.preview_result = plan._preview()

    def _preview(self):
        """What the plan pays on the amount (or at the attainment) typed in the preview."""
        self.ensure_one()
        currency = self.currency_id

        def money(value):
            return format_amount(self.env, value, currency)

        def percent(value):
            return formatLang(self.env, value, digits=2).rstrip("0").rstrip(".,") + "%"

        if not self.preview_value:
            return False
        tiers = self._core_tiers()
        if self.rate_mode != "flat" and (not tiers or core.tier_problems(tiers)):
            return self.env._("Fix the tiers first: the preview needs valid tiers.")
        by_attainment = self.rate_mode != "flat" and self.tier_basis == "attainment"
        if by_attainment:
            if self.preview_target <= 0:
                return self.env._("Type the target too: the tiers are percents of it.")
            revenue = self.preview_target * self.preview_value / 100.0
            scale = self.preview_target / 100.0
        else:
            revenue, scale = self.preview_value, 1.0
        if self.rate_mode == "flat":
            lines = [
                self.env._(
                    "%(base)s at %(rate)s = %(commission)s",
                    base=money(revenue),
                    rate=percent(self.flat_rate),
                    commission=money(revenue * self.flat_rate / 100.0),
                )
            ]
        else:
            lines = [
                self.env._(
                    "%(base)s at %(rate)s = %(commission)s",
                    base=money(band.base),
                    rate=percent(band.rate),
                    commission=money(band.commission),
                )
                for band in core.tier_bands(revenue, tiers, self.rate_mode, scale)
            ]
        commission = core.plan_commission(
            revenue,
            self.rate_mode,
            flat_rate=self.flat_rate,
            tiers=tiers,
            scale=scale,
            cap=self.cap_amount,
            digits=currency.decimal_places,
        )
        total = self.env._(
            "Commission on %(revenue)s: %(amount)s (%(rate)s on average)",
            revenue=money(revenue),
            amount=money(commission.amount),
            rate=percent(commission.rate),
        )
        if commission.capped:
            total += " " + self.env._("(cut to the cap)")
        return "; ".join(lines) + ". " + total

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


class SalesCommissionTier(models.Model):
    _name = "sales.commission.tier"
    _description = "Commission Tier"
    _order = "plan_id, lower_bound, id"

    plan_id = fields.Many2one(
        "sales.commission.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    tier_basis = fields.Selection(related="plan_id.tier_basis")
    lower_bound = fields.Float(
        required=True,
        digits=(16, 2),
        help="Start of the tier (included): a percent of the target or an amount, by the "
        "plan's tier basis. The tier runs up to the next tier's lower bound.",
    )
    rate = fields.Float(string="Rate (%)", required=True, digits=(16, 4))
    upper_bound = fields.Float(
        string="Up To",
        compute="_compute_range",
        digits=(16, 2),
        help="End of the tier (excluded): the next tier's lower bound; none for the top tier.",
    )
    is_top_tier = fields.Boolean(compute="_compute_range")
    unit = fields.Char(
        compute="_compute_range",
        help="What the bounds count: a percent of the salesperson's target, or an amount.",
    )

    @api.depends("plan_id.tier_ids.lower_bound", "tier_basis", "plan_id.currency_id")
    @api.depends_context("lang")
    def _compute_range(self):
        for tier in self:
            bounds = sorted(
                other.lower_bound
                for other in tier.plan_id.tier_ids
                if other.lower_bound > tier.lower_bound
            )
            tier.upper_bound = bounds[0] if bounds else 0.0
            tier.is_top_tier = not bounds
            tier.unit = (
                self.env._("% of target")
                if tier.tier_basis == "attainment"
                else tier.plan_id.currency_id.name or ""
            )

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
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
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
