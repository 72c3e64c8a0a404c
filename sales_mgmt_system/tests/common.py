"""Shared fixtures of the Sales Management tests.

``SalesMgmtCase`` gives every test module the same cast, one user per access
scope of PRODUCT.md §0, so that each area can assert who may read, write and
create its records:

* ``leader``: "own documents" salesperson who leads ``team_led``;
* ``member``: "own documents" salesperson in ``team_led``;
* ``outsider``: "own documents" salesperson in ``team_other``;
* ``all_docs``: "all documents" user;
* ``manager``: sales administrator;
* ``internal``: internal user without any sales right;
* ``other_company_user``: "all documents" user of ``other_company`` only.
"""

import io
import re
from pathlib import Path

import polib

from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools.translate import trans_export

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

SALESMAN = "sales_team.group_sale_salesman"
ALL_DOCUMENTS = "sales_team.group_sale_salesman_all_leads"
SALES_MANAGER = "sales_team.group_sale_manager"


class SalesMgmtCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Company Ltd."})

        def user(login, groups, company=cls.company):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
                name=login.replace("_", " ").title(),
            )

        cls.leader = user("sms_leader", SALESMAN)
        cls.member = user("sms_member", SALESMAN)
        cls.outsider = user("sms_outsider", SALESMAN)
        cls.all_docs = user("sms_all_docs", ALL_DOCUMENTS)
        cls.manager = user("sms_manager", SALES_MANAGER)
        cls.internal = user("sms_internal", "base.group_user")
        cls.other_company_user = user("sms_other_company", ALL_DOCUMENTS, cls.other_company)

        Team = cls.env["crm.team"]
        cls.team_led = Team.create(
            {
                "name": "Led Team",
                "company_id": cls.company.id,
                "user_id": cls.leader.id,
                "member_ids": [(6, 0, (cls.leader | cls.member).ids)],
            }
        )
        cls.team_other = Team.create(
            {
                "name": "Other Team",
                "company_id": cls.company.id,
                "user_id": cls.outsider.id,
                "member_ids": [(6, 0, cls.outsider.ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Scope Test Customer", "is_company": True, "customer_rank": 1}
        )

    def assertCanRead(self, user, records):
        """``user`` can search and read every record of ``records``."""
        found = records.with_user(user).search([("id", "in", records.ids)])
        self.assertEqual(found, records.with_user(user), f"{user.login} must see {records}")
        found.read(["display_name"])

    def demo_records(self, model):
        """The records of ``model`` that the demo loader made (external id demo_*)."""
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "sales_mgmt_system"),
                ("name", "=like", "demo_%"),
                ("model", "=", model),
            ]
        )
        return self.env[model].browse(data.mapped("res_id")).exists()

    def menus_shown_under(self, user, root_xmlid):
        """The menus of ``root_xmlid``'s tree that ``user`` gets in the web client.

        A menu is shown when it and all of its ancestors are visible to the user.
        """
        Menu = self.env["ir.ui.menu"].with_user(user)
        visible_ids = Menu._visible_menu_ids()
        root = self.env.ref(root_xmlid)
        return Menu.browse(visible_ids).filtered(
            lambda menu: (
                menu.parent_path.startswith(root.parent_path)
                and all(
                    int(ancestor) in visible_ids for ancestor in menu.parent_path.split("/")[:-1]
                )
            )
        )

    def assertCannotRead(self, user, records):
        """``user`` finds none of ``records`` and reading them is refused."""
        records = records.with_user(user)
        try:
            found = records.search([("id", "in", records.ids)])
        except AccessError:  # no access to the model at all
            found = records.browse()
        self.assertFalse(found, f"{user.login} must not see {records}")
        with self.assertRaises(AccessError):
            records.read(["display_name"])


# Terms the translation writes as the source does. OCA's po-pretty-format check
# empties a msgstr equal to its msgid, and Odoo then shows the msgid: the same.
SAME_IN_TRANSLATION = {
    "ID",
    "10",
    "<span>%</span>",
    "<span>@</span>",
    "R / F / M",
    "VIP",
    "champions,loyal",
}


def load_chinese(env, modules=("sales_mgmt_system",)):
    """Activate Simplified Chinese with the shipped translations of ``modules``."""
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"]._load_module_terms(list(modules), ["zh_CN"])


def assert_module_translations(test, module, lang="zh_CN"):
    """The committed .pot lists every term of ``module`` and ``lang`` translates all.

    Exports the terms from the running database, as Odoo's export wizard does,
    and compares them with ``i18n/<module>.pot`` and ``i18n/<lang>.po``. Terms
    of demo records are exported only where demo data is installed, so the
    template may hold them without the database having them.
    """
    buffer = io.BytesIO()
    trans_export(None, [module], buffer, "po", test.env.cr)
    exported = polib.pofile(buffer.getvalue().decode())
    i18n = Path(get_module_path(module)) / "i18n"
    template = polib.pofile(str(i18n / f"{module}.pot"))
    translated = polib.pofile(str(i18n / f"{lang}.po"))

    def msgids(po):
        return {entry.msgid for entry in po if not entry.obsolete}

    def from_demo_records_only(entry):
        return all(
            place.startswith("model:") and place.rsplit(".", 1)[-1].startswith("demo_")
            for place, _line in entry.occurrences
        )

    test.assertLessEqual(
        msgids(exported),
        msgids(template),
        f"i18n/{module}.pot lacks terms: export them again (README.md, Translations).",
    )
    stale = {
        entry.msgid
        for entry in template
        if entry.msgid not in msgids(exported) and not from_demo_records_only(entry)
    }
    test.assertFalse(stale, f"i18n/{module}.pot has terms the module no longer has")
    untranslated = sorted(
        entry.msgid
        for entry in translated
        if not entry.obsolete
        and (not (entry.msgstr or entry.msgid in SAME_IN_TRANSLATION) or entry.fuzzy)
    )
    test.assertFalse(untranslated, f"i18n/{lang}.po of {module} lacks translations")
    test.assertLessEqual(
        msgids(template), msgids(translated), f"i18n/{lang}.po of {module} lacks terms"
    )


class SalesMgmtHttpCase(HttpCase):
    """Browser tests of the app.

    After a tour, Odoo waits 10 s for the requests the browser left running;
    on a loaded two-core machine the last ones can take longer, and a request
    still holding its test cursor breaks the next test's login. Wait longer.
    """

    def _wait_remaining_requests(self, timeout=60):
        return super()._wait_remaining_requests(timeout=timeout)

    def warm_up_assets(self, login):
        """Build the web client's asset bundles before Chromium asks for them.

        The browser waits 60 s at most for the page to be ready, and the first
        page of a run builds every bundle on request: slower than that on a
        busy two-core machine. Fetching the bundles first, without a time
        limit that small, leaves only the page itself to the browser.
        """
        self.authenticate(login, login)
        page = self.url_open("/odoo", timeout=600)
        page.raise_for_status()
        for url in re.findall(r'(?:src|href)="(/web/assets/[^"]+)"', page.text):
            self.url_open(url, timeout=600).raise_for_status()
        self.logout()
