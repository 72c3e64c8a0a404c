from . import sales_commission_generate
