using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PlansAndFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "monthly_kpi_values",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    employee_id = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    kpi_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    plan = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    fact = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monthly_kpi_values", x => x.id);
                    table.CheckConstraint("ck_monthly_kpi_values_fact_not_negative", "fact IS NULL OR fact >= 0");
                    table.CheckConstraint("ck_monthly_kpi_values_first_day", "date_part('day', month) = 1");
                    table.CheckConstraint("ck_monthly_kpi_values_plan_not_negative", "plan IS NULL OR plan >= 0");
                    table.ForeignKey(
                        name: "fk_monthly_kpi_values_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "periods",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_periods", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_monthly_kpi_values_employee_id_month_kpi_key",
                table: "monthly_kpi_values",
                columns: new[] { "employee_id", "month", "kpi_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_monthly_kpi_values_month_kpi_key",
                table: "monthly_kpi_values",
                columns: new[] { "month", "kpi_key" });

            migrationBuilder.CreateIndex(
                name: "ix_periods_month",
                table: "periods",
                column: "month",
                unique: true);

            // A closed month never changes, whatever path a change comes from (UI, API, import, SQL).
            migrationBuilder.Sql("""
                CREATE FUNCTION kpi_refuse_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM periods WHERE month = OLD.month AND status = 'Closed'))
                       OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM periods WHERE month = NEW.month AND status = 'Closed')) THEN
                        RAISE EXCEPTION 'The period % is closed: its plans and facts cannot change.',
                            to_char(CASE WHEN TG_OP = 'DELETE' THEN OLD.month ELSE NEW.month END, 'YYYY-MM')
                            USING ERRCODE = 'P0001', HINT = 'kpi.period_closed';
                    END IF;
                    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END $$;
                CREATE TRIGGER trg_monthly_kpi_values_closed_period
                    BEFORE INSERT OR UPDATE OR DELETE ON monthly_kpi_values
                    FOR EACH ROW EXECUTE FUNCTION kpi_refuse_closed_period();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS trg_monthly_kpi_values_closed_period ON monthly_kpi_values; DROP FUNCTION IF EXISTS kpi_refuse_closed_period();");

            migrationBuilder.DropTable(
                name: "monthly_kpi_values");

            migrationBuilder.DropTable(
                name: "periods");
        }
    }
}
