using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class GoalVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "nodes",
                table: "goals",
                newName: "versions");

            // The tree saved so far becomes the one version in force from the start.
            migrationBuilder.Sql("UPDATE goals SET versions = jsonb_build_array(jsonb_build_object('nodes', versions));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to one tree: the latest version's.
            migrationBuilder.Sql("UPDATE goals SET versions = versions -> (jsonb_array_length(versions) - 1) -> 'nodes';");
            migrationBuilder.RenameColumn(
                name: "versions",
                table: "goals",
                newName: "nodes");
        }
    }
}
