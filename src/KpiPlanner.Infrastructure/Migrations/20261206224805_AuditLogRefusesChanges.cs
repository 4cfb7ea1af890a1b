using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AuditLogRefusesChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit log is append-only. Rules that turned UPDATE and DELETE into nothing answered "done" and did not
            // stop TRUNCATE; now the app's role has no UPDATE, DELETE or TRUNCATE right on it (DatabaseRoles), and this
            // trigger refuses the three, with a clear error, for every role that does hold the rights (the owner too).
            migrationBuilder.Sql("""
                DROP RULE IF EXISTS audit_log_no_update ON audit_log;
                DROP RULE IF EXISTS audit_log_no_delete ON audit_log;
                REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
                CREATE FUNCTION kpi_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'The audit log is append-only: % is refused.', TG_OP
                        USING ERRCODE = 'P0001', HINT = 'kpi.audit_log_append_only';
                END $$;
                CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                    FOR EACH STATEMENT EXECUTE FUNCTION kpi_audit_log_append_only();
                CREATE TRIGGER trg_audit_log_no_truncate BEFORE TRUNCATE ON audit_log
                    FOR EACH STATEMENT EXECUTE FUNCTION kpi_audit_log_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER trg_audit_log_no_truncate ON audit_log;
                DROP TRIGGER trg_audit_log_append_only ON audit_log;
                DROP FUNCTION kpi_audit_log_append_only();
                CREATE RULE audit_log_no_update AS ON UPDATE TO audit_log DO INSTEAD NOTHING;
                CREATE RULE audit_log_no_delete AS ON DELETE TO audit_log DO INSTEAD NOTHING;
                """);
        }
    }
}
