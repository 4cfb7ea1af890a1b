namespace KpiPlanner.Web.Features.Facts;

/// <summary>
/// A bad row of an import file: its number as the person sees it (the header is row 1; 0 = the file as a whole), the
/// column's title as the file's header writes it, and the reason in the person's language. <see cref="Code"/> is the
/// stable code (<c>facts.unknown_employee</c>).
/// </summary>
public sealed record ImportRowError(int Row, string Column, string Message)
{
    public string Code { get; init; } = string.Empty;
}

/// <summary>What an import did: rows changed, rows that already held these values, and every bad row (then nothing changed).</summary>
public sealed class ImportResult
{
    public int Applied { get; init; }

    public int Unchanged { get; init; }

    public IReadOnlyList<ImportRowError> Errors { get; init; } = [];

    /// <summary>The month the file was imported into (or refused for).</summary>
    public DateOnly Month { get; init; }

    /// <summary>The one month the file's rows name; null when they name none (or several).</summary>
    public DateOnly? FileMonth { get; init; }

    public bool Succeeded => Errors.Count == 0;

    /// <summary>True when the file names no month and the person has not confirmed the month it goes into (nothing written).</summary>
    public bool NeedsMonthConfirmation => Errors.Any(e => e.Code == KpiPlanner.Infrastructure.Import.FactsIssueCodes.MonthMissing);

    /// <summary>True when the file was refused for its month: another one, several, or none unconfirmed (the API answers 400).</summary>
    public bool MonthRefused => Errors.Any(e => KpiPlanner.Infrastructure.Import.FactsIssueCodes.IsMonth(e.Code));

    /// <summary>True when the month is closed (the API answers 409).</summary>
    public bool PeriodClosed => Errors.Any(e => e.Code == KpiPlanner.Infrastructure.Import.FactsIssueCodes.PeriodClosed);

    /// <summary>True when the file goes beyond an import limit, named in the error (the API answers 413).</summary>
    public bool TooLarge => Errors.Any(e => KpiPlanner.Infrastructure.Import.FactsIssueCodes.IsLimit(e.Code));
}

/// <summary>One fact of the facts API: the employee (id, e-mail or personnel number), the KPI's key and the fact.</summary>
public sealed record FactItem(string? Employee, int? EmployeeId, string? Kpi, decimal? Value);

/// <summary>A bad item of the facts API: <c>facts[3].employee</c>, its code and message.</summary>
public sealed record FactItemError(string Path, string Code, string Message);

/// <summary>What a batch of the facts API did: facts changed, facts already holding these values, every bad item.</summary>
public sealed record FactsBatchResult(int Applied, int Unchanged, IReadOnlyList<FactItemError> Errors)
{
    public bool PeriodClosed => Errors.Any(e => e.Code == KpiPlanner.Infrastructure.Import.FactsIssueCodes.PeriodClosed);
}

/// <summary>A downloadable template.</summary>
public sealed record TemplateFile(byte[] Content, string FileName, string ContentType);

/// <summary>The body of <c>PUT /api/periods/{yyyy-MM}/facts</c>.</summary>
/// <param name="Facts">The facts; the same batch sent twice changes nothing the second time.</param>
public sealed record FactsPutRequest(IReadOnlyList<FactsPutItem> Facts);

/// <param name="Employee">The employee: their id (a JSON number), e-mail or personnel number (a string).</param>
/// <param name="Kpi">The KPI's key in the employee's scheme: the catalogue code (<c>sales_volume</c>) or a custom KPI's name.</param>
/// <param name="Value">The fact: a non-negative number with at most 4 decimals (the precision stored; more is refused, never rounded).</param>
public sealed record FactsPutItem(string Employee, string Kpi, decimal Value);

/// <summary>The answer of <c>PUT /api/periods/{yyyy-MM}/facts</c>.</summary>
/// <param name="Applied">Facts written (new or changed).</param>
/// <param name="Unchanged">Facts that already held this value.</param>
public sealed record FactsPutResponse(int Applied, int Unchanged);

/// <summary>The answer of <c>POST /api/periods/{yyyy-MM}/import</c>.</summary>
public sealed record FactsImportResponse(int Applied, int Unchanged);

/// <summary>A bad row of an import, as the API reports it beside the validation problem's errors.</summary>
public sealed record FactsImportRowProblem(int Row, string Column, string Code, string Message);

/// <summary>
/// Which figure a JSON batch sets (<c>PUT …/facts</c> or <c>PUT …/plans</c>): the array's name in the body and in the
/// error paths, the field it writes, and the resource keys of its own refusals; everything else is shared.
/// </summary>
public sealed record FigureBatch(string Array, KpiPlanner.Infrastructure.Import.FactsField Field, string RequiredKey, string TooManyKey, string InvalidKey)
{
    public static FigureBatch Facts { get; } = new("facts", KpiPlanner.Infrastructure.Import.FactsField.Fact, "facts.facts_required", "facts.too_many_items", "facts.request_invalid");

    public static FigureBatch Plans { get; } = new("plans", KpiPlanner.Infrastructure.Import.FactsField.Plan, "facts.plans_required", "facts.too_many_plans", "facts.plans_invalid");
}

/// <summary>The body of <c>PUT /api/periods/{yyyy-MM}/plans</c>.</summary>
/// <param name="Plans">The plans; the same batch sent twice changes nothing the second time.</param>
public sealed record PlansPutRequest(IReadOnlyList<PlansPutItem> Plans);

/// <param name="Employee">The employee: their id (a JSON number), e-mail or personnel number (a string).</param>
/// <param name="Kpi">The KPI's key in the employee's scheme: the catalogue code (<c>sales_volume</c>) or a custom KPI's name; not an aggregated KPI (index).</param>
/// <param name="Value">The plan as the grid stores it — the value planned for the month (for a growth KPI the value to reach, not a percent): non-negative, at most 4 decimals.</param>
public sealed record PlansPutItem(string Employee, string Kpi, decimal Value);

/// <summary>The answer of <c>PUT /api/periods/{yyyy-MM}/plans</c>.</summary>
/// <param name="Applied">Plans written (new or changed).</param>
/// <param name="Unchanged">Plans that already held this value.</param>
public sealed record PlansPutResponse(int Applied, int Unchanged);
