import threading
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, split_every

from ..core import deals as deals_core
from .company_check import company_check_needed

RISK_CATEGORIES = [
    ("market", "Market"),
    ("customer", "Customer"),
    ("competition", "Competition"),
    ("credit", "Credit"),
    ("operational", "Operational"),
]
RISK_SOURCES = [
    ("manual", "Manual"),
    ("stale_deal", "Stale Deal"),
    ("slipped_close", "Slipped Close Date"),
    ("concentration", "Customer Concentration"),
    ("overdue_receivable", "Overdue Receivable"),
]
# Per automatic source: the record it is about, its category, probability and impact.
DETECTED_RISKS = {
    "stale_deal": ("crm.lead", "operational", 3, 3),
    "slipped_close": ("crm.lead", "customer", 3, 3),
    "concentration": ("res.partner", "customer", 3, 4),
    "overdue_receivable": ("res.partner", "credit", 4, 3),
}
# Fields only the detection sets: users see them, they do not edit them.
DETECTION_FIELDS = {"source", "res_model", "res_id", "cause_present", "date_detected"}
DETECTION_CONTEXT = "sales_risk_detection"
RISK_BATCH_SIZE = 1000
DEFAULT_STALE_DAYS = 30
DEFAULT_CONCENTRATION_PCT = 30.0


