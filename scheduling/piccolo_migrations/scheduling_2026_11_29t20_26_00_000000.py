"""Guards for money that Piccolo columns cannot express.

- Stock: PostgreSQL refuses two ``extra_hold`` rows for the same (extra, unit) whose times overlap with
  an exclusion constraint, SQLite with triggers, as ``occupancy`` guards time.
- Invoice numbers: one counter row per (venue, kind) and a unique (venue, kind, number) on invoices.
- Issued documents never change: triggers refuse an update of an invoice's number, amounts, dates or
  billing details, of an invoice line, or of a payment's amount, kind, method or purpose.
- Unique pairs: a venue's treasurers, hire terms versions, a group's billing at a venue, an extra once
  per booking.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-29T20:26:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Stock guard on extra holds, gapless invoice numbers, issued invoices and payments never change"

UNIQUE = [
    ("venue_treasurer_unique", "venue_treasurer", '"venue", "user"'),
    ("hire_terms_version_unique", "hire_terms", '"venue", "version"'),
    ("group_billing_unique", "group_billing", '"group", "venue"'),
    ("booking_extra_unique", "booking_extra", '"booking", "extra"'),
    ("invoice_counter_unique", "invoice_counter", '"venue", "kind"'),
    ("invoice_number_unique", "invoice", '"venue", "kind", "number"'),
]

FROZEN_INVOICE = (
    "venue, kind, number, reference, credits, billing_name, billing_address, seller_name, seller_address, "
    "vat_number, currency, total_minor, vat_minor, issued_on, due_on, period_start, period_end"
)
FROZEN_LINE = (
    "invoice, kind, description, service_date, quantity, unit_minor, amount_minor, vat_treatment, "
    "vat_rate_bp, vat_minor, position"
)
FROZEN_PAYMENT = "venue, kind, method, amount_minor, currency, for_deposit, received_on"

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE extra_hold ADD CONSTRAINT extra_hold_no_overlap EXCLUDE USING gist "
    "(\"extra\" WITH =, unit WITH =, int8range(starts_ts, ends_ts, '[)') WITH &&)",
    "ALTER TABLE extra_hold ADD CONSTRAINT extra_hold_valid CHECK (ends_ts > starts_ts AND unit >= 1)",
    'CREATE INDEX extra_hold_extra_start ON extra_hold ("extra", starts_ts)',
    "ALTER TABLE invoice_counter ADD CONSTRAINT invoice_counter_valid CHECK (last_number >= 0)",
    "ALTER TABLE payment ADD CONSTRAINT payment_amount_positive CHECK (amount_minor > 0)",
    """CREATE FUNCTION refuse_issued_change() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'issued_never_change: %', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql""",
    f"CREATE TRIGGER invoice_frozen BEFORE UPDATE OF {FROZEN_INVOICE} ON invoice "
    "FOR EACH ROW EXECUTE FUNCTION refuse_issued_change()",
    f"CREATE TRIGGER invoice_line_frozen BEFORE UPDATE OF {FROZEN_LINE} ON invoice_line "
    "FOR EACH ROW EXECUTE FUNCTION refuse_issued_change()",
    f"CREATE TRIGGER payment_frozen BEFORE UPDATE OF {FROZEN_PAYMENT} ON payment "
    "FOR EACH ROW EXECUTE FUNCTION refuse_issued_change()",
]

SQLITE = [
    """CREATE TRIGGER extra_hold_no_overlap_insert BEFORE INSERT ON extra_hold
    WHEN NEW.ends_ts <= NEW.starts_ts OR NEW.unit < 1 OR EXISTS (
        SELECT 1 FROM extra_hold h
        WHERE h.extra = NEW.extra AND h.unit = NEW.unit AND h.starts_ts < NEW.ends_ts AND h.ends_ts > NEW.starts_ts
    )
    BEGIN SELECT RAISE(ABORT, 'extra_hold_no_overlap'); END""",
    """CREATE TRIGGER extra_hold_no_overlap_update BEFORE UPDATE ON extra_hold
    WHEN NEW.ends_ts <= NEW.starts_ts OR NEW.unit < 1 OR EXISTS (
        SELECT 1 FROM extra_hold h
        WHERE h.id != OLD.id AND h.extra = NEW.extra AND h.unit = NEW.unit
          AND h.starts_ts < NEW.ends_ts AND h.ends_ts > NEW.starts_ts
    )
    BEGIN SELECT RAISE(ABORT, 'extra_hold_no_overlap'); END""",
    'CREATE INDEX extra_hold_extra_start ON extra_hold ("extra", starts_ts)',
    """CREATE TRIGGER invoice_counter_valid BEFORE UPDATE ON invoice_counter WHEN NEW.last_number < 0
    BEGIN SELECT RAISE(ABORT, 'invoice_counter_valid'); END""",
    """CREATE TRIGGER payment_amount_positive BEFORE INSERT ON payment WHEN NEW.amount_minor <= 0
    BEGIN SELECT RAISE(ABORT, 'payment_amount_positive'); END""",
    f"""CREATE TRIGGER invoice_frozen BEFORE UPDATE OF {FROZEN_INVOICE} ON invoice
    BEGIN SELECT RAISE(ABORT, 'issued_never_change: invoice'); END""",
    f"""CREATE TRIGGER invoice_line_frozen BEFORE UPDATE OF {FROZEN_LINE} ON invoice_line
    BEGIN SELECT RAISE(ABORT, 'issued_never_change: invoice_line'); END""",
    f"""CREATE TRIGGER payment_frozen BEFORE UPDATE OF {FROZEN_PAYMENT} ON payment
    BEGIN SELECT RAISE(ABORT, 'issued_never_change: payment'); END""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scheduling", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        statements = statements + [f"CREATE UNIQUE INDEX {name} ON {table} ({columns})" for name, table, columns in UNIQUE]
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
