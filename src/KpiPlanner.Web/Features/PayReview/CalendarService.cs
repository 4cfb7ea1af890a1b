using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Payroll;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.PayReview;

/// <summary>One month of the production calendar.</summary>
public sealed record CalendarMonth(DateOnly Month, int WorkingDays, int CalendarDays);

/// <summary>A day that differs from the five-day week, and whether HR set it (or it is the official calendar's).</summary>
public sealed record CalendarDayView(DateOnly Date, bool IsWorking, string? Note, bool ChangedByHr);

/// <summary>The year as the pay run sees it: working days per month and every exception.</summary>
public sealed record CalendarYear(int Year, bool Published, IReadOnlyList<CalendarMonth> Months, IReadOnlyList<CalendarDayView> Days);

/// <summary>
/// The company's production calendar: the official Russian one (<see cref="RussianProductionCalendar"/>) with HR's
/// changes on top (a company day off, a working Saturday). HR and the owner edit it; a month already closed keeps the
/// days it was paid by (its pay lines store the days worked), so a change applies from the next calculation on.
/// </summary>
public sealed class CalendarService(IDbContextFactory<KpiDbContext> dbFactory)
{
    public static bool MayEdit(UserContext user) => user.May(Duty.RunPayroll);

    public async Task<CalendarYear> LoadAsync(UserContext user, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.Demand(Duty.RunPayroll);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var calendar = await PayrollService.CalendarAsync(db, year, cancellationToken);
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var changes = await db.CalendarDays.AsNoTracking().Where(d => d.Date >= first && d.Date <= last).ToDictionaryAsync(d => d.Date, cancellationToken);
        var official = RussianProductionCalendar.For(year).ToDictionary(d => d.Date);
        var days = official.Values.Where(d => !changes.ContainsKey(d.Date)).Select(d => new CalendarDayView(d.Date, d.IsWorking, d.Note, false))
            .Concat(changes.Values.Select(d => new CalendarDayView(d.Date, d.IsWorking, d.Note, true)))
            .OrderBy(d => d.Date)
            .ToList();
        var months = Enumerable.Range(1, 12).Select(m => new DateOnly(year, m, 1))
            .Select(m => new CalendarMonth(m, calendar.WorkingDaysInMonth(m), DateTime.DaysInMonth(year, m.Month)))
            .ToList();
        return new CalendarYear(year, RussianProductionCalendar.PublishedYears.Contains(year), months, days);
    }

    /// <summary>Makes a day working or not (with a note); a day set back to what the official calendar says drops HR's change.</summary>
    /// <returns>Null when saved; the closed month otherwise — a closed month was paid by its calendar and never changes
    /// (the database refuses it too, whatever the path).</returns>
    public async Task<DateOnly?> SetAsync(UserContext user, DateOnly date, bool isWorking, string? note, CancellationToken cancellationToken = default)
    {
        if (!MayEdit(user))
        {
            throw new UnauthorizedAccessException("Only HR and the owner edit the production calendar.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var month = KpiPlanner.Domain.Planning.Period.FirstDay(date);
        if (await db.Periods.AnyAsync(p => p.Month == month && p.Status == KpiPlanner.Domain.Planning.PeriodStatus.Closed, cancellationToken))
        {
            return month;
        }

        var official = new WorkCalendar(RussianProductionCalendar.For(date.Year)).IsWorkingDay(date);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.CalendarDays.Where(d => d.Date == date).ExecuteDeleteAsync(cancellationToken);
            if (official != isWorking)
            {
                db.CalendarDays.Add(new CalendarException(date, isWorking, string.IsNullOrWhiteSpace(note) ? null : note.Trim()));
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return null;
    }
}
