from odoo import api, fields, models
from odoo.tools import SQL

# What a change of these fields can change in the links to the next entry.
LINK_FIELDS = {"lead_id", "date", "stage_to_id", "days_in_stage"}


class SalesLeadStageHistory(models.Model):
    """One row per stage change of a lead (PRODUCT.md §2).

    Written by ``crm.lead`` (create and write, in batches), never by hand;
    readable as the leads are. Each entry also keeps what its lead's next
    entry says (the stage it moved to, the days it spent here), kept in step
    on every create, write and unlink: the funnel analysis reads them
    instead of ordering the whole history per lead at each query.
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
    next_stage_id = fields.Many2one(
        "crm.stage",
        ondelete="set null",
        readonly=True,
        help="The stage the lead moved to after this one; empty while it is still here.",
    )
    days_before_next = fields.Float(
        string="Days Before Next Move",
        digits=(16, 2),
        readonly=True,
        help="Days the lead spent in this stage before its next move.",
    )

    def init(self):
        # Entries written before the links existed, or by SQL: filled once
        # (an entry already in step is not rewritten).
        self._link_next_entries()

    @api.model_create_multi
    def create(self, vals_list):
        entries = super().create(vals_list)
        self._link_next_entries(entries.lead_id.ids)
        return entries

    def write(self, vals):
        leads = self.lead_id
        result = super().write(vals)
        if LINK_FIELDS & vals.keys():
            self._link_next_entries((leads | self.lead_id).ids)
        return result

    def unlink(self):
        lead_ids = self.lead_id.ids
        result = super().unlink()
        self._link_next_entries(lead_ids)
        return result

    @api.model
    def _link_next_entries(self, lead_ids=None):
        """Set ``next_stage_id`` and ``days_before_next`` of the entries of
        ``lead_ids`` (every lead when None) from the entry that follows each
        one by date (then id) for the same lead, in one statement; return how
        many entries were out of step."""
        if lead_ids is not None and not lead_ids:
            return 0
        self.flush_model([*LINK_FIELDS, "next_stage_id", "days_before_next"])
        scope = SQL("lead_id = ANY(%s)", list(lead_ids)) if lead_ids is not None else SQL("TRUE")
        self.env.cr.execute(
            SQL(
                """
                UPDATE sales_lead_stage_history h
                   SET next_stage_id = following.next_stage_id,
                       days_before_next = following.days_before_next
                  FROM (SELECT id, LEAD(stage_to_id) OVER w AS next_stage_id,
                               LEAD(days_in_stage) OVER w AS days_before_next
                          FROM sales_lead_stage_history
                         WHERE %s
                        WINDOW w AS (PARTITION BY lead_id ORDER BY date, id)) following
                 WHERE following.id = h.id
                   AND (h.next_stage_id IS DISTINCT FROM following.next_stage_id
                        OR h.days_before_next IS DISTINCT FROM following.days_before_next)
                """,
                scope,
            )
        )
        changed = self.env.cr.rowcount
        if changed:
            self.invalidate_model(["next_stage_id", "days_before_next"])
        return changed
