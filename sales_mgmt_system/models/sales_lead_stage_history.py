from odoo import fields, models


class SalesLeadStageHistory(models.Model):
    """One row per stage change of a lead (PRODUCT.md §2).

    Written by ``crm.lead`` (create and write, in batches), never by hand;
    readable as the leads are.
    """

    _name = "sales.lead.stage.history"
    _description = "Lead Stage History"
    _order = "date desc, id desc"
    _rec_name = "lead_id"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead", required=True, ondelete="cascade", index=True, readonly=True
    )
    stage_from_id = fields.Many2one(
        "crm.stage", string="From Stage", ondelete="set null", readonly=True, index=True
    )
    stage_to_id = fields.Many2one(
        "crm.stage", string="To Stage", ondelete="set null", readonly=True, index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Changed By", default=lambda self: self.env.user, readonly=True
    )
    days_in_stage = fields.Float(
        string="Days in Stage",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="Days the lead spent in the stage it left.",
    )
    overridden = fields.Boolean(
        string="Gate Overridden",
        readonly=True,
        help="A sales manager moved the lead past the stage gate.",
    )
    override_reason = fields.Text(readonly=True)
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    team_id = fields.Many2one(related="lead_id.team_id", string="Sales Team")
    salesperson_id = fields.Many2one(related="lead_id.user_id", string="Salesperson")
