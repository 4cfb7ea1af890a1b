using System.Globalization;
using KpiPlanner.Infrastructure.Import;
using KpiPlanner.Infrastructure.Postgres;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Infrastructure.Organisation;

/// <summary>
/// A bad row of the organisation file: its number as the spreadsheet shows it, the column's title, and the reason as a
/// message key of the organisation's resources with its arguments (the web layer words it in the person's language).
/// </summary>
public sealed record OrganisationImportIssue(int Row, string Column, string Key, IReadOnlyList<object?> Arguments);

/// <summary>What an import did: people hired, updated and left as they were, departments and positions it created, heads it set or vacated.</summary>
public sealed record OrganisationImportCounts(
    int Created,
    int Updated,
    int Unchanged,
    IReadOnlyList<string> DepartmentsCreated,
    IReadOnlyList<string> PositionsCreated,
    int HeadsChanged)
{
    /// <summary>What a refused import did: nothing.</summary>
    public static readonly OrganisationImportCounts None = new(0, 0, 0, [], [], 0);
}

/// <summary>What an import did, or (with errors) why it changed nothing.</summary>
public sealed record OrganisationImportOutcome(OrganisationImportCounts Done, IReadOnlyList<OrganisationImportIssue> Errors)
{
    public static OrganisationImportOutcome Refused(IReadOnlyList<OrganisationImportIssue> errors) => new(OrganisationImportCounts.None, errors);
}

/// <summary>
/// The organisation file's database side, all or nothing: employees matched by personnel number (a new number hires,
/// a known one updates the card, an empty cell of a known employee leaves that value as is), departments found or
/// created from a path, positions by name, the head flag; every bad row is reported, and then nothing is written.
/// The file itself is read by <see cref="OrganisationFile"/> (the import's one reader, <see cref="ImportRows"/>).
/// </summary>
public sealed class OrganisationImporter(IDbContextFactory<KpiDbContext> dbFactory)
{
    internal const string PathSeparator = " / ";

    /// <summary>Levels of a department path in the file (the company's own level included).</summary>
    internal const int MaxPathLevels = 20;

    /// <summary>New departments one file may create: as many as it may have rows.</summary>
    internal const int MaxCreatedDepartments = OrganisationFile.MaxRows;

    /// <summary>The template's column titles in the person's language.</summary>
    public static IReadOnlyDictionary<OrganisationColumn, string> Titles =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? OrganisationFile.EnglishTitles : OrganisationFile.RussianTitles;

    /// <summary>The current organisation as the template's rows: every employee, with their department's path.</summary>
    public async Task<IReadOnlyList<OrganisationTemplateRow>> TemplateRowsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Name, d.ParentId, d.HeadId }).ToListAsync(cancellationToken);
        var byId = departments.ToDictionary(d => d.Id);
        var roots = departments.Count(d => d.ParentId is null);
        string PathOf(int id)
        {
            var names = new List<string>();
            var seen = new HashSet<int>();
            for (var d = byId.GetValueOrDefault(id); d is not null && seen.Add(d.Id); d = d.ParentId is { } p ? byId.GetValueOrDefault(p) : null)
            {
                names.Add(d.Name);
            }

            names.Reverse();
            // Under the company the company's name is left out (as people write it); the company itself keeps its name.
            return string.Join(PathSeparator, names.Count > 1 && roots == 1 ? names.Skip(1) : names);
        }

        var heads = departments.Where(d => d.HeadId is not null).Select(d => (d.HeadId!.Value, d.Id)).ToHashSet();
        var employees = await db.Employees.AsNoTracking()
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.PersonnelNumber)
            .Select(e => new { e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, e.Email, e.Id, e.DepartmentId, Position = e.Position.Name, e.HireDate, e.LeaveDate })
            .ToListAsync(cancellationToken);
        return employees.Select(e => new OrganisationTemplateRow(
            e.PersonnelNumber, e.LastName, e.FirstName, e.MiddleName, e.Email, PathOf(e.DepartmentId), e.Position,
            heads.Contains((e.Id, e.DepartmentId)), e.HireDate, e.LeaveDate)).ToList();
    }

    /// <summary>
    /// Checks and writes <paramref name="sheet"/> as of <paramref name="today"/>; <paramref name="words"/> are the head
    /// flag's "yes" and "no" as the person's template writes them (quoted when a flag is not understood).
    /// </summary>
    public async Task<OrganisationImportOutcome> ImportAsync(OrganisationSheet sheet, DateOnly today, (string Yes, string No) words, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sheet);

        // The database's retrying strategy may run the whole thing again (a dropped connection): each attempt starts
        // from scratch with its own context, and everything is written in one transaction.
        await using var strategyContext = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await strategyContext.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var plan = await OrganisationImportPlan.LoadAsync(db, sheet, today, words, ct);
            plan.Check();
            if (plan.Errors.Count > 0)
            {
                return OrganisationImportOutcome.Refused([.. plan.Errors.OrderBy(e => e.Row)]);
            }

            try
            {
                return await plan.ApplyAsync(ct);
            }
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DatabaseError.IsUniqueViolation(e))
            {
                return OrganisationImportOutcome.Refused([new OrganisationImportIssue(0, string.Empty, "Import.ChangedMeanwhile", [])]);
            }
        }, cancellationToken);
    }
}
