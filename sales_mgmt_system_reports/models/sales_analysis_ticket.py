from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.sales_mgmt_system.models.sales_ticket import (
    ESCALATION_LEVELS,
    SLA_STATUS_SELECTION,
    TICKET_CHANNELS,
)
from odoo.addons.sales_mgmt_system.models.sales_ticket_sla import TICKET_PRIORITIES


class SalesAnalysisTicket(models.Model):
    """After-sales tickets and their SLA: one row per active ticket.

    Counts sum; the on-time rate and the response and resolution times are
    averages over the tickets they concern (``NULL`` elsewhere), hence right at
    every grouping level.
    """

    _name = "sales.analysis.ticket"
    _inherit = "sales.analysis.mixin"
    _description = "Tickets and SLA Analysis"
    _auto = False
    _order = "date_received desc"
    _rec_name = "ticket_id"
    _depends = {
        "sales.ticket": [
            "active",
            "company_id",
            "partner_id",
            "user_id",
            "team_id",
            "category_id",
            "priority",
            "channel",
            "stage_id",
            "is_closed",
            "sla_id",
            "sla_late",
            "sla_status_checked",
            "escalation_level",
            "date_received",
            "closed_date",
            "first_response_date",
            "first_response_hours",
            "resolution_time_hours",
        ],
    }

    ticket_id = fields.Many2one("sales.ticket", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned To", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    category_id = fields.Many2one("sales.ticket.category", readonly=True)
    priority = fields.Selection(TICKET_PRIORITIES, readonly=True)
    channel = fields.Selection(TICKET_CHANNELS, readonly=True)
    stage_id = fields.Many2one("sales.ticket.stage", readonly=True)
    sla_id = fields.Many2one("sales.ticket.sla", string="SLA Policy", readonly=True)
    sla_status = fields.Selection(
        SLA_STATUS_SELECTION,
        string="SLA Status",
        readonly=True,
        help="The SLA status at the last check of the escalation action.",
    )
    escalation_level = fields.Selection(ESCALATION_LEVELS, readonly=True)
    date_received = fields.Datetime(string="Received On", readonly=True)
    closed_date = fields.Datetime(string="Closed On", readonly=True)
    ticket_count = fields.Integer(string="Tickets", readonly=True, aggregator="sum")
    open_count = fields.Integer(string="Open", readonly=True, aggregator="sum")
    closed_count = fields.Integer(string="Closed", readonly=True, aggregator="sum")
    breached_count = fields.Integer(
        string="SLA Breached",
        readonly=True,
        aggregator="sum",
        help="Tickets that missed a response or resolution deadline.",
    )
    on_time_rate = fields.Float(
        string="On Time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the tickets under an SLA whose outcome is known (closed, or "
        "already breached) that met every deadline.",
    )
    response_hours = fields.Float(
        string="Average Response Time (Working Hours)",
        readonly=True,
        aggregator="avg",
        help="Working hours from receipt to the first answer, over the answered tickets.",
    )
    resolution_hours = fields.Float(
        string="Average Resolution Time (Working Hours)",
        readonly=True,
        aggregator="avg",
        help="Working hours from receipt to closing, over the closed tickets.",
    )

    def _query(self):
        return SQL(
            """
            SELECT t.id, t.id AS ticket_id, t.company_id, t.partner_id, t.user_id,
                   t.team_id, t.category_id, t.priority, t.channel, t.stage_id,
                   t.sla_id, t.sla_status_checked AS sla_status, t.escalation_level,
                   t.date_received, t.closed_date,
                   1 AS ticket_count,
                   CASE WHEN t.is_closed THEN 0 ELSE 1 END AS open_count,
                   CASE WHEN t.is_closed THEN 1 ELSE 0 END AS closed_count,
                   CASE WHEN t.sla_late OR t.sla_status_checked = 'breached'
                        THEN 1 ELSE 0 END AS breached_count,
                   CASE WHEN t.sla_id IS NULL THEN NULL
                        WHEN t.sla_late OR t.sla_status_checked = 'breached' THEN 0.0
                        WHEN t.is_closed THEN 100.0
                        ELSE NULL END AS on_time_rate,
                   CASE WHEN t.first_response_date IS NOT NULL
                        THEN t.first_response_hours END AS response_hours,
                   CASE WHEN t.is_closed AND t.closed_date IS NOT NULL
                        THEN t.resolution_time_hours END AS resolution_hours
              FROM sales_ticket t
             WHERE t.active
            """
        )
