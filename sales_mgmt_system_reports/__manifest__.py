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
        "views/sales_mgmt_reports_menus.xml",
    ],
}
