using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <summary>
    /// The pay fund's aggregate (issue 18): <c>pay_month_summary</c> holds, per month and department, the pay lines'
    /// variable part earned and planned and their count. The pay run writes it with the lines, in their transaction (it
    /// is their only writer), so a company dashboard reads months × departments rows instead of every person's line.
    /// Filled here from the lines already calculated. No trigger: plans and facts are not touched.
    /// <para>The lines' (month, department) index also carries what the pay-fund forecast reads of every line of 12 months
    /// (person, scheme version, whether figures were missing, the variable part), so that read is an index-only scan of
    /// the index instead of the 1.4 KB rows with their explanations; still one index, as before.</para>
    /// </summary>
    public partial class PayMonthSummary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE pay_month_summary (
                    month date NOT NULL,
                    department_id integer NOT NULL,
                    variable numeric NOT NULL,
                    planned_variable numeric NOT NULL,
                    people integer NOT NULL,
                    CONSTRAINT pk_pay_month_summary PRIMARY KEY (month, department_id));
                INSERT INTO pay_month_summary (month, department_id, variable, planned_variable, people)
                SELECT month, department_id, sum(variable), sum(planned_variable), count(*)
                FROM pay_lines
                GROUP BY month, department_id;
                DROP INDEX ix_pay_lines_month_department;
                CREATE INDEX ix_pay_lines_month_department ON pay_lines (month, department_id)
                    INCLUDE (variable, planned_variable, employee_id, scheme_version_id, missing_figures);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE pay_month_summary;
                DROP INDEX ix_pay_lines_month_department;
                CREATE INDEX ix_pay_lines_month_department ON pay_lines (month, department_id) INCLUDE (variable, planned_variable);
                """);
        }
    }
}
