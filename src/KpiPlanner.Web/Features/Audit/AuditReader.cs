using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Infrastructure;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Audit;

/// <summary>What the audit log is asked for: days of the server's calendar (inclusive), kinds, a person, a page.</summary>
public sealed record AuditQuery(DateOnly? From, DateOnly? To, IReadOnlySet<AuditAction>? Kinds, int? EmployeeId, PageRequest Page);

/// <summary>One page of the audit log, newest first, with how many entries match in all.</summary>
public sealed record AuditPage(int Total, IReadOnlyList<AuditItem> Items);

/// <summary>An audit entry as the API answers it: who did what, when, to which month and person, from what to what, why.</summary>
public sealed record AuditItem(long Id, DateTimeOffset At, string? By, string Kind, string? Month, int? EmployeeId, string? PersonnelNumber,
    string? Employee, string? OldValue, string? NewValue, string? Reason);

/// <summary>
/// Reads the audit log for HR and the owner (<see cref="Duty.RunPayroll"/>: the people who calculate, approve, close and
/// correct the months it records). Read only: the log is append-only in the database (migration AuditLogRefusesChanges).
/// </summary>
public sealed class AuditReader(IDbContextFactory<KpiDbContext> dbFactory, TimeProvider time)
{
    public async Task<AuditPage> ReadAsync(UserContext user, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(query);
        user.Demand(Duty.RunPayroll);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditLog.AsNoTracking();
        if (query.From is { } from)
        {
            var start = StartOf(from);
            entries = entries.Where(a => a.At >= start);
        }

        if (query.To is { } to)
        {
            var end = StartOf(to.AddDays(1));
            entries = entries.Where(a => a.At < end);
        }

        if (query.Kinds is { Count: > 0 } kinds)
        {
            var list = kinds.ToList();
            entries = entries.Where(a => list.Contains(a.Action));
        }

        if (query.EmployeeId is { } employee)
        {
            entries = entries.Where(a => a.EmployeeId == employee);
        }

        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(query.Page.Skip).Take(query.Page.PageSize).ToListAsync(cancellationToken);
        var ids = page.Select(a => a.EmployeeId).OfType<int>().Distinct().ToList();
        var people = await db.Employees.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName })
            .ToDictionaryAsync(e => e.Id, cancellationToken);
        return new AuditPage(total, [.. page.Select(a =>
        {
            var person = a.EmployeeId is { } id ? people.GetValueOrDefault(id) : null;
            return new AuditItem(a.Id, a.At, a.By, AuditKinds.Name(a.Action), a.Month is { } m ? Period.Key(m) : null, a.EmployeeId,
                person?.PersonnelNumber, person is null ? null : Employee.FormatFullName(person.LastName, person.FirstName, person.MiddleName),
                a.OldValue, a.NewValue, a.Reason);
        })]);
    }

    /// <summary>The first moment of a day of the server's calendar (its time zone), as the pages show times.</summary>
    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, time.LocalTimeZone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>The API's names of the audit log's kinds: the action's name in camelCase (<c>periodClosed</c>).</summary>
public static class AuditKinds
{
    public static string Name(AuditAction action) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(action.ToString());

    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<AuditAction>().Select(Name)];

    /// <summary>A kind by its API name, case-insensitively; null when there is none.</summary>
    public static AuditAction? Parse(string text) =>
        Enum.GetValues<AuditAction>().Cast<AuditAction?>().FirstOrDefault(a => string.Equals(Name(a!.Value), text.Trim(), StringComparison.OrdinalIgnoreCase));
}
