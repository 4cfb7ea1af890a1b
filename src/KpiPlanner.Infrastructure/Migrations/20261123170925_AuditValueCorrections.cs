using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AuditValueCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Once a month is calculated, every change of a plan or fact is a correction HR must be able to trace: the
            // database writes it to the audit log itself (who, when, which KPI, from which value to which), whatever path
            // made it — grid, import, API or SQL. Open months (plans and facts still arriving) are not logged.
            migrationBuilder.Sql("""
                CREATE FUNCTION kpi_audit_values_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO audit_log (at, "by", action, month, employee_id, old_value, new_value)
                    SELECT now(), n.updated_by, 'ValueChanged', n.month, n.employee_id,
                           left(format('%s: plan %s, fact %s', o.kpi_key, coalesce(trim_scale(o.plan)::text, '—'), coalesce(trim_scale(o.fact)::text, '—')), 1000),
                           left(format('%s: plan %s, fact %s', n.kpi_key, coalesce(trim_scale(n.plan)::text, '—'), coalesce(trim_scale(n.fact)::text, '—')), 1000)
                    FROM new_rows n
                    JOIN old_rows o ON o.id = n.id
                    JOIN periods p ON p.month = n.month AND p.status IN ('Calculated', 'Approved')
                    WHERE o.plan IS DISTINCT FROM n.plan OR o.fact IS DISTINCT FROM n.fact;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION kpi_audit_values_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO audit_log (at, "by", action, month, employee_id, old_value, new_value)
                    SELECT now(), n.updated_by, 'ValueChanged', n.month, n.employee_id, NULL,
                           left(format('%s: plan %s, fact %s', n.kpi_key, coalesce(trim_scale(n.plan)::text, '—'), coalesce(trim_scale(n.fact)::text, '—')), 1000)
                    FROM new_rows n
                    JOIN periods p ON p.month = n.month AND p.status IN ('Calculated', 'Approved');
                    RETURN NULL;
                END $$;

                CREATE TRIGGER trg_monthly_kpi_values_audit_update AFTER UPDATE ON monthly_kpi_values
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_audit_values_updated();
                CREATE TRIGGER trg_monthly_kpi_values_audit_insert AFTER INSERT ON monthly_kpi_values
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_audit_values_inserted();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS trg_monthly_kpi_values_audit_update ON monthly_kpi_values;
                DROP TRIGGER IF EXISTS trg_monthly_kpi_values_audit_insert ON monthly_kpi_values;
                DROP FUNCTION IF EXISTS kpi_audit_values_updated();
                DROP FUNCTION IF EXISTS kpi_audit_values_inserted();
                """);
        }
    }
}
