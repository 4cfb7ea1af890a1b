using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PayrollPeriodClose : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "approved_at",
                table: "periods",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "approved_by",
                table: "periods",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "calculated_at",
                table: "periods",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "calculated_by",
                table: "periods",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "closed_at",
                table: "periods",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "closed_by",
                table: "periods",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "missing_facts_counted_as_zero",
                table: "periods",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: true),
                    employee_id = table.Column<int>(type: "integer", nullable: true),
                    old_value = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    new_value = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "calendar_days",
                columns: table => new
                {
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    is_working = table.Column<bool>(type: "boolean", nullable: false),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_days", x => x.date);
                });

            migrationBuilder.CreateTable(
                name: "pay_adjustments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    employee_id = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pay_adjustments", x => x.id);
                    table.CheckConstraint("ck_pay_adjustments_not_zero", "amount <> 0");
                    table.ForeignKey(
                        name: "fk_pay_adjustments_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pay_lines",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    employee_id = table.Column<int>(type: "integer", nullable: false),
                    department_id = table.Column<int>(type: "integer", nullable: false),
                    position_id = table.Column<int>(type: "integer", nullable: false),
                    scheme_version_id = table.Column<int>(type: "integer", nullable: false),
                    scheme_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    scheme_effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    @fixed = table.Column<decimal>(name: "fixed", type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    planned_variable = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    variable = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    bonus = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    total = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    gated = table.Column<bool>(type: "boolean", nullable: false),
                    missing_figures = table.Column<bool>(type: "boolean", nullable: false),
                    previous_total = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    explanation = table.Column<string>(type: "jsonb", nullable: false),
                    calculated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    calculated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pay_lines", x => x.id);
                    table.CheckConstraint("ck_pay_lines_first_day", "date_part('day', month) = 1");
                    table.ForeignKey(
                        name: "fk_pay_lines_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pay_lines_scheme_versions_scheme_version_id",
                        column: x => x.scheme_version_id,
                        principalTable: "scheme_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_month_at",
                table: "audit_log",
                columns: new[] { "month", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_pay_adjustments_employee_id",
                table: "pay_adjustments",
                column: "employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_pay_adjustments_month_employee_id",
                table: "pay_adjustments",
                columns: new[] { "month", "employee_id" });

            migrationBuilder.CreateIndex(
                name: "ix_pay_lines_employee_id",
                table: "pay_lines",
                column: "employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_pay_lines_month_employee_id",
                table: "pay_lines",
                columns: new[] { "month", "employee_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pay_lines_scheme_version_id",
                table: "pay_lines",
                column: "scheme_version_id");

            // A closed month's pay lines and adjustments never change, whatever the path: the same statement-level
            // guard as its plans and facts (both tables have a "month" column, which the shared functions read).
            migrationBuilder.Sql("""
                -- An explanation of 5 KPIs is a few kilobytes: lz4 compresses it several times faster than the default pglz.
                ALTER TABLE pay_lines ALTER COLUMN explanation SET COMPRESSION lz4;
                CREATE TRIGGER trg_pay_lines_closed_insert AFTER INSERT ON pay_lines
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_inserted();
                CREATE TRIGGER trg_pay_lines_closed_update AFTER UPDATE ON pay_lines
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_updated();
                CREATE TRIGGER trg_pay_lines_closed_delete AFTER DELETE ON pay_lines
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_deleted();
                CREATE TRIGGER trg_pay_adjustments_closed_insert AFTER INSERT ON pay_adjustments
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_inserted();
                CREATE TRIGGER trg_pay_adjustments_closed_update AFTER UPDATE ON pay_adjustments
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_updated();
                CREATE TRIGGER trg_pay_adjustments_closed_delete AFTER DELETE ON pay_adjustments
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_deleted();
                CREATE RULE audit_log_no_update AS ON UPDATE TO audit_log DO INSTEAD NOTHING;
                CREATE RULE audit_log_no_delete AS ON DELETE TO audit_log DO INSTEAD NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP RULE IF EXISTS audit_log_no_update ON audit_log;
                DROP RULE IF EXISTS audit_log_no_delete ON audit_log;
                """);

            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "calendar_days");

            migrationBuilder.DropTable(
                name: "pay_adjustments");

            migrationBuilder.DropTable(
                name: "pay_lines");

            migrationBuilder.DropColumn(
                name: "approved_at",
                table: "periods");

            migrationBuilder.DropColumn(
                name: "approved_by",
                table: "periods");

            migrationBuilder.DropColumn(
                name: "calculated_at",
                table: "periods");

            migrationBuilder.DropColumn(
                name: "calculated_by",
                table: "periods");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "periods");

            migrationBuilder.DropColumn(
                name: "closed_by",
                table: "periods");

            migrationBuilder.DropColumn(
                name: "missing_facts_counted_as_zero",
                table: "periods");
        }
    }
}
