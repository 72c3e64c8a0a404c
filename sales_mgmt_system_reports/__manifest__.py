{
    "name": "Sales Management System - Reports",
    "summary": "Analysis views and reports of the Sales Management System",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "Sales Management System Team",
    "depends": ["sales_mgmt_system", "spreadsheet_dashboard"],
    "data": [
        "security/ir.model.access.csv",
        "security/sales_mgmt_xlsx_security.xml",
        "data/ir_cron_monthly_report.xml",
        "wizards/sales_mgmt_xlsx_wizard_views.xml",
        "views/sales_mgmt_reports_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_mgmt_system_reports/static/tests/tours/sales_mgmt_xlsx_tour.js",
        ],
    },
}
