from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import costs as cost_core

WARNING_PCT_PARAM = "sales_mgmt_system.cost_warning_pct"
HARD_BLOCK_PARAM = "sales_mgmt_system.cost_hard_block"
DEFAULT_WARNING_PCT = 90.0


class SalesCostBudget(models.Model):
    """What a salesperson or a team may spend per cost category over a period."""

    _name = "sales.cost.budget"
    _description = "Cost Budget"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        check_company=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", check_company=True, index=True, tracking=True
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Budget Manager",
        required=True,
        default=lambda self: self.env.user,
        check_company=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Gets an activity when a line of the budget reaches the warning threshold.",
    )
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    line_ids = fields.One2many("sales.cost.budget.line", "budget_id", string="Lines", copy=True)
    total_amount = fields.Monetary(
        string="Budget", compute="_compute_totals", store=True, currency_field="currency_id"
    )
    actual_amount = fields.Monetary(
        string="Actual", compute="_compute_totals", store=True, currency_field="currency_id"
    )
    variance = fields.Monetary(
        compute="_compute_totals",
        store=True,
        currency_field="currency_id",
        help="Budget minus actual: negative when over budget.",
    )
    utilisation = fields.Float(
        string="Utilisation (%)",
        compute="_compute_totals",
        store=True,
        aggregator="avg",
        help="Actual as a share of the budget.",
    )
    revenue = fields.Monetary(
        compute="_compute_revenue",
        currency_field="currency_id",
        help="Revenue of the salesperson or team over the period, measured as their revenue "
        "target measures it (confirmed orders when they have no target).",
    )
    cost_to_revenue = fields.Float(
        string="Cost-to-Revenue (%)",
        compute="_compute_revenue",
        help="Actual costs as a share of the revenue; empty without revenue.",
    )

    @api.depends("line_ids.amount", "line_ids.actual_amount")
    def _compute_totals(self):
        for budget in self:
            budget.total_amount = sum(budget.line_ids.mapped("amount"))
            budget.actual_amount = sum(budget.line_ids.mapped("actual_amount"))
            budget.variance = cost_core.variance(
                budget.total_amount, budget.actual_amount, budget.currency_id.decimal_places
            )
            budget.utilisation = (
                cost_core.utilisation(budget.actual_amount, budget.total_amount) or 0.0
            )

    @api.depends("user_id", "team_id", "date_start", "date_end", "company_id", "actual_amount")
    def _compute_revenue(self):
        revenues = self._revenue_by_budget()
        for budget in self:
            budget.revenue = revenues.get(budget.id, 0.0)
            budget.cost_to_revenue = (
                cost_core.cost_to_revenue(budget.actual_amount, budget.revenue) or 0.0
            )

    def _revenue_by_budget(self):
        """``{budget_id: revenue}``: one measure query per company, owner kind,
        period and revenue source, whatever the number of budgets.

        Revenue is read as the owner's revenue target covering the period
        reads it (its ``revenue_source``), else from confirmed orders. Reads
        as superuser: the caller sees only the budgets it may read.
        """
        groups = defaultdict(list)
        for budget in self.filtered(lambda b: b.date_start and b.date_end and b._owner()[1]):
            owner_field, owner = budget._owner()
            groups[(budget.company_id, owner_field, budget.date_start, budget.date_end)].append(
                (budget, owner)
            )
        Measure = self.env["sales.mgmt.measure"].sudo()
        revenues = {}
        for (company, owner_field, start, end), items in groups.items():
            sources = self._revenue_sources(
                company, owner_field, [owner.id for _b, owner in items], start, end
            )
            by_source = defaultdict(list)
            for budget, owner in items:
                by_source[sources.get(owner.id, "order")].append((budget, owner))
            for source, pairs in by_source.items():
                values = Measure._measure_values(
                    "revenue",
                    start,
                    end,
                    owner_field=owner_field,
                    owner_ids=list({owner.id for _b, owner in pairs}),
                    revenue_source=source,
                    company=company,
                )
                for budget, owner in pairs:
                    revenues[budget.id] = values.get(owner.id, 0.0)
        return revenues

    @api.model
    def _revenue_sources(self, company, owner_field, owner_ids, date_from, date_to):
        """``{owner_id: revenue_source}`` of each owner's latest confirmed or closed
        revenue target that overlaps the period (one query)."""
        targets = (
            self.env["sales.target"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("measure", "=", "revenue"),
                    ("state", "in", ("confirmed", "closed")),
                    (owner_field, "in", owner_ids),
                    ("date_start", "<=", date_to),
                    ("date_end", ">=", date_from),
                ],
                order="date_start asc, id asc",
            )
        )
        return {target[owner_field].id: target.revenue_source for target in targets}

    def _owner(self):
        """``(owner_field, owner)``: the salesperson or the team the budget is for."""
        self.ensure_one()
        if self.user_id:
            return "user_id", self.user_id
        return "team_id", self.team_id

    # The dates are required: listing them checks the owner of every new budget.
    @api.constrains("user_id", "team_id", "date_start", "date_end")
    def _check_owner(self):
        for budget in self:
            if bool(budget.user_id) == bool(budget.team_id):
                raise ValidationError(
                    self.env._(
                        "The cost budget %(budget)s must be for a salesperson or for a sales "
                        "team: set exactly one of the two.",
                        budget=budget.name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for budget in self:
            if budget.date_end < budget.date_start:
                raise ValidationError(
                    self.env._(
                        "The cost budget %(budget)s ends on %(end)s, before it starts on "
                        "%(start)s. Set an end date on or after the start date.",
                        budget=budget.name,
                        start=budget.date_start,
                        end=budget.date_end,
                    )
                )

    @api.constrains("user_id", "team_id", "date_start", "date_end", "company_id")
    def _check_overlap(self):
        self.line_ids._check_overlap()

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "team_id", "date_start", "date_end", "company_id"} & set(vals):
            self.line_ids._relink_entries()
        return result

    def unlink(self):
        # The database deletes the lines with the budget, without their unlink():
        # their entries go to another budget that covers them, if any.
        entries = self.sudo().line_ids.entry_ids
        result = super().unlink()
        entries.exists()._assign_budget_lines()
        return result


class SalesCostBudgetLine(models.Model):
    """One cost category of a budget: its amount, what was spent, and the warning."""

    _name = "sales.cost.budget.line"
    _description = "Cost Budget Line"
    _order = "budget_id, category_id"
    _check_company_auto = True

    budget_id = fields.Many2one(
        "sales.cost.budget",
        string="Cost Budget",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    category_id = fields.Many2one(
        "sales.cost.category",
        string="Cost Category",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(related="budget_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="budget_id.currency_id")
    user_id = fields.Many2one(related="budget_id.user_id", store=True, index=True)
    team_id = fields.Many2one(related="budget_id.team_id", store=True, index=True)
    date_start = fields.Date(related="budget_id.date_start", store=True)
    date_end = fields.Date(related="budget_id.date_end", store=True)
    amount = fields.Monetary(string="Budget", currency_field="currency_id")
    entry_ids = fields.One2many("sales.cost.entry", "budget_line_id", string="Cost Entries")
    actual_amount = fields.Monetary(
        string="Actual", compute="_compute_actual_amount", store=True, currency_field="currency_id"
    )
    variance = fields.Monetary(
        compute="_compute_variance",
        store=True,
        currency_field="currency_id",
        help="Budget minus actual: negative when over budget.",
    )
    utilisation = fields.Float(
        string="Utilisation (%)",
        compute="_compute_variance",
        store=True,
        aggregator="avg",
        help="Actual as a share of the budget.",
    )
    warning_sent = fields.Boolean(
        readonly=True,
        copy=False,
        help="The budget manager was warned that this line reached the threshold; they "
        "are warned once per line.",
    )

    _sql_constraints = [
        (
            "category_unique",
            "unique(budget_id, category_id)",
            "A budget has one line per cost category.",
        ),
    ]

    @api.depends("entry_ids.amount")
    def _compute_actual_amount(self):
        totals = dict(
            self.env["sales.cost.entry"]
            .sudo()
            ._read_group([("budget_line_id", "in", self.ids)], ["budget_line_id"], ["amount:sum"])
        )
        for line in self:
            line.actual_amount = totals.get(line._origin, 0.0)

    @api.depends("amount", "actual_amount")
    def _compute_variance(self):
        for line in self:
            line.variance = cost_core.variance(
                line.amount, line.actual_amount, line.currency_id.decimal_places or 2
            )
            line.utilisation = cost_core.utilisation(line.actual_amount, line.amount) or 0.0

    @api.depends("budget_id.name", "category_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.budget_id.name} / {line.category_id.name}"

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The budget for %(category)s in %(budget)s is negative (%(amount)s): "
                        "enter zero or a positive amount.",
                        category=line.category_id.name,
                        budget=line.budget_id.name,
                        amount=line.amount,
                    )
                )

    @api.constrains("category_id", "budget_id")
    def _check_overlap(self):
        """No two budgets of the same owner plan the same category over overlapping days."""
        if not self:
            return
        Line = self.sudo()
        candidates = Line.search(
            [
                ("id", "not in", self.ids),
                ("category_id", "in", self.category_id.ids),
                ("date_start", "<=", max(self.mapped("date_end"))),
                ("date_end", ">=", min(self.mapped("date_start"))),
                "|",
                ("user_id", "in", self.user_id.ids),
                ("team_id", "in", self.team_id.ids),
            ]
        ) | Line.browse(self.ids)
        for line in self:
            for other in candidates:
                if (
                    other.id != line.id
                    and other.budget_id != line.budget_id
                    and other.category_id == line.category_id
                    and other.user_id == line.user_id
                    and other.team_id == line.team_id
                    and cost_core.periods_overlap(
                        line.date_start, line.date_end, other.date_start, other.date_end
                    )
                ):
                    raise ValidationError(
                        self.env._(
                            "The budget %(budget)s plans %(category)s for %(owner)s from "
                            "%(start)s to %(end)s, which overlaps %(other)s (%(other_start)s "
                            "to %(other_end)s). Change the dates or drop the category from "
                            "one of them.",
                            budget=line.budget_id.name,
                            category=line.category_id.name,
                            owner=(line.user_id or line.team_id).display_name,
                            start=line.date_start,
                            end=line.date_end,
                            other=other.budget_id.name,
                            other_start=other.date_start,
                            other_end=other.date_end,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._relink_entries()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if "category_id" in vals:
            self._relink_entries()
        if "amount" in vals:
            self._warn_threshold()
        return result

    def unlink(self):
        # The entries of a deleted line go to another budget that covers them, if any.
        entries = self.sudo().entry_ids
        result = super().unlink()
        entries.exists()._assign_budget_lines()
        return result

    def _relink_entries(self):
        """Charge the entries that a new or changed line now covers (or no longer covers)."""
        if not self:
            return
        Entry = self.env["sales.cost.entry"].sudo()
        budgets = self.budget_id
        entries = Entry.search(
            [
                "|",
                ("budget_line_id", "in", self.ids),
                "&",
                "&",
                ("company_id", "in", budgets.company_id.ids),
                ("date", ">=", min(budgets.mapped("date_start"))),
                "&",
                ("date", "<=", max(budgets.mapped("date_end"))),
                "|",
                ("user_id", "in", budgets.user_id.ids),
                ("team_id", "in", budgets.team_id.ids),
            ]
        )
        entries._assign_budget_lines()

    def _warning_pct(self):
        param = self.env["ir.config_parameter"].sudo().get_param(WARNING_PCT_PARAM)
        return float(param) if param else DEFAULT_WARNING_PCT

    def _warn_threshold(self):
        """Give the budget manager one activity per line that reaches the threshold."""
        pct = self._warning_pct()
        reached = self.sudo().filtered(
            lambda line: (
                not line.warning_sent
                and cost_core.reaches_threshold(line.amount, line.actual_amount, pct)
            )
        )
        if not reached:
            return
        activity_type = self.env.ref("mail.mail_activity_data_warning", raise_if_not_found=False)
        for line in reached:
            manager = line.budget_id.manager_id
            reader = line.with_context(lang=manager.lang or self.env.lang)
            line.budget_id.activity_schedule(
                activity_type_id=activity_type.id if activity_type else False,
                user_id=manager.id,
                summary=reader.env._(
                    "%(category)s at %(utilisation)s%% of its budget",
                    category=reader.category_id.name,
                    utilisation=round(line.utilisation, 1),
                ),
                note=reader.env._(
                    "%(actual)s spent of %(amount)s for %(category)s in %(budget)s.",
                    actual=line.actual_amount,
                    amount=line.amount,
                    category=reader.category_id.name,
                    budget=line.budget_id.name,
                ),
            )
        reached.write({"warning_sent": True})
