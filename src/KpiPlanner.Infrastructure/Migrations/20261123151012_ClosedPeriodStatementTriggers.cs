using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ClosedPeriodStatementTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One check per statement over the rows it touched (transition tables) instead of one per row: the same
            // guarantee — a closed month never changes — at a fraction of the cost for bulk imports.
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS trg_monthly_kpi_values_closed_period ON monthly_kpi_values;
                DROP FUNCTION IF EXISTS kpi_refuse_closed_period();

                CREATE FUNCTION kpi_closed_period_check(closed_month date) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    IF closed_month IS NOT NULL THEN
                        RAISE EXCEPTION 'The period % is closed: its plans and facts cannot change.', to_char(closed_month, 'YYYY-MM')
                            USING ERRCODE = 'P0001', HINT = 'kpi.period_closed';
                    END IF;
                END $$;

                CREATE FUNCTION kpi_refuse_closed_period_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM kpi_closed_period_check((SELECT n.month FROM new_rows n JOIN periods p ON p.month = n.month AND p.status = 'Closed' LIMIT 1));
                    RETURN NULL;
                END $$;

                CREATE FUNCTION kpi_refuse_closed_period_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM kpi_closed_period_check((SELECT o.month FROM old_rows o JOIN periods p ON p.month = o.month AND p.status = 'Closed' LIMIT 1));
                    RETURN NULL;
                END $$;

                CREATE FUNCTION kpi_refuse_closed_period_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM kpi_closed_period_check((
                        SELECT m.month FROM (SELECT month FROM old_rows UNION SELECT month FROM new_rows) m
                        JOIN periods p ON p.month = m.month AND p.status = 'Closed' LIMIT 1));
                    RETURN NULL;
                END $$;

                CREATE TRIGGER trg_monthly_kpi_values_closed_insert AFTER INSERT ON monthly_kpi_values
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_inserted();
                CREATE TRIGGER trg_monthly_kpi_values_closed_update AFTER UPDATE ON monthly_kpi_values
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_updated();
                CREATE TRIGGER trg_monthly_kpi_values_closed_delete AFTER DELETE ON monthly_kpi_values
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_deleted();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS trg_monthly_kpi_values_closed_insert ON monthly_kpi_values;
                DROP TRIGGER IF EXISTS trg_monthly_kpi_values_closed_update ON monthly_kpi_values;
                DROP TRIGGER IF EXISTS trg_monthly_kpi_values_closed_delete ON monthly_kpi_values;
                DROP FUNCTION IF EXISTS kpi_refuse_closed_period_inserted();
                DROP FUNCTION IF EXISTS kpi_refuse_closed_period_updated();
                DROP FUNCTION IF EXISTS kpi_refuse_closed_period_deleted();
                DROP FUNCTION IF EXISTS kpi_closed_period_check(date);
                CREATE FUNCTION kpi_refuse_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM periods WHERE month = OLD.month AND status = 'Closed'))
                       OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM periods WHERE month = NEW.month AND status = 'Closed')) THEN
                        RAISE EXCEPTION 'The period is closed' USING ERRCODE = 'P0001', HINT = 'kpi.period_closed';
                    END IF;
                    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END $$;
                CREATE TRIGGER trg_monthly_kpi_values_closed_period BEFORE INSERT OR UPDATE OR DELETE ON monthly_kpi_values
                    FOR EACH ROW EXECUTE FUNCTION kpi_refuse_closed_period();
                """);
        }
    }
}
