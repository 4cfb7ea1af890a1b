using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PositionVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // PostgreSQL's system column mapped as the position's row version (the API's ETag on a position, as for
            // departments and employees): Npgsql generates no SQL for it.
            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "positions",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "xmin",
                table: "positions");
        }
    }
}
