from . import sales_mgmt_demo
