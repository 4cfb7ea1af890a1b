using KpiPlanner.Domain.Organisation;
using KpiPlanner.Web.Security;

namespace KpiPlanner.Web.Tests.Security;

/// <summary>docs/security.md's duty table says what the code decides: one row per duty, "yes" exactly for its roles.</summary>
public sealed class DutyTableTests
{
    [Fact]
    public void The_security_page_lists_every_duty_with_exactly_the_roles_that_hold_it()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "KpiPlanner.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var lines = File.ReadAllLines(Path.Combine(root.FullName, "docs", "security.md"));
        var header = lines.Single(l => l.StartsWith("| duty |", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
        var roleColumns = Roles.All.ToDictionary(r => r, r => Array.IndexOf(header, r));
        Assert.All(roleColumns, c => Assert.True(c.Value > 0, $"The table has no column for {c.Key}."));

        foreach (var duty in Enum.GetValues<Duty>())
        {
            var row = lines.SingleOrDefault(l => l.StartsWith($"| {duty} |", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/security.md has no row for the duty {duty}.");
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            var documented = Roles.All.Where(r => cells[roleColumns[r]] == "yes").ToList();
            Assert.Equal(Duties.RolesFor(duty).OrderBy(r => r), documented.OrderBy(r => r));
        }
    }
}
