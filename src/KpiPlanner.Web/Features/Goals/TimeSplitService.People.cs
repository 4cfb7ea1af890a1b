using KpiPlanner.Domain.Goals;
using KpiPlanner.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Goals;

// A split in time of a node linked to one employee (issue 19): the seasonal profile comes from that person's facts.
public sealed partial class TimeSplitService
{
    /// <summary>Last year's monthly facts of a KPI of one employee (a node linked to them), with their short name.</summary>
    private static async Task<(string? Person, IReadOnlyList<LastYearMonth> Months)> PersonFactsAsync(
        KpiDbContext db, int employeeId, string key, PeriodRange lastYear, CancellationToken cancellationToken)
    {
        var (start, end) = (lastYear.Start, lastYear.End);
        var values = await db.MonthlyKpiValues.AsNoTracking()
            .Where(v => v.EmployeeId == employeeId && v.KpiKey == key && v.Month >= start && v.Month <= end)
            .Select(v => new { v.Month, v.Plan, v.Fact })
            .ToListAsync(cancellationToken);
        var person = await db.Employees.AsNoTracking().Where(e => e.Id == employeeId).Select(e => new { e.LastName, e.FirstName, e.MiddleName }).SingleOrDefaultAsync(cancellationToken);
        var months = lastYear.Months.Select(m =>
        {
            var value = values.FirstOrDefault(v => v.Month == m.Start);
            return new LastYearMonth(m, value?.Fact, value?.Fact is null ? 0 : 1, value is null || (value.Plan is null && value.Fact is null) ? 0 : 1);
        }).ToArray();
        return (person is null ? null : KpiPlanner.Domain.Organisation.Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName), months);
    }
}
