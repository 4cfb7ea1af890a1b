using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class EmployeeEmailUniqueAndVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The two "xmin" columns are PostgreSQL's system column mapped as the row version (optimistic concurrency on
            // department and employee edits): Npgsql generates no SQL for them.
            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "employees",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "departments",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            // One e-mail, one employee, whatever the case (the app checks the same; this guards against races). EF cannot
            // model an expression index, so it lives here only. Fails if the table already holds duplicates: fix them first.
            migrationBuilder.Sql("CREATE UNIQUE INDEX ux_employees_email ON employees (lower(email)) WHERE email IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ux_employees_email;");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "employees");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "departments");
        }
    }
}
