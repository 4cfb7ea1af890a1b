using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PayBonuses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pay_bonuses",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    employee_id = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pay_bonuses", x => x.id);
                    table.CheckConstraint("ck_pay_bonuses_not_negative", "amount >= 0");
                    table.ForeignKey(
                        name: "fk_pay_bonuses_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_pay_bonuses_employee_id",
                table: "pay_bonuses",
                column: "employee_id");

            migrationBuilder.CreateIndex(
                name: "ix_pay_bonuses_month_employee_id",
                table: "pay_bonuses",
                columns: new[] { "month", "employee_id" },
                unique: true);

            migrationBuilder.Sql("""
                CREATE TRIGGER trg_pay_bonuses_closed_insert AFTER INSERT ON pay_bonuses
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_inserted();
                CREATE TRIGGER trg_pay_bonuses_closed_update AFTER UPDATE ON pay_bonuses
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_updated();
                CREATE TRIGGER trg_pay_bonuses_closed_delete AFTER DELETE ON pay_bonuses
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_refuse_closed_period_deleted();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pay_bonuses");
        }
    }
}
