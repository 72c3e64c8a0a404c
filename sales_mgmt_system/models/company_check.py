"""Odoo's company consistency check (``_check_company``), set-based.

``BaseModel._check_company`` evaluates a domain per record and field: for a
batch of thousands of records (risk detection, ticket imports) it is the
largest part of ``create``. The check only depends on the pair (company,
linked record), so this one runs one search per field and company over all
linked records at once. When it finds an inconsistency it hands the
offending records to Odoo's own check, which raises its usual error.
"""

from collections import defaultdict


def check_company_batch(records, fnames, check_one):
    """Check the company of the ``fnames`` values of ``records``.

    ``check_one(records, fnames)``: Odoo's check (``super()._check_company``),
    called on the records that fail (it raises) or when the set-based check
    does not apply (company-dependent fields).
    """
    if fnames is None or {"company_id", "company_ids"} & set(fnames):
        fnames = records._fields
    names = [
        name
        for name in fnames
        if records._fields[name].relational and records._fields[name].check_company
    ]
    if not names or not records:
        return
    if any(records._fields[name].company_dependent for name in names) or (
        "company_id" not in records._fields
    ):
        check_one(records, fnames)
        return
    failing = records.browse()
    for name in names:
        by_company = defaultdict(set)
        for record in records.sudo():
            for corecord_id in record[name]._ids:
                by_company[record.company_id].add(corecord_id)
        for company, corecord_ids in by_company.items():
            Comodel = records.env[records._fields[name].comodel_name].sudo()
            domain = Comodel._check_company_domain(company)
            if not domain:
                continue
            allowed = set(
                Comodel.with_context(active_test=False)
                .search([("id", "in", list(corecord_ids)), *domain])
                ._ids
            )
            if allowed != corecord_ids:
                failing |= records.sudo().filtered(
                    lambda record, name=name, company=company, allowed=allowed: (
                        record.company_id == company
                        and any(corecord_id not in allowed for corecord_id in record[name]._ids)
                    )
                )
    if failing:
        check_one(records.browse(failing._ids), fnames)
