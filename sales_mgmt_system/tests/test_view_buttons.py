"""Every button the app's views show, pressed by each role.

For the manager, a team leader and a plain salesperson, the test reads the
list and form views as the web client gets them (buttons of other groups
removed), and presses each object button the user sees on each record they
can open (its ``invisible`` expression evaluated on the record, as the web
client does), list header buttons with and without a selection, and the
buttons of the wizards those buttons and the app's menus open. A button may
work or refuse with a message (``UserError``, ``ValidationError``); it must
not crash, and it must not be shown to someone the access rules then refuse
(``AccessError``): each role sees what it may do, nothing else.
"""

from contextlib import closing

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .commission_common import FEBRUARY, JANUARY, CommissionCase

APP_MODELS = (
    "sales.target",
    "sales.commission.plan",
    "sales.commission.statement",
    "sales.review.template",
    "sales.review",
    "sales.award",
)


@tagged("post_install", "-at_install")
class TestViewButtons(CommissionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        year = (JANUARY[0], JANUARY[0].replace(month=12, day=31))
        team_target = env["sales.target"].create(
            {
                "name": "Buttons team target",
                "team_id": cls.team_led.id,
                "target_value": 12000.0,
                "date_start": year[0],
                "date_end": year[1],
                "granularity": "month",
            }
        )
        team_target.action_generate_lines()
        confirmed = env["sales.target"].create(
            {
                "name": "Buttons member target",
                "user_id": cls.member.id,
                "target_value": 1000.0,
                "date_start": JANUARY[0],
                "date_end": JANUARY[1],
            }
        )
        confirmed.action_confirm()
        closed = env["sales.target"].create(
            {
                "name": "Buttons leader target",
                "user_id": cls.leader.id,
                "target_value": 1000.0,
                "date_start": FEBRUARY[0],
                "date_end": FEBRUARY[1],
            }
        )
        closed.action_confirm()
        closed.action_close()

        plan = cls.make_plan(basis="order")
        for user in (cls.member, cls.leader):
            cls.make_order(user, 2000.0, JANUARY[0].replace(day=10))
            cls.make_order(user, 3000.0, FEBRUARY[0].replace(day=10))
        plan.generate_statements(*JANUARY)
        february = plan.generate_statements(*FEBRUARY)
        february.filtered(lambda s: s.user_id == cls.member).action_confirm()

        template = env["sales.review.template"].create(
            {
                "name": "Buttons Template",
                "kpi_ids": [
                    (0, 0, {"kpi": "revenue", "weight": 60.0, "target_value": 1000.0}),
                    (0, 0, {"kpi": "win_rate", "weight": 40.0, "target_value": 30.0}),
                ],
            }
        )
        Review = env["sales.review"]
        for user, period, steps in (
            (cls.member, JANUARY, ()),
            (cls.member, FEBRUARY, ("action_compute", "action_submit")),
            (cls.leader, JANUARY, ("action_compute", "action_submit")),
            (cls.outsider, JANUARY, ()),
        ):
            review = Review.create(
                {
                    "user_id": user.id,
                    "template_id": template.id,
                    "date_start": period[0],
                    "date_end": period[1],
                }
            )
            for step in steps:
                getattr(review, step)()
        env["sales.award"].create(
            {
                "user_id": cls.member.id,
                "team_id": cls.team_led.id,
                "date_start": JANUARY[0],
                "date_end": JANUARY[1],
                "rank": 1,
                "attainment": 120.0,
            }
        )

    # ------------------------------------------------------------------
    # What the web client shows
    # ------------------------------------------------------------------

    def views_of(self, user, model):
        """The list and form archs ``model`` has for ``user``, with the view's fields."""
        Model = self.env[model].with_user(user)
        views = Model.get_views([(False, "list"), (False, "form")])
        return {
            view_type: (etree.fromstring(view["arch"]), views["models"][model]["fields"])
            for view_type, view in views["views"].items()
        }

    def is_visible(self, button, record, fnames):
        expression = button.get("invisible")
        if not expression:
            return True
        values = {}
        for fname, value in record.read([f for f in fnames if f in record._fields])[0].items():
            field = record._fields[fname]
            if field.type == "many2one":
                value = value and value[0]
            values[fname] = value
        values.update(uid=record.env.uid, context={}, parent={})
        return not safe_eval(expression, values)

    def press(self, records, method, label):
        """Press ``method`` on ``records``; any wizard it opens gets its buttons pressed."""
        with closing(self.env.cr.savepoint()):
            try:
                result = getattr(records, method)()
            except AccessError as error:
                self.fail(f"{label}: shown to {records.env.user.login} but refused: {error}")
            except (UserError, ValidationError) as error:
                self.assertTrue(str(error), f"{label}: refused without a message")
                return
            self.env.flush_all()
            if isinstance(result, dict) and result.get("type") == "ir.actions.act_window":
                self.press_wizard(records.env.user, result, label)
        self.env.invalidate_all()

    def press_wizard(self, user, action, label):
        model = action.get("res_model")
        if not model or not self.env[model]._transient:
            return
        context = action.get("context") or {}
        if isinstance(context, str):
            context = safe_eval(context, {"uid": user.id, "active_id": False, "active_ids": []})
        Wizard = self.env[model].with_user(user).with_context(**context)
        arch, _fields = self.views_of(user, model)["form"]
        try:
            wizard = Wizard.create({})
        except (UserError, ValidationError) as error:
            self.assertTrue(str(error), f"{label}: the wizard refused without a message")
            return
        for button in arch.xpath("//button[@type='object']"):
            self.press(wizard, button.get("name"), f"{label} → {model}.{button.get('name')}")

    def press_everything(self, user):
        pressed = []
        for model in APP_MODELS:
            views = self.views_of(user, model)
            records = self.env[model].with_user(user).search([])
            list_arch, _list_fields = views["list"]
            for button in list_arch.xpath("//header/button[@type='object']"):
                name = button.get("name")
                self.press(records.browse(), name, f"{model} list: {name}")
                if records:
                    self.press(records, name, f"{model} list: {name} on {len(records)}")
                pressed.append(f"{model}/list/{name}")
            form_arch, form_fields = views["form"]
            for record in records:
                for button in form_arch.xpath("//button[@type='object']"):
                    name = button.get("name")
                    if self.is_visible(button, record, form_fields):
                        self.press(record, name, f"{model} {record.display_name}: {name}")
                        pressed.append(f"{model}/form/{name}")
        menus = self.menus_shown_under(user, "sales_mgmt_system.menu_root")
        for menu in menus.filtered(
            lambda m: m.action and m.action._name == "ir.actions.act_window"
        ):
            action = menu.action.sudo()
            if action.res_model and self.env[action.res_model]._transient:
                self.press_wizard(user, action.read()[0], f"menu {menu.complete_name}")
                pressed.append(f"menu/{action.res_model}")
        return set(pressed)

    # ------------------------------------------------------------------
    # Per role
    # ------------------------------------------------------------------

    def test_manager_presses_every_button(self):
        pressed = self.press_everything(self.manager)
        self.assertTrue(
            {
                "sales.review/list/action_open_batch_wizard",
                "sales.review/form/action_compute",
                "sales.target/form/action_confirm",
                "sales.commission.statement/form/action_confirm",
                "menu/sales.commission.generate",
                "menu/sales.award.generate.wizard",
            }
            <= pressed,
            pressed,
        )

    def test_team_leader_presses_every_button(self):
        pressed = self.press_everything(self.leader)
        self.assertIn("sales.review/list/action_open_batch_wizard", pressed)
        self.assertIn("sales.review/form/action_submit", pressed)
        self.assertIn("sales.review/form/action_acknowledge", pressed)

    def test_salesperson_presses_every_button(self):
        pressed = self.press_everything(self.member)
        self.assertIn("sales.review/form/action_acknowledge", pressed)
        self.assertNotIn("sales.review/list/action_open_batch_wizard", pressed)
        self.assertNotIn("sales.target/form/action_confirm", pressed)

    def test_salesperson_is_not_offered_to_create_reviews(self):
        for view_type in ("list", "kanban", "form"):
            arch = self.env["sales.review"].with_user(self.member).get_view(view_type=view_type)
            node = etree.fromstring(arch["arch"])
            self.assertEqual(node.get("create"), "0", f"{view_type}: no New for a salesperson")
            self.assertFalse(node.xpath("//button[@name='action_open_batch_wizard']"))
        for user in (self.leader, self.manager):
            arch = self.env["sales.review"].with_user(user).get_view(view_type="list")
            node = etree.fromstring(arch["arch"])
            self.assertNotEqual(node.get("create"), "0")
            self.assertTrue(node.xpath("//button[@name='action_open_batch_wizard']"))
        with self.assertRaises(AccessError):
            self.env["sales.review"].with_user(self.member).action_open_batch_wizard()
