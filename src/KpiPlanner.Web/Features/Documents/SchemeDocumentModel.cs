using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Schemes;

namespace KpiPlanner.Web.Features.Documents;

/// <summary>
/// Everything the employee's motivation scheme document shows (the article's table 7 and step 8), read from the
/// database by <see cref="SchemeDocumentService"/> and laid out by <see cref="SchemeDocumentBuilder"/>.
/// </summary>
/// <param name="CompanyName">The organisation (the root department), if there is one.</param>
/// <param name="EmployeeFullName">"Иванов Иван Сергеевич".</param>
/// <param name="PersonnelNumber">Табельный номер.</param>
/// <param name="Department">The employee's department.</param>
/// <param name="Position">The employee's position (the scheme belongs to it).</param>
/// <param name="HeadName">The employee's manager (who signs as head), if the post is filled.</param>
/// <param name="SchemeName">The scheme version's name.</param>
/// <param name="EffectiveFrom">The first day the scheme version is in force.</param>
/// <param name="Month">The month the document is for (the 1st).</param>
/// <param name="Scheme">The scheme in force that month.</param>
/// <param name="Check">The check of every pay outcome, or null when it cannot be listed (beyond 100 000 outcomes).</param>
/// <param name="IssuedOn">The day the document is generated.</param>
public sealed record SchemeDocumentModel(
    string? CompanyName,
    string EmployeeFullName,
    string PersonnelNumber,
    string Department,
    string Position,
    string? HeadName,
    string SchemeName,
    DateOnly EffectiveFrom,
    DateOnly Month,
    MotivationScheme Scheme,
    CheckResult? Check,
    DateOnly IssuedOn)
{
    /// <summary>
    /// The employee's plan of each KPI for <see cref="Month"/>, in the scheme's order (null where none is set yet); empty
    /// when not read.
    /// </summary>
    public IReadOnlyList<decimal?> Plans { get; init; } = [];

    /// <summary>The download's file name: <c>scheme-0101-2026-11.pdf</c> (only letters, digits, '-' and '_' from the personnel number).</summary>
    public string FileName
    {
        get
        {
            var number = new string(PersonnelNumber.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ToArray());
            var month = Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            return number.Length == 0 ? $"scheme-{month}.pdf" : $"scheme-{number}-{month}.pdf";
        }
    }
}
