from datetime import timedelta

from odoo import Command

from .common import SalesMgmtCase


class PlaybookCase(SalesMgmtCase):
    """A pipeline of the led team, after Odoo's shared stages:

    A (one required step, one optional) → B (one required) → C (none) → W (won).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["crm.stage"]
        team = cls.team_led.id

        def stage(name, sequence, steps=(), **extra):
            return Stage.create(
                {
                    "name": name,
                    "sequence": sequence,
                    "team_id": team,
                    "step_ids": [
                        Command.create({"name": step, "required": required, "sequence": index})
                        for index, (step, required) in enumerate(steps)
                    ],
                    **extra,
                }
            )

        cls.stage_a = stage(
            "Stage A",
            1001,
            [("Call the buyer", True), ("Send a brochure", False)],
            sales_phase="identify",
        )
        cls.stage_b = stage("Stage B", 1002, [("Budget confirmed", True)], sales_phase="needs")
        cls.stage_c = stage("Stage C", 1003, sales_phase="proposal")
        cls.stage_won = stage("Stage W", 1004, [("Handover", True)], is_won=True)
        cls.step_call, cls.step_brochure = cls.stage_a.step_ids
        cls.step_budget = cls.stage_b.step_ids
        cls.company.sales_stage_gate = True

    @classmethod
    def lead(cls, user=None, stage=None, **vals):
        user = cls.member if user is None else user
        return cls.env["crm.lead"].create(
            {
                "name": vals.pop("name", f"Deal of {user.name}"),
                "type": "opportunity",
                "user_id": user.id,
                "team_id": cls.team_led.id,
                "stage_id": (stage or cls.stage_a).id,
                **vals,
            }
        )

    @staticmethod
    def tick(lead, *steps, user=None):
        lines = lead.lead_step_ids.filtered(lambda line: line.step_id in steps)
        (lines.with_user(user) if user else lines).write({"done": True})
        return lines

    def entered_days_ago(self, leads, days):
        """Make the leads look as if they entered their stage ``days`` ago."""
        leads.write({"date_last_stage_update": self.env.cr.now() - timedelta(days=days)})

    @staticmethod
    def last_history(lead):
        return lead.stage_history_ids.sorted("id")[-1:]