class SalesRisk(models.Model):
    """The risk register (风险管理): risks entered by people and the ones the
    daily detection finds, scored probability x impact."""

    _name = "sales.risk"
    _description = "Sales Risk"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state_rank, score desc, review_date, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    description = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    category = fields.Selection(RISK_CATEGORIES, required=True, default="market", tracking=True)
    probability = fields.Integer(
        required=True, default=3, tracking=True, help="From 1 (rare) to 5 (almost certain)."
    )
    impact = fields.Integer(
        required=True, default=3, tracking=True, help="From 1 (minor) to 5 (severe)."
    )
    score = fields.Integer(
        compute="_compute_score",
        store=True,
        precompute=True,
        aggregator="max",
        help="Probability x impact.",
    )
    level = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("critical", "Critical")],
        compute="_compute_score",
        store=True,
        precompute=True,
        help="Low 1-4, medium 5-9, high 10-16, critical 20-25.",
    )
    response = fields.Selection(
        [
            ("avoid", "Avoid"),
            ("transfer", "Transfer"),
            ("mitigate", "Mitigate"),
            ("accept", "Accept"),
        ],
        default="mitigate",
        tracking=True,
    )
    measures = fields.Html(help="What is done about the risk, by whom and when.")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        check_company=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    review_date = fields.Date(tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("monitoring", "Monitoring"), ("closed", "Closed")],
        required=True,
        default="open",
        tracking=True,
    )
    state_rank = fields.Integer(compute="_compute_state_rank", store=True, precompute=True)
    source = fields.Selection(RISK_SOURCES, required=True, default="manual", readonly=True)
    res_model = fields.Char(string="Related Document Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Related Document ID", model_field="res_model", readonly=True, index=True
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", check_company=True, index=True, ondelete="set null"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", check_company=True, index=True, ondelete="set null"
    )
    cause_present = fields.Boolean(
        readonly=True,
        help="For a detected risk: whether the last detection still found its cause. "
        "A cause gone closes the risk; a cause back reopens it.",
    )
    date_detected = fields.Date(string="Detected On", readonly=True)
    date_closed = fields.Date(string="Closed On", readonly=True)

    @api.depends("probability", "impact")
    def _compute_score(self):
        for risk in self:
            if deals_core.in_risk_scale(risk.probability) and deals_core.in_risk_scale(risk.impact):
                risk.score = deals_core.risk_score(risk.probability, risk.impact)
                risk.level = deals_core.risk_level(risk.score)
            else:  # refused by _check_scale when saved
                risk.score = 0
                risk.level = False

    @api.depends("state")
    def _compute_state_rank(self):
        ranks = {"open": 0, "monitoring": 1, "closed": 2}
        for risk in self:
            risk.state_rank = ranks.get(risk.state, 3)

    @api.depends("name", "source")
    def _compute_display_name(self):
        labels = dict(self._fields["source"]._description_selection(self.env))
        for risk in self:
            if risk.source and risk.source != "manual":
                risk.display_name = f"{labels[risk.source]}: {risk.name}"
            else:
                risk.display_name = risk.name

    @api.constrains("probability", "impact")
    def _check_scale(self):
        for risk in self:
            if not (
                deals_core.in_risk_scale(risk.probability) and deals_core.in_risk_scale(risk.impact)
            ):
                raise ValidationError(
                    self.env._(
                        "Probability and impact of a risk go from 1 to 5 (%(risk)s has "
                        "probability %(probability)s and impact %(impact)s).",
                        risk=risk.name,
                        probability=risk.probability,
                        impact=risk.impact,
                    )
                )

    def init(self):
        # One risk per cause: the detection's upsert relies on it.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS sales_risk_detected_cause_uniq"
                " ON sales_risk (company_id, source, res_id) WHERE source <> 'manual'"
            )
        )

    def _check_company(self, fnames=None):
        # One search per field and company; Odoo's check (one domain per
        # record) only runs to raise its error when something is wrong.
        if company_check_needed(self, fnames):
            return super()._check_company(fnames)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get(DETECTION_CONTEXT):
            for vals in vals_list:
                self._check_detection_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get(DETECTION_CONTEXT):
            self._check_detection_fields(vals)
        if vals.get("state") == "closed" and "date_closed" not in vals:
            vals = dict(vals, date_closed=fields.Date.context_today(self))
        elif vals.get("state") in ("open", "monitoring"):
            vals = dict(vals, date_closed=False)
        return super().write(vals)

    def _check_detection_fields(self, vals):
        touched = DETECTION_FIELDS & set(vals)
        if vals.get("source", "manual") == "manual":
            touched -= {"source"}
        if touched:
            raise UserError(
                self.env._(
                    "Only the risk detection sets where a risk comes from (%(fields)s). "
                    "Enter your own risks as manual ones.",
                    fields=", ".join(sorted(touched)),
                )
            )

    def action_open(self):
        self.write({"state": "open"})

    def action_monitor(self):
        self.write({"state": "monitoring"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_open_document(self):
        self.ensure_one()
        if not self.res_model or not self.res_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Detection
    # ------------------------------------------------------------------

    @api.model
    def action_detect_risks(self):
        """Run the detection now for the current company (sales managers)."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers can run the risk detection."))
        counts = self.sudo()._detect_risks(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Risk detection: %(created)s new, %(reopened)s reopened, %(closed)s closed.",
                    created=counts["created"],
                    reopened=counts["reopen"],
                    closed=counts["close"],
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cron_detect_risks(self):
        """Daily: detect the risks of every company, committing batch by batch."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        companies = self.env["res.company"].search([])  # pylint: disable=no-search-all
        for company in companies:
            self.with_company(company)._detect_risks(company, auto_commit=auto_commit)

    @api.model
    def _risk_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        stale_days = int(
            params.get_param("sales_mgmt_system.risk_stale_days", DEFAULT_STALE_DAYS)
            or DEFAULT_STALE_DAYS
        )
        concentration = float(
            params.get_param("sales_mgmt_system.risk_concentration_pct", DEFAULT_CONCENTRATION_PCT)
            or DEFAULT_CONCENTRATION_PCT
        )
        return stale_days, concentration

    @api.model
    def _detect_risks(self, company, today=None, batch_size=RISK_BATCH_SIZE, auto_commit=False):
        """Upsert the automatic risks of ``company`` from what is true ``today``.

        Each detector is one set-based query returning ``{res_id: values}``;
        the register is read in one query; the reconciliation (core
        ``plan_risk_sync``) creates the missing risks, closes those whose cause
        is gone and reopens the same rows when it comes back. A second run
        changes nothing. Returns the counts of what changed: ``created``,
        ``reopen``, ``present``, ``close``, ``absent``.
        """
        self = self.with_context(
            **{
                DETECTION_CONTEXT: True,
                "tracking_disable": True,
                "mail_create_nolog": True,
                "mail_create_nosubscribe": True,
            }
        ).with_company(company)
        today = today or self.env["sales.mgmt.measure"]._company_today(company)
        stale_days, concentration_pct = self._risk_settings()
        detected = {
            "stale_deal": self._detect_stale_deals(company, today, stale_days),
            "slipped_close": self._detect_slipped_closes(company),
            "concentration": self._detect_concentration(company, today, concentration_pct),
            "overdue_receivable": self._detect_overdue_receivables(company, today),
        }
        registered = self._registered_risks(company)
        work = []
        for source, causes in detected.items():
            sync = deals_core.plan_risk_sync(registered.get(source, []), causes)
            for batch in split_every(batch_size, sync.create, list):
                vals_list = [
                    self._prepare_detected_vals(company, today, source, res_id, causes[res_id])
                    for res_id in batch
                ]
                work.append(("created", vals_list))
            for kind in ("reopen", "present", "close", "absent"):
                work += [(kind, batch) for batch in split_every(batch_size, getattr(sync, kind))]
        counts = dict.fromkeys(("created", "reopen", "present", "close", "absent"), 0)
        total = sum(len(items) for _kind, items in work)
        done = 0
        for kind, items in work:
            self._apply_risk_batch(kind, items, today)
            counts[kind] += len(items)
            done += len(items)
            self.env["ir.cron"]._notify_progress(done=done, remaining=total - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return counts

    def _apply_risk_batch(self, kind, items, today):
        if kind == "created":
            self.create(items)
            return
        values = {
            "reopen": {"state": "open", "cause_present": True},
            "present": {"cause_present": True},
            "close": {"state": "closed", "cause_present": False, "date_closed": today},
            "absent": {"cause_present": False},
        }[kind]
        self.browse(items).write(values)

    def _prepare_detected_vals(self, company, today, source, res_id, cause):
        res_model, category, probability, impact = DETECTED_RISKS[source]
        return {
            "name": cause["name"],
            "company_id": company.id,
            "source": source,
            "res_model": res_model,
            "res_id": res_id,
            "category": category,
            "probability": probability,
            "impact": impact,
            "user_id": cause.get("user_id") or False,
            "lead_id": cause.get("lead_id") or False,
            "partner_id": cause.get("partner_id") or False,
            "cause_present": True,
            "date_detected": today,
            "review_date": today + timedelta(days=7),
        }

    def _registered_risks(self, company):
        """``{source: [RiskRow]}``: the automatic risks of ``company``, one query."""
        self.flush_model(["company_id", "source", "res_id", "cause_present", "state"])
        self.env.cr.execute(
            SQL(
                "SELECT id, source, res_id, cause_present, state = 'closed' FROM sales_risk"
                " WHERE company_id = %s AND source <> 'manual'",
                company.id,
            )
        )
        rows = {}
        for risk_id, source, res_id, present, closed in self.env.cr.fetchall():
            rows.setdefault(source, []).append(
                deals_core.RiskRow(risk_id, res_id, bool(present), closed)
            )
        return rows

    def _flush_deals(self):
        self.env["crm.lead"].flush_model(
            [
                "name",
                "active",
                "type",
                "stage_id",
                "company_id",
                "user_id",
                "partner_id",
                "create_date",
                "date_last_stage_update",
                "close_date_push_count",
            ]
        )
        self.env["crm.stage"].flush_model(["is_won"])

    def _open_deal_causes(self, where):
        """``{lead_id: cause}`` of the company's open opportunities matching ``where``."""
        self.env.cr.execute(
            SQL(
                """
                SELECT lead.id, lead.name, lead.user_id, lead.partner_id
                  FROM crm_lead lead
                  JOIN crm_stage stage ON stage.id = lead.stage_id
                 WHERE lead.active AND lead.type = 'opportunity' AND stage.is_won IS NOT TRUE
                   AND %s
                """,
                where,
            )
        )
        return {
            lead_id: {"name": name, "user_id": user_id, "lead_id": lead_id, "partner_id": partner}
            for lead_id, name, user_id, partner in self.env.cr.fetchall()
        }

    def _detect_stale_deals(self, company, today, stale_days):
        """Open opportunities untouched for ``stale_days``: created, moved to their
        stage and last discussed (a message, a mail or a done activity) before."""
        self._flush_deals()
        self.env["mail.message"].flush_model(
            ["model", "res_id", "date", "message_type", "mail_activity_type_id"]
        )
        measure = self.env["sales.mgmt.measure"]
        cutoff_day = today - timedelta(days=stale_days)
        cutoff = measure._utc_bounds((cutoff_day, cutoff_day), company)[0]
        return self._open_deal_causes(
            SQL(
                """lead.company_id = %(company)s
                   AND lead.create_date < %(cutoff)s
                   AND COALESCE(lead.date_last_stage_update, lead.create_date) < %(cutoff)s
                   AND NOT EXISTS (
                       SELECT 1 FROM mail_message message
                        WHERE message.model = 'crm.lead' AND message.res_id = lead.id
                          AND message.date >= %(cutoff)s
                          AND (message.message_type IN ('comment', 'email', 'email_outgoing')
                               OR message.mail_activity_type_id IS NOT NULL))""",
                company=company.id,
                cutoff=cutoff,
            )
        )

    def _detect_slipped_closes(self, company):
        """Open opportunities whose expected closing was pushed later more than twice."""
        self._flush_deals()
        return self._open_deal_causes(
            SQL(
                "lead.company_id = %s AND lead.close_date_push_count > 2",
                company.id,
            )
        )

    def _detect_concentration(self, company, today, threshold_pct):
        """Customers (commercial entities) over ``threshold_pct`` of the company's
        confirmed revenue of the last 12 months (untaxed, company currency)."""
        self.env["sale.order"].flush_model(
            ["state", "company_id", "date_order", "partner_id", "amount_untaxed", "currency_rate"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id", "name", "user_id"])
        start, stop = self.env["sales.mgmt.measure"]._utc_bounds(
            (today - relativedelta(years=1) + timedelta(days=1), today), company
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id,
                       SUM(sale_order.amount_untaxed
                           / COALESCE(NULLIF(sale_order.currency_rate, 0), 1))
                  FROM sale_order
                  JOIN res_partner partner ON partner.id = sale_order.partner_id
                 WHERE sale_order.state = 'sale' AND sale_order.company_id = %s
                   AND sale_order.date_order >= %s AND sale_order.date_order < %s
              GROUP BY partner.commercial_partner_id
                """,
                company.id,
                start,
                stop,
            )
        )
        revenue = dict(self.env.cr.fetchall())
        customers = deals_core.concentrated_customers(revenue, threshold_pct)
        return self._customer_causes(customers)

    def _detect_overdue_receivables(self, company, today):
        """Customers with posted invoices unpaid after their due date."""
        groups = self.env["account.move"]._read_group(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", today),
                ("amount_residual", ">", 0),
            ],
            ["commercial_partner_id"],
            ["__count"],
        )
        return self._customer_causes({partner.id for partner, _count in groups})

    def _customer_causes(self, partner_ids):
        partners = self.env["res.partner"].browse(sorted(partner_ids))
        return {
            partner.id: {
                "name": partner.name,
                "user_id": partner.user_id.id,
                "partner_id": partner.id,
            }
            for partner in partners.with_context(active_test=False)
        }
