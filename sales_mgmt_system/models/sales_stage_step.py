from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesStageStep(models.Model):
    """A standard work step of a pipeline stage (PRODUCT.md §2).

    Configuration: sales managers edit the steps, everyone reads them.
    """

    _name = "sales.stage.step"
    _description = "Standard Work Step"
    _order = "stage_id, sequence, id"

    stage_id = fields.Many2one("crm.stage", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True, translate=True)
    guidance = fields.Text(
        translate=True,
        help="How to do the step well: what to ask, show or send. Salespeople read it "
        "on the opportunity's checklist.",
    )
    required = fields.Boolean(
        help="A lead cannot move forward past this stage until the step is done, "
        "unless the stage gate is off or a sales manager overrides it.",
    )
    active = fields.Boolean(default=True)

    @api.constrains("name")
    def _check_name(self):
        for step in self:
            if not (step.name or "").strip():
                raise ValidationError(
                    self.env._(
                        "A standard work step of stage %(stage)s has no name: "
                        "give every step a name.",
                        stage=step.stage_id.display_name,
                    )
                )
