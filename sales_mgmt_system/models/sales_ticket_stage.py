from odoo import fields, models


class SalesTicketStage(models.Model):
    """A step of the after-sales ticket pipeline; closed stages end the SLA clocks."""

    _name = "sales.ticket.stage"
    _description = "After-Sales Ticket Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Tickets moved to this stage are closed: their SLA clocks stop and the "
        "customer is asked for a rating.",
    )
    fold = fields.Boolean(string="Folded in Kanban")
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
