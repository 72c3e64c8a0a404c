from collections import defaultdict
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..core import costs as cost_core

# The context key that lets the action methods write the state. Its value is
# this private object, which no RPC call can send.
WORKFLOW_CONTEXT_KEY = "sales_marketing_plan_workflow"
_WORKFLOW_TOKEN = object()
WORKFLOW_FIELDS = frozenset({"state", "approved_by_id", "approved_date"})


class SalesMarketingPlan(models.Model):
    """A marketing plan: analysis, positioning and strategy, a budget, and the
    campaign through which leads and won revenue are attributed to it."""

    _name = "sales.marketing.plan"
    _description = "Marketing Plan"
    # Not mail.activity.mixin: its activity_ids would clash with the API's
    # activity_ids (the plan's marketing activities).
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        check_company=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    market_analysis = fields.Html(help="The market, its trends, customers and competitors.")
    positioning = fields.Html(help="How the brand and offer should be perceived, and by whom.")
    strategy = fields.Html(help="Channels, messages and offers that carry the positioning.")
    budget = fields.Monetary(currency_field="currency_id", tracking=True)
    segment_ids = fields.Many2many(
        "sales.segment",
        string="Target Segments",
        help="The customer segments the plan addresses.",
    )
    campaign_id = fields.Many2one(
        "utm.campaign",
        tracking=True,
        help="Leads and sales orders carrying this campaign (their UTM) are attributed to "
        "the plan when they fall in its period.",
    )
    activity_ids = fields.One2many(
        "sales.marketing.activity", "plan_id", string="Marketing Activities", copy=True
    )
    planned_cost = fields.Monetary(
        compute="_compute_costs", store=True, currency_field="currency_id"
    )
    actual_cost = fields.Monetary(
        compute="_compute_costs", store=True, currency_field="currency_id"
    )
    lead_count = fields.Integer(string="Leads", compute="_compute_results")
    won_revenue = fields.Monetary(
        compute="_compute_results",
        currency_field="currency_id",
        help="Untaxed amount of the confirmed sales orders of the campaign in the period, "
        "in the company's currency.",
    )
    cost_per_lead = fields.Monetary(compute="_compute_results", currency_field="currency_id")
    roi = fields.Float(
        string="ROI (%)",
        compute="_compute_results",
        help="Won revenue minus actual cost, as a share of the actual cost.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("running", "Running"),
            ("done", "Done"),
        ],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)

    @api.depends("activity_ids.planned_cost", "activity_ids.actual_cost")
    def _compute_costs(self):
        for plan in self:
            plan.planned_cost = sum(plan.activity_ids.mapped("planned_cost"))
            plan.actual_cost = sum(plan.activity_ids.mapped("actual_cost"))

    @api.depends("campaign_id", "date_start", "date_end", "company_id", "actual_cost")
    def _compute_results(self):
        leads, revenue = self._attributed_results()
        for plan in self:
            plan.lead_count = leads.get(plan.id, 0)
            plan.won_revenue = revenue.get(plan.id, 0.0)
            digits = plan.currency_id.decimal_places or 2
            plan.cost_per_lead = (
                cost_core.cost_per_lead(plan.actual_cost, plan.lead_count, digits) or 0.0
            )
            plan.roi = cost_core.roi(plan.won_revenue, plan.actual_cost) or 0.0

    def _attributed_results(self):
        """``({plan_id: leads}, {plan_id: won revenue})`` from two grouped queries per
        company: leads created and orders confirmed in each plan's period, by campaign
        and company day. Read as superuser: the plan shows totals, not documents."""
        plans = self.filtered(lambda p: p.campaign_id and p.date_start and p.date_end)
        leads, revenue = defaultdict(int), defaultdict(float)
        Measure = self.env["sales.mgmt.measure"]
        for company in plans.company_id:
            company_plans = plans.filtered(lambda p, company=company: p.company_id == company)
            period = (
                min(company_plans.mapped("date_start")),
                max(company_plans.mapped("date_end")),
            )
            tz = Measure._timezone(company).zone
            campaigns = company_plans.campaign_id.ids
            lead_rows = (
                self.env["crm.lead"]
                .sudo()
                .with_context(active_test=False, tz=tz)
                ._read_group(
                    [
                        ("campaign_id", "in", campaigns),
                        ("company_id", "in", (company.id, False)),
                        *Measure._datetime_domain("create_date", period, company),
                    ],
                    ["campaign_id", "create_date:day"],
                    ["__count"],
                )
            )
            order_rows = (
                self.env["sale.order"]
                .sudo()
                .with_context(tz=tz)
                ._read_group(
                    [
                        ("campaign_id", "in", campaigns),
                        ("state", "=", "sale"),
                        ("company_id", "=", company.id),
                        *Measure._datetime_domain("date_order", period, company),
                    ],
                    ["campaign_id", "date_order:day", "currency_id"],
                    ["amount_untaxed:sum"],
                )
            )
            for plan in company_plans:
                for campaign, day, count in lead_rows:
                    if campaign == plan.campaign_id and plan._covers(day):
                        leads[plan.id] += count
                for campaign, day, currency, amount in order_rows:
                    if campaign == plan.campaign_id and plan._covers(day):
                        if currency != company.currency_id:
                            amount = currency._convert(
                                amount, company.currency_id, company, plan._as_date(day)
                            )
                        revenue[plan.id] += amount
        return leads, revenue

    @staticmethod
    def _as_date(day):
        return day.date() if isinstance(day, datetime) else day

    def _covers(self, day):
        return self.date_start <= self._as_date(day) <= self.date_end

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._(
                        "The marketing plan %(plan)s ends on %(end)s, before it starts on "
                        "%(start)s. Set an end date on or after the start date.",
                        plan=plan.name,
                        start=plan.date_start,
                        end=plan.date_end,
                    )
                )

    @api.constrains("budget")
    def _check_budget(self):
        for plan in self:
            if plan.budget < 0:
                raise ValidationError(
                    self.env._(
                        "The budget of the marketing plan %(plan)s is negative (%(budget)s): "
                        "enter zero or a positive amount.",
                        plan=plan.name,
                        budget=plan.budget,
                    )
                )

    # ------------------------------------------------------------------
    # Workflow: the state changes through the action methods only
    # ------------------------------------------------------------------

    def _workflow(self):
        return self.with_context(**{WORKFLOW_CONTEXT_KEY: _WORKFLOW_TOKEN})

    def _check_workflow_fields(self, fnames):
        if self.env.context.get(WORKFLOW_CONTEXT_KEY) is _WORKFLOW_TOKEN:
            return
        if WORKFLOW_FIELDS.intersection(fnames):
            raise UserError(
                self.env._(
                    "The status of a marketing plan changes only through its buttons "
                    "(Approve, Start, Mark Done, Back to Draft)."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields(
                fname for fname, value in vals.items() if fname != "state" or value != "draft"
            )
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        approved = self.filtered(lambda p: p.state != "draft")
        if approved:
            raise UserError(
                self.env._(
                    "The marketing plan %(plan)s was approved and can no longer be deleted.",
                    plan=approved[0].name,
                )
            )

    def _check_manager(self):
        """State changes are the sales managers' decisions."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only sales managers approve, start, close or reset marketing plans.")
            )
        self.check_access("write")

    def _check_state(self, allowed):
        wrong = self.filtered(lambda p: p.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "The marketing plan %(plan)s is %(state)s; this step needs it to be "
                    "%(allowed)s.",
                    plan=wrong[0].name,
                    state=states[wrong[0].state],
                    allowed=" / ".join(states[state] for state in allowed),
                )
            )

    def action_approve(self):
        self._check_manager()
        self._check_state(("draft",))
        self._workflow().write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_date": fields.Datetime.now(),
            }
        )
        return True

    def action_start(self):
        self._check_manager()
        self._check_state(("approved",))
        no_campaign = self.filtered(lambda p: not p.campaign_id)
        if no_campaign:
            raise UserError(
                self.env._(
                    "Set the campaign of the marketing plan %(plan)s before starting it: its "
                    "leads and orders are attributed through the campaign.",
                    plan=no_campaign[0].name,
                )
            )
        self._workflow().write({"state": "running"})
        return True

    def action_done(self):
        self._check_manager()
        self._check_state(("running",))
        self._workflow().write({"state": "done"})
        return True

    def action_reset_draft(self):
        self._check_manager()
        self._check_state(("approved",))
        self._workflow().write({"state": "draft", "approved_by_id": False, "approved_date": False})
        return True

    def action_view_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_all_leads")
        action["domain"] = [("campaign_id", "=", self.campaign_id.id)]
        action["context"] = {"active_test": False, "default_campaign_id": self.campaign_id.id}
        return action


class SalesMarketingActivity(models.Model):
    """A promotion, event, content or advertising action of a marketing plan."""

    _name = "sales.marketing.activity"
    _description = "Marketing Activity"
    _order = "date, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "sales.marketing.plan", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    name = fields.Char(required=True)
    activity_type = fields.Selection(
        [
            ("promotion", "Promotion"),
            ("event", "Event"),
            ("content", "Content"),
            ("advertising", "Advertising"),
            ("exhibition", "Trade Show"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="promotion",
    )
    date = fields.Date()
    user_id = fields.Many2one("res.users", string="Responsible", domain="[('share', '=', False)]")
    planned_cost = fields.Monetary(currency_field="currency_id")
    actual_cost = fields.Monetary(currency_field="currency_id")
    notes = fields.Text()

    @api.constrains("planned_cost", "actual_cost")
    def _check_costs(self):
        for activity in self:
            if activity.planned_cost < 0 or activity.actual_cost < 0:
                raise ValidationError(
                    self.env._(
                        "The marketing activity %(activity)s has a negative cost: enter "
                        "planned and actual costs as zero or positive amounts.",
                        activity=activity.name,
                    )
                )
