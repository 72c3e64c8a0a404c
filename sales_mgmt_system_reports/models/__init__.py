from . import sales_mgmt_xlsx_report
from . import sales_mgmt_xlsx_sent
