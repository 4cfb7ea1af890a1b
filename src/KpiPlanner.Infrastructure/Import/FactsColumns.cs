namespace KpiPlanner.Infrastructure.Import;

/// <summary>
/// The columns of an import file, recognised by their header (row 1) in Russian or English, in any order, any case;
/// other columns are ignored:
/// <list type="table">
/// <item><term>personnel number</term><description><c>Табельный номер</c>, <c>Таб. номер</c>, <c>Таб. №</c>,
/// <c>Personnel number</c>, <c>Personnel No</c>, <c>Employee number</c></description></item>
/// <item><term>e-mail (instead of, or beside, the personnel number)</term><description><c>E-mail</c>, <c>Email</c>,
/// <c>Эл. почта</c>, <c>Электронная почта</c>, <c>Почта</c></description></item>
/// <item><term>employee name (informational, not read)</term><description><c>Сотрудник</c>, <c>ФИО</c>,
/// <c>Employee</c>, <c>Name</c></description></item>
/// <item><term>KPI key (catalogue code, or the name of a custom KPI)</term><description><c>Показатель</c>,
/// <c>Код показателя</c>, <c>KPI</c>, <c>KPI key</c>, <c>KPI code</c></description></item>
/// <item><term>month (optional; on every row, <see cref="ImportMonth"/>)</term><description><c>Месяц</c>, <c>Период</c>,
/// <c>Отчётный месяц</c>, <c>Month</c>, <c>Period</c></description></item>
/// <item><term>plan (optional)</term><description><c>План</c>, <c>Plan</c></description></item>
/// <item><term>fact (optional)</term><description><c>Факт</c>, <c>Fact</c>, <c>Actual</c></description></item>
/// </list>
/// A department column (<c>Подразделение</c>, <c>Department</c>) is informational, like the employee's name: each row is
/// checked by its employee against the caller's access. A file needs the personnel number or e-mail column, the KPI column and at least one of plan and fact.
/// </summary>
public static class FactsColumns
{
    public enum Kind
    {
        Ignored,
        PersonnelNumber,
        Email,
        Name,
        Kpi,
        Plan,
        Fact,
        Month,
    }

    private static readonly Dictionary<string, Kind> Aliases = new(StringComparer.Ordinal)
    {
        ["табельный номер"] = Kind.PersonnelNumber,
        ["таб номер"] = Kind.PersonnelNumber,
        ["таб №"] = Kind.PersonnelNumber,
        ["табельный №"] = Kind.PersonnelNumber,
        ["таб"] = Kind.PersonnelNumber,
        ["personnel number"] = Kind.PersonnelNumber,
        ["personnel no"] = Kind.PersonnelNumber,
        ["employee number"] = Kind.PersonnelNumber,
        ["employee no"] = Kind.PersonnelNumber,
        ["e-mail"] = Kind.Email,
        ["email"] = Kind.Email,
        ["эл почта"] = Kind.Email,
        ["электронная почта"] = Kind.Email,
        ["почта"] = Kind.Email,
        ["сотрудник"] = Kind.Name,
        ["фио"] = Kind.Name,
        ["employee"] = Kind.Name,
        ["employee name"] = Kind.Name,
        ["name"] = Kind.Name,
        ["показатель"] = Kind.Kpi,
        ["код показателя"] = Kind.Kpi,
        ["ключ показателя"] = Kind.Kpi,
        ["kpi"] = Kind.Kpi,
        ["kpi key"] = Kind.Kpi,
        ["kpi code"] = Kind.Kpi,
        ["месяц"] = Kind.Month,
        ["период"] = Kind.Month,
        ["отчетный месяц"] = Kind.Month,
        ["отчетный период"] = Kind.Month,
        ["month"] = Kind.Month,
        ["period"] = Kind.Month,
        ["план"] = Kind.Plan,
        ["plan"] = Kind.Plan,
        ["факт"] = Kind.Fact,
        ["fact"] = Kind.Fact,
        ["actual"] = Kind.Fact,
    };

    /// <summary>What a header cell names; <see cref="Kind.Ignored"/> for anything else.</summary>
    public static Kind Of(string? header) =>
        header is null ? Kind.Ignored : Aliases.GetValueOrDefault(ImportHeader.Normalise(header), Kind.Ignored);
}
