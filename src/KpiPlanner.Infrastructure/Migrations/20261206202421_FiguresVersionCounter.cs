using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class FiguresVersionCounter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "calculated_figures_version",
                table: "periods",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "figures_version",
                table: "periods",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.Sql("""
                -- Every writing statement of plans, facts and bonuses counts itself on its month's row (created open when missing),
                -- holding that row's lock until it commits: a calculation or a close, which lock the same row FOR UPDATE, either waits
                -- for the writer and then sees its rows, or runs first, and the writer, having waited, finds the month closed (refused)
                -- or the calculation stale. Staleness compares this counter with the one the calculation read: commit order, not
                -- clocks. (Pay lines and adjustments keep the plain closed-month guard: the calculation's own writes are no change.)
                CREATE FUNCTION kpi_figures_written(months date[]) RETURNS void LANGUAGE plpgsql AS $$
                DECLARE
                    closed_month date;
                BEGIN
                    IF months IS NULL OR cardinality(months) = 0 THEN
                        RETURN;
                    END IF;
                    WITH touched AS (
                        INSERT INTO periods (month, status, missing_facts_counted_as_zero, figures_version)
                        SELECT DISTINCT m, 'Open', false, 1 FROM unnest(months) AS m ORDER BY m
                        ON CONFLICT (month) DO UPDATE SET figures_version = periods.figures_version + 1
                        RETURNING month, status)
                    SELECT t.month INTO closed_month FROM touched t WHERE t.status = 'Closed' ORDER BY t.month LIMIT 1;
                    PERFORM kpi_closed_period_check(closed_month);
                END $$;
                CREATE FUNCTION kpi_figures_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM kpi_figures_written(ARRAY(SELECT DISTINCT n.month FROM new_rows n));
                    RETURN NULL;
                END $$;
                CREATE FUNCTION kpi_figures_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM kpi_figures_written(ARRAY(SELECT DISTINCT o.month FROM old_rows o));
                    RETURN NULL;
                END $$;
                CREATE FUNCTION kpi_figures_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM kpi_figures_written(ARRAY(SELECT o.month FROM old_rows o UNION SELECT n.month FROM new_rows n));
                    RETURN NULL;
                END $$;
                DROP TRIGGER trg_monthly_kpi_values_closed_insert ON monthly_kpi_values;
                DROP TRIGGER trg_monthly_kpi_values_closed_update ON monthly_kpi_values;
                DROP TRIGGER trg_monthly_kpi_values_closed_delete ON monthly_kpi_values;
                DROP TRIGGER trg_pay_bonuses_closed_insert ON pay_bonuses;
                DROP TRIGGER trg_pay_bonuses_closed_update ON pay_bonuses;
                DROP TRIGGER trg_pay_bonuses_closed_delete ON pay_bonuses;
                CREATE TRIGGER trg_monthly_kpi_values_figures_insert AFTER INSERT ON monthly_kpi_values
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_figures_inserted();
                CREATE TRIGGER trg_monthly_kpi_values_figures_update AFTER UPDATE ON monthly_kpi_values
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_figures_updated();
                CREATE TRIGGER trg_monthly_kpi_values_figures_delete AFTER DELETE ON monthly_kpi_values
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_figures_deleted();
                CREATE TRIGGER trg_pay_bonuses_figures_insert AFTER INSERT ON pay_bonuses
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_figures_inserted();
                CREATE TRIGGER trg_pay_bonuses_figures_update AFTER UPDATE ON pay_bonuses
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_figures_updated();
                CREATE TRIGGER trg_pay_bonuses_figures_delete AFTER DELETE ON pay_bonuses
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_figures_deleted();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER trg_monthly_kpi_values_figures_insert ON monthly_kpi_values;
                DROP TRIGGER trg_monthly_kpi_values_figures_update ON monthly_kpi_values;
                DROP TRIGGER trg_monthly_kpi_values_figures_delete ON monthly_kpi_values;
                DROP TRIGGER trg_pay_bonuses_figures_insert ON pay_bonuses;
                DROP TRIGGER trg_pay_bonuses_figures_update ON pay_bonuses;
                DROP TRIGGER trg_pay_bonuses_figures_delete ON pay_bonuses;
                CREATE TRIGGER trg_monthly_kpi_values_closed_insert AFTER INSERT ON monthly_kpi_values
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_inserted();
                CREATE TRIGGER trg_monthly_kpi_values_closed_update AFTER UPDATE ON monthly_kpi_values
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_updated();
                CREATE TRIGGER trg_monthly_kpi_values_closed_delete AFTER DELETE ON monthly_kpi_values
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_deleted();
                CREATE TRIGGER trg_pay_bonuses_closed_insert AFTER INSERT ON pay_bonuses
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_inserted();
                CREATE TRIGGER trg_pay_bonuses_closed_update AFTER UPDATE ON pay_bonuses
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_updated();
                CREATE TRIGGER trg_pay_bonuses_closed_delete AFTER DELETE ON pay_bonuses
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_deleted();
                DROP FUNCTION kpi_figures_inserted();
                DROP FUNCTION kpi_figures_updated();
                DROP FUNCTION kpi_figures_deleted();
                DROP FUNCTION kpi_figures_written(date[]);
                """);

            migrationBuilder.DropColumn(
                name: "calculated_figures_version",
                table: "periods");

            migrationBuilder.DropColumn(
                name: "figures_version",
                table: "periods");
        }
    }
}
