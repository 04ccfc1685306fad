"""On PostgreSQL, let the chain head only move forward one row at a time, and never be deleted.

The head is how ``verify_audit`` notices rows removed from the end of the chain; if it could be
wound back in the same statement as a DELETE, that removal would go unseen.
"""

from django.db import migrations

PG_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_chainhead_forward_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the audit chain head cannot be deleted';
  END IF;
  IF NEW.last_seq = OLD.last_seq AND NEW.last_hash = OLD.last_hash THEN
    RETURN NEW;  -- a no-op save (e.g. fixture loading) changes nothing
  END IF;
  IF NEW.last_seq <> OLD.last_seq + 1 THEN
    RAISE EXCEPTION 'the audit chain head moves forward one row at a time (% to % refused)',
      OLD.last_seq, NEW.last_seq;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_chainhead_forward_only
  BEFORE UPDATE OR DELETE ON audit_auditchainhead
  FOR EACH ROW EXECUTE FUNCTION audit_chainhead_forward_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS audit_chainhead_forward_only ON audit_auditchainhead;
DROP FUNCTION IF EXISTS audit_chainhead_forward_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_TRIGGER, params=None)  # the SQL holds a literal %


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
