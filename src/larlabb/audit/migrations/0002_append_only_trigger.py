"""On PostgreSQL the database itself keeps the audit log append-only: a trigger refuses every
DELETE of an entry and every UPDATE but one, the clearing of ``actor`` or ``lab`` that Django
makes when the person or lab is deleted (the names stay written in the entry). SQLite, the
embedded default, relies on the model and its queryset alone."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_entry is append-only: an entry cannot be deleted'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (NEW.id, NEW.at, NEW.actor_label, NEW.action, NEW.object_type, NEW.object_id,
        NEW.object_label, NEW.detail)
       IS DISTINCT FROM
       (OLD.id, OLD.at, OLD.actor_label, OLD.action, OLD.object_type, OLD.object_id,
        OLD.object_label, OLD.detail)
       OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id)
       OR (NEW.lab_id IS NOT NULL AND NEW.lab_id IS DISTINCT FROM OLD.lab_id) THEN
        RAISE EXCEPTION 'audit_entry is append-only: an entry cannot be changed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


def create_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
