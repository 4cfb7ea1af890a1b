using System.Text.Json;
using KpiPlanner.Domain.Audit;
using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Infrastructure.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace KpiPlanner.Infrastructure.Payroll;

/// <summary>The outcome of a calculation: how many pay lines, how many changed, who has no scheme in force.</summary>
public sealed record PayRunResult(IReadOnlyList<DomainError> Errors, int Lines, int Changed, IReadOnlyList<int> WithoutScheme)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>A person whose pay line lacks plans or facts (counted as 0 %), with the KPIs concerned.</summary>
public sealed record MissingFacts(int EmployeeId, string PersonnelNumber, string Name, IReadOnlyList<string> Kpis);

/// <summary>What is left of a month: calendar days from today to its end (both counted) and the working days among them.</summary>
public sealed record MonthTimeLeft(int Days, int WorkingDays)
{
    public static MonthTimeLeft None { get; } = new(0, 0);
}

/// <summary>The outcome of closing a month: refused with its errors and the people missing facts, or done.</summary>
public sealed record CloseResult(IReadOnlyList<DomainError> Errors, IReadOnlyList<MissingFacts> Missing)
{
    public bool IsValid => Errors.Count == 0;
}
