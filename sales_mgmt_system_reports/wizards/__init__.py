from . import sales_mgmt_xlsx_wizard
