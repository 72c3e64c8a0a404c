from odoo import api, fields, models

from ..models.crm_stage import PHASE_STAGES, SALES_PHASES

PHASE_ORDER = [phase for phase, _label in SALES_PHASES]


class SalesProcessSetupWizard(models.TransientModel):
    """Apply the standard sales process to the shared pipeline.

    Shows which existing stage stands for each of the seven phases; once the
    admin confirms, sets the phases chosen in the wizard and creates a stage
    (with its standard steps) for each phase no stage stands for. Existing
    stages are never renamed, deleted or reordered.
    """

    _name = "sales.process.setup.wizard"
    _description = "Apply the Standard Sales Process"

    line_ids = fields.One2many("sales.process.setup.line", "wizard_id", string="Stages")
    missing_phases = fields.Char(compute="_compute_missing_phases", string="Stages to Create")

    @api.model
    def _action_open(self):
        wizard = self.create(
            {
                "line_ids": [
                    fields.Command.create({"stage_id": stage.id, "sales_phase": stage.sales_phase})
                    for stage in self._shared_stages()
                ]
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Apply the Standard Sales Process"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def _shared_stages(self):
        return self.env["crm.stage"].search([("team_id", "=", False)])

    @api.depends("line_ids.sales_phase")
    def _compute_missing_phases(self):
        labels = dict(self.env["crm.stage"]._fields["sales_phase"]._description_selection(self.env))
        for wizard in self:
            missing = wizard._missing_phases()
            wizard.missing_phases = (
                ", ".join(labels[phase] for phase in missing)
                if missing
                else self.env._("None: every phase has a stage.")
            )

    def _missing_phases(self):
        mapped = set(self.line_ids.mapped("sales_phase"))
        return [phase for phase in PHASE_ORDER if phase not in mapped]

    def action_apply(self):
        self.ensure_one()
        for line in self.line_ids:
            if line.stage_id.sales_phase != line.sales_phase:
                line.stage_id.sales_phase = line.sales_phase
        created = self.env["crm.stage"]
        for phase in self._missing_phases():
            created |= self._create_phase_stage(phase)
        return {"type": "ir.actions.act_window_close"}

    def _create_phase_stage(self, phase):
        (name, name_zh), is_won, steps = PHASE_STAGES[phase]
        sequence = self._free_sequence(phase)
        Stage = self.env["crm.stage"].with_context(lang="en_US")
        stage = Stage.create(
            {"name": name, "sequence": sequence, "is_won": is_won, "sales_phase": phase}
        )
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        if "zh_CN" in installed:
            stage.update_field_translations("name", {"zh_CN": name_zh})
        Stage._sales_create_standard_steps(stage, steps, installed)
        return stage

    def _free_sequence(self, phase):
        """A sequence after the stages of earlier phases and before the others.

        When two neighbouring stages have no free number between them, all
        stages are numbered again by tens in the same order.
        """
        rank = PHASE_ORDER.index(phase)
        stages = self._shared_stages()
        before = stages.filtered(
            lambda s: s.sales_phase and PHASE_ORDER.index(s.sales_phase) < rank
        )
        previous = before[-1:] if before else self.env["crm.stage"]
        following = stages[stages.ids.index(previous.id) + 1 :] if previous else stages
        low = previous.sequence if previous else None
        high = following[:1].sequence if following else None
        if low is None and high is None:
            return 10
        if high is None:
            return low + 10
        if low is None:
            if high > 0:
                return high - 1 if high > 1 else 0
        elif high - low > 1:
            return low + (high - low) // 2
        # Every stage, of every team, keeps its place among all the others.
        # A pipeline has a handful of stages: reading them all is cheap.
        every_stage = self.env["crm.stage"].search([])  # pylint: disable=no-search-all
        for index, stage in enumerate(every_stage, start=1):
            stage.sequence = index * 10
        return self._free_sequence(phase)


class SalesProcessSetupLine(models.TransientModel):
    _name = "sales.process.setup.line"
    _description = "Stage of the Standard Sales Process"
    _order = "sequence, id"

    wizard_id = fields.Many2one("sales.process.setup.wizard", required=True, ondelete="cascade")
    stage_id = fields.Many2one("crm.stage", required=True, readonly=True)
    sequence = fields.Integer(related="stage_id.sequence")
    is_won = fields.Boolean(related="stage_id.is_won")
    sales_phase = fields.Selection(SALES_PHASES)
