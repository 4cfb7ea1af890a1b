using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <summary>
    /// The dashboards' aggregates (issue 6, decision 008): <c>kpi_month_summary</c> holds, per department, month and KPI,
    /// the sums and counts every roll-up needs — plans, facts, the plans and facts of the cells that have both ("plan to
    /// date"), and the plan-accuracy sums (Σ fact/plan, Σ |fact − plan|/plan, over/under counts). The database keeps it
    /// exact itself: statement triggers on <c>monthly_kpi_values</c> add each statement's rows (and take away the old
    /// ones), a row trigger on <c>employees</c> moves a person's rows when they change department. A dashboard then reads
    /// departments × KPIs × months rows instead of scanning every person's facts.
    /// </summary>
    public partial class KpiMonthSummary : Migration
    {
        private const string Columns =
            "plan_sum, plan_n, fact_sum, fact_n, measured_plan_sum, measured_fact_sum, measured_n, ratio_sum, abs_dev_sum, ratio_n, over_n, under_n";

        /// <summary>
        /// Adds the signed rows of <paramref name="source"/> (department_id, month, kpi_key, plan, fact, sign) to the
        /// summary, in key order (so concurrent statements lock summary rows in the same order).
        /// </summary>
        internal static string Upsert(string source) => $"""
            INSERT INTO kpi_month_summary AS s (department_id, month, kpi_key, {Columns})
            SELECT d.department_id, d.month, d.kpi_key,
                   sum(d.sign * coalesce(d.plan, 0)),
                   sum(CASE WHEN d.plan IS NOT NULL THEN d.sign ELSE 0 END),
                   sum(d.sign * coalesce(d.fact, 0)),
                   sum(CASE WHEN d.fact IS NOT NULL THEN d.sign ELSE 0 END),
                   sum(CASE WHEN d.plan IS NOT NULL AND d.fact IS NOT NULL THEN d.sign * d.plan ELSE 0 END),
                   sum(CASE WHEN d.plan IS NOT NULL AND d.fact IS NOT NULL THEN d.sign * d.fact ELSE 0 END),
                   sum(CASE WHEN d.plan IS NOT NULL AND d.fact IS NOT NULL THEN d.sign ELSE 0 END),
                   sum(CASE WHEN d.plan > 0 AND d.fact IS NOT NULL THEN d.sign * (d.fact / d.plan) ELSE 0 END),
                   sum(CASE WHEN d.plan > 0 AND d.fact IS NOT NULL THEN d.sign * (abs(d.fact - d.plan) / d.plan) ELSE 0 END),
                   sum(CASE WHEN d.plan > 0 AND d.fact IS NOT NULL THEN d.sign ELSE 0 END),
                   sum(CASE WHEN d.plan > 0 AND d.fact > d.plan THEN d.sign ELSE 0 END),
                   sum(CASE WHEN d.plan > 0 AND d.fact < d.plan THEN d.sign ELSE 0 END)
            FROM ({source}) d
            GROUP BY d.department_id, d.month, d.kpi_key
            ORDER BY d.department_id, d.month, d.kpi_key
            ON CONFLICT (department_id, month, kpi_key) DO UPDATE SET
                plan_sum = s.plan_sum + excluded.plan_sum, plan_n = s.plan_n + excluded.plan_n,
                fact_sum = s.fact_sum + excluded.fact_sum, fact_n = s.fact_n + excluded.fact_n,
                measured_plan_sum = s.measured_plan_sum + excluded.measured_plan_sum,
                measured_fact_sum = s.measured_fact_sum + excluded.measured_fact_sum,
                measured_n = s.measured_n + excluded.measured_n,
                ratio_sum = s.ratio_sum + excluded.ratio_sum, abs_dev_sum = s.abs_dev_sum + excluded.abs_dev_sum,
                ratio_n = s.ratio_n + excluded.ratio_n, over_n = s.over_n + excluded.over_n, under_n = s.under_n + excluded.under_n
            """;

        internal const string NewRows =
            "SELECT e.department_id, n.month, n.kpi_key, n.plan, n.fact, 1 AS sign FROM new_rows n JOIN employees e ON e.id = n.employee_id";

        private const string OldRows =
            "SELECT e.department_id, o.month, o.kpi_key, o.plan, o.fact, -1 AS sign FROM old_rows o JOIN employees e ON e.id = o.employee_id";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE kpi_month_summary (
                    department_id integer NOT NULL,
                    month date NOT NULL,
                    kpi_key character varying(200) NOT NULL,
                    plan_sum numeric NOT NULL DEFAULT 0,
                    plan_n integer NOT NULL DEFAULT 0,
                    fact_sum numeric NOT NULL DEFAULT 0,
                    fact_n integer NOT NULL DEFAULT 0,
                    measured_plan_sum numeric NOT NULL DEFAULT 0,
                    measured_fact_sum numeric NOT NULL DEFAULT 0,
                    measured_n integer NOT NULL DEFAULT 0,
                    ratio_sum numeric NOT NULL DEFAULT 0,
                    abs_dev_sum numeric NOT NULL DEFAULT 0,
                    ratio_n integer NOT NULL DEFAULT 0,
                    over_n integer NOT NULL DEFAULT 0,
                    under_n integer NOT NULL DEFAULT 0,
                    CONSTRAINT pk_kpi_month_summary PRIMARY KEY (department_id, month, kpi_key)
                );
                CREATE INDEX ix_kpi_month_summary_month ON kpi_month_summary (month, department_id);
                COMMENT ON TABLE kpi_month_summary IS 'Dashboard aggregates per department, month and KPI; kept by triggers on monthly_kpi_values and employees (decision 008).';

                {Upsert("SELECT e.department_id, v.month, v.kpi_key, v.plan, v.fact, 1 AS sign FROM monthly_kpi_values v JOIN employees e ON e.id = v.employee_id")};

                CREATE FUNCTION kpi_summary_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    {Upsert(NewRows)};
                    RETURN NULL;
                END $$;

                CREATE FUNCTION kpi_summary_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    {Upsert(OldRows)};
                    RETURN NULL;
                END $$;

                CREATE FUNCTION kpi_summary_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    {Upsert(OldRows + " UNION ALL " + NewRows)};
                    RETURN NULL;
                END $$;

                CREATE FUNCTION kpi_summary_employee_moved() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    {Upsert("SELECT OLD.department_id AS department_id, v.month, v.kpi_key, v.plan, v.fact, -1 AS sign FROM monthly_kpi_values v WHERE v.employee_id = NEW.id UNION ALL SELECT NEW.department_id, v.month, v.kpi_key, v.plan, v.fact, 1 FROM monthly_kpi_values v WHERE v.employee_id = NEW.id")};
                    RETURN NULL;
                END $$;

                CREATE TRIGGER trg_monthly_kpi_values_summary_insert AFTER INSERT ON monthly_kpi_values
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_summary_inserted();
                CREATE TRIGGER trg_monthly_kpi_values_summary_delete AFTER DELETE ON monthly_kpi_values
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_summary_deleted();
                CREATE TRIGGER trg_monthly_kpi_values_summary_update AFTER UPDATE ON monthly_kpi_values
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_summary_updated();
                CREATE TRIGGER trg_employees_summary_moved AFTER UPDATE OF department_id ON employees
                    FOR EACH ROW WHEN (OLD.department_id IS DISTINCT FROM NEW.department_id) EXECUTE FUNCTION kpi_summary_employee_moved();

                -- The pay-fund view sums a department's pay lines per month from the index alone.
                CREATE INDEX ix_pay_lines_month_department ON pay_lines (month, department_id) INCLUDE (variable, planned_variable);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_pay_lines_month_department;
                DROP TRIGGER IF EXISTS trg_employees_summary_moved ON employees;
                DROP TRIGGER IF EXISTS trg_monthly_kpi_values_summary_update ON monthly_kpi_values;
                DROP TRIGGER IF EXISTS trg_monthly_kpi_values_summary_delete ON monthly_kpi_values;
                DROP TRIGGER IF EXISTS trg_monthly_kpi_values_summary_insert ON monthly_kpi_values;
                DROP FUNCTION IF EXISTS kpi_summary_employee_moved();
                DROP FUNCTION IF EXISTS kpi_summary_updated();
                DROP FUNCTION IF EXISTS kpi_summary_deleted();
                DROP FUNCTION IF EXISTS kpi_summary_inserted();
                DROP TABLE IF EXISTS kpi_month_summary;
                """);
        }
    }
}
