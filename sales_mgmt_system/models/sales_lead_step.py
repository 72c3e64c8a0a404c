from odoo import fields, models
from odoo.exceptions import UserError

# What a salesperson may change on a checklist line: whether it is done.
EDITABLE_FIELDS = {"done"}


class SalesLeadStep(models.Model):
    """One standard step on a lead's checklist (PRODUCT.md §2).

    Made by the system when the lead enters the step's stage and kept when it
    leaves. Read and ticked by whoever may read and write the lead.
    """

    _name = "sales.lead.step"
    _description = "Lead Checklist Step"
    _order = "stage_sequence, stage_id, sequence, id"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead", required=True, ondelete="cascade", index=True, readonly=True
    )
    step_id = fields.Many2one("sales.stage.step", required=True, ondelete="cascade", readonly=True)
    stage_id = fields.Many2one(
        "crm.stage", required=True, ondelete="cascade", readonly=True, index=True
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    stage_sequence = fields.Integer(
        related="stage_id.sequence", store=True, string="Stage Sequence"
    )
    sequence = fields.Integer(related="step_id.sequence", store=True)
    name = fields.Char(related="step_id.name", string="Step Name")
    guidance = fields.Text(related="step_id.guidance")
    required = fields.Boolean(related="step_id.required")
    done = fields.Boolean()
    done_date = fields.Datetime(string="Done On", readonly=True)
    done_user_id = fields.Many2one("res.users", string="Done By", readonly=True)

    _sql_constraints = [
        (
            "lead_step_unique",
            "UNIQUE(lead_id, step_id)",
            "A step appears once on a lead's checklist.",
        ),
    ]

    def write(self, vals):
        if not self.env.su:
            refused = set(vals) - EDITABLE_FIELDS
            if refused:
                raise UserError(
                    self.env._(
                        "On a lead's checklist you can only tick steps done or undone; "
                        "the steps themselves come from the stage's configuration."
                    )
                )
            # Ticking a step changes the lead: it takes the right to write the lead.
            self.lead_id.check_access("write")
        if "done" in vals:
            vals = dict(
                vals,
                done_date=fields.Datetime.now() if vals["done"] else False,
                done_user_id=self.env.uid if vals["done"] else False,
            )
        return super().write(vals)
