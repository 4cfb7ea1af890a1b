using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class GoalEmployeeLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "goal_employee_links",
                columns: table => new
                {
                    goal_id = table.Column<int>(type: "integer", nullable: false),
                    employee_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_goal_employee_links", x => new { x.goal_id, x.employee_id });
                    table.ForeignKey(
                        name: "fk_goal_employee_links_employees_employee_id",
                        column: x => x.employee_id,
                        principalTable: "employees",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_goal_employee_links_goals_goal_id",
                        column: x => x.goal_id,
                        principalTable: "goals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_goal_employee_links_employee_id",
                table: "goal_employee_links",
                column: "employee_id");

            migrationBuilder.Sql("""
                -- A goal node may be linked to one employee (issue 19). The nodes live in goals.versions (jsonb), where no
                -- foreign key reaches; this trigger mirrors every employee any version names into goal_employee_links,
                -- whose foreign keys then refuse an unknown employee (the goal's write fails whole) and the deletion of an
                -- employee a goal names (RESTRICT: closed months keep the tree they were paid by).
                CREATE FUNCTION kpi_goal_employee_links() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM goal_employee_links WHERE goal_id = NEW.id;
                    INSERT INTO goal_employee_links (goal_id, employee_id)
                    SELECT DISTINCT NEW.id, (n ->> 'employeeId')::integer
                    FROM jsonb_array_elements(NEW.versions) v, jsonb_array_elements(v -> 'nodes') n
                    WHERE jsonb_typeof(n -> 'employeeId') = 'number';
                    RETURN NULL;
                END $$;
                CREATE TRIGGER goals_employee_links AFTER INSERT OR UPDATE OF versions ON goals
                    FOR EACH ROW EXECUTE FUNCTION kpi_goal_employee_links();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER goals_employee_links ON goals;
                DROP FUNCTION kpi_goal_employee_links();
                """);
            migrationBuilder.DropTable(
                name: "goal_employee_links");
        }
    }
}
