from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SalesMgmtHttpCase


@tagged("post_install", "-at_install")
class TestPlaybookTour(SalesMgmtHttpCase):
    """A salesperson is stopped by the stage gate, ticks the step and moves on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env, "tour_playbook", groups="sales_team.group_sale_salesman", name="Tour Playbook"
        )
        team = cls.env["crm.team"].create(
            {"name": "Tour Playbook Team", "member_ids": [Command.set(cls.salesperson.ids)]}
        )
        Stage = cls.env["crm.stage"]
        stage_a = Stage.create(
            {
                "name": "Tour Stage A",
                "sequence": 2001,
                "team_id": team.id,
                "step_ids": [Command.create({"name": "Call the buyer", "required": True})],
            }
        )
        cls.stage_b = Stage.create({"name": "Tour Stage B", "sequence": 2002, "team_id": team.id})
        cls.env.company.sales_stage_gate = True
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Tour Gate Deal",
                "type": "opportunity",
                "user_id": cls.salesperson.id,
                "team_id": team.id,
                "stage_id": stage_a.id,
            }
        )

    def test_gate_refuses_then_lets_the_opportunity_move_on(self):
        action = self.env.ref("crm.crm_lead_action_pipeline")
        self.start_tour(
            f"/odoo/action-{action.id}/{self.lead.id}",
            "sales_mgmt_system_stage_gate",
            login=self.salesperson.login,
            # The form of an opportunity loads the CRM bundle: on a loaded
            # machine it can take longer than the default minute.
            timeout=180,
        )
        self.assertEqual(self.lead.stage_id, self.stage_b)
        self.assertTrue(self.lead.lead_step_ids.done)
