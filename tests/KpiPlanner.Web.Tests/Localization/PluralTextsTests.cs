using System.Globalization;
using KpiPlanner.Web.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Tests.Localization;

/// <summary>
/// Issue 17: English read «(1 people)» and «1 errors». Texts with a count go through <see cref="Plural"/>, with a form
/// per category in both languages (Russian «у 1 сотрудника», «у 5 сотрудников»).
/// </summary>
public sealed class PluralTextsTests
{
    [Theory]
    [InlineData("en", 1, "1 person", "(1 person)", "1 employee misses facts:", "(1 error)")]
    [InlineData("en", 2, "2 people", "(2 people)", "2 employees miss facts:", "(2 errors)")]
    [InlineData("ru", 1, "Сотрудников: 1", "(1 чел.)", "Нет фактов у 1 сотрудника:", "(ошибок: 1)")]
    [InlineData("ru", 5, "Сотрудников: 5", "(5 чел.)", "Нет фактов у 5 сотрудников:", "(ошибок: 5)")]
    [InlineData("ru", 21, "Сотрудников: 21", "(21 чел.)", "Нет фактов у 21 сотрудника:", "(ошибок: 21)")]
    public void Counted_texts_take_the_form_of_their_count(string language, int count, string people, string fund, string missing, string refused)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").BuildServiceProvider();
        var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(language == "ru" ? "ru-RU" : "en-US");
        try
        {
            var pay = services.GetRequiredService<IStringLocalizer<PayResource>>();
            var shared = services.GetRequiredService<IStringLocalizer<SharedResource>>();
            var organisation = services.GetRequiredService<IStringLocalizer<OrganisationResource>>();

            Assert.Equal(people, Plural.Format(pay, "People", count, count));
            Assert.Contains(fund, Plural.Format(shared, "Check.Fund", count, count, "1", "2", "3"), StringComparison.Ordinal);
            Assert.Equal(missing, Plural.Format(pay, "CloseMissing", count, count));
            Assert.Contains(refused, Plural.Format(organisation, "Import.Refused", count, "f.xlsx", count), StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, culture);
        }
    }

    /// <summary>The plan grid's counted texts (issue 17): «1 cells saved» read wrong in English, «по всем 21 сотрудникам» in Russian.</summary>
    [Theory]
    [InlineData("en", 1, "1 cell saved.", "1 plan copied. Check it and save.", "1 plan filled", "1 cell not saved: someone else changed it first", ": 1 error. Nothing", "for the 1 person of", "1 value imported", "Fix the cell with an error (1)", "of 1 working day gone")]
    [InlineData("en", 2, "2 cells saved.", "2 plans copied. Check them and save.", "2 plans filled", "2 cells not saved: someone else changed them first", ": 2 errors. Nothing", "for all 2 people of", "2 values imported", "Fix the cells with errors (2)", "of 2 working days gone")]
    [InlineData("en", 21, "21 cells saved.", "21 plans copied.", "21 plans filled", "21 cells not saved", ": 21 errors.", "for all 21 people of", "21 values imported", "Fix the cells with errors (21)", "of 21 working days gone")]
    [InlineData("ru", 1, "Сохранено ячеек: 1.", "Скопировано планов: 1.", "Заполнено планов из цели отдела: 1.", "Не сохранена 1 ячейка — её уже изменил кто-то другой (отмечена красным).", "ошибок — 1.", "по всем 1 сотруднику подразделения", "Загружено значений за март 2027: 1", "Исправьте 1 ячейку с ошибкой:", "из 1 рабочего дня.")]
    [InlineData("ru", 2, "Сохранено ячеек: 2.", "Скопировано планов: 2.", "Заполнено планов из цели отдела: 2.", "Не сохранены 2 ячейки — их уже изменил кто-то другой (отмечены красным).", "ошибок — 2.", "по всем 2 сотрудникам подразделения", "Загружено значений за март 2027: 2", "Исправьте 2 ячейки с ошибками:", "из 2 рабочих дней.")]
    [InlineData("ru", 5, "Сохранено ячеек: 5.", "Скопировано планов: 5.", "Заполнено планов из цели отдела: 5.", "Не сохранено 5 ячеек — их уже изменил кто-то другой (отмечены красным).", "ошибок — 5.", "по всем 5 сотрудникам подразделения", "Загружено значений за март 2027: 5", "Исправьте 5 ячеек с ошибками:", "из 5 рабочих дней.")]
    [InlineData("ru", 11, "Сохранено ячеек: 11.", "Скопировано планов: 11.", "Заполнено планов из цели отдела: 11.", "Не сохранено 11 ячеек — их", "ошибок — 11.", "по всем 11 сотрудникам подразделения", "Загружено значений за март 2027: 11", "Исправьте 11 ячеек с ошибками:", "из 11 рабочих дней.")]
    [InlineData("ru", 21, "Сохранено ячеек: 21.", "Скопировано планов: 21.", "Заполнено планов из цели отдела: 21.", "Не сохранена 21 ячейка — её", "ошибок — 21.", "по всем 21 сотруднику подразделения", "Загружено значений за март 2027: 21", "Исправьте 21 ячейку с ошибкой:", "из 21 рабочего дня.")]
    [InlineData("ru", 22, "Сохранено ячеек: 22.", "Скопировано планов: 22.", "Заполнено планов из цели отдела: 22.", "Не сохранены 22 ячейки — их", "ошибок — 22.", "по всем 22 сотрудникам подразделения", "Загружено значений за март 2027: 22", "Исправьте 22 ячейки с ошибками:", "из 22 рабочих дней.")]
    [InlineData("ru", 25, "Сохранено ячеек: 25.", "Скопировано планов: 25.", "Заполнено планов из цели отдела: 25.", "Не сохранено 25 ячеек — их", "ошибок — 25.", "по всем 25 сотрудникам подразделения", "Загружено значений за март 2027: 25", "Исправьте 25 ячеек с ошибками:", "из 25 рабочих дней.")]
    [InlineData("ru", 111, "Сохранено ячеек: 111.", "Скопировано планов: 111.", "Заполнено планов из цели отдела: 111.", "Не сохранено 111 ячеек — их", "ошибок — 111.", "по всем 111 сотрудникам подразделения", "Загружено значений за март 2027: 111", "Исправьте 111 ячеек с ошибками:", "из 111 рабочих дней.")]
    public void The_plan_grid_counted_texts_take_the_form_of_their_count(string language, int count, string saved, string copied, string filled,
        string conflicts, string refused, string totals, string imported, string fix, string inProgress)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").BuildServiceProvider();
        var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(language == "ru" ? "ru-RU" : "en-US");
        try
        {
            var l = services.GetRequiredService<IStringLocalizer<SharedResource>>();
            var month = language == "ru" ? "март 2027" : "March 2027";

            Assert.Equal(saved, Plural.Format(l, "Plans.Saved", count, count));
            Assert.StartsWith(copied, Plural.Format(l, "Plans.Copied", count, count), StringComparison.Ordinal);
            Assert.StartsWith(filled, Plural.Format(l, "Plans.Filled", count, count), StringComparison.Ordinal);
            Assert.StartsWith(conflicts, Plural.Format(l, "Plans.ConflictsSnack", count, count, "x"), StringComparison.Ordinal);
            Assert.Contains(refused, Plural.Format(l, "Plans.ImportRefused", count, "f.xlsx", count), StringComparison.Ordinal);
            Assert.Contains(totals, Plural.Format(l, "Plans.TotalsForAll", count, count, "Продажи"), StringComparison.Ordinal);
            Assert.Contains(imported, Plural.Format(l, "Plans.Imported", count, month, count, "f.xlsx"), StringComparison.Ordinal);
            Assert.StartsWith(fix, Plural.Format(l, "Plans.FixCells", count, count), StringComparison.Ordinal);
            Assert.Contains(inProgress, Plural.Format(l, "Plans.InProgress", count, 1, count), StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, culture);
        }
    }

    /// <summary>
    /// The dashboard's counts of working days and people are written count-neutral («рабочих дней месяца прошло 1 из 21»,
    /// «working days of the month passed: 1 of 21»): they read right for any count, where «из 21 рабочих дней» and
    /// «1 … have passed» did not.
    /// </summary>
    [Theory]
    [InlineData("ru", "Декабрь 2026 — период идёт: рабочих дней месяца прошло 1 из 21.", "На 01.12.2026: рабочих дней месяца прошло 1 из 21.", "(рабочих дней прошло 1 из 21)", "сотрудников с фактом: 1 из 21", "Январь 2027: 1 чел.;")]
    [InlineData("en", "December 2026 is in progress: working days of the month passed: 1 of 21.", "As of 12/1/2026: working days of the month passed: 1 of 21.", "(working days passed: 1 of 21)", "people with a fact: 1 of 21", "January 2027: headcount 1;")]
    public void The_dashboards_counts_read_right_for_1_and_21(string language, string banner, string forecast, string trend, string reporting, string payPeople)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").BuildServiceProvider();
        var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(language == "ru" ? "ru-RU" : "en-US");
        try
        {
            var d = services.GetRequiredService<IStringLocalizer<DashboardResource>>();
            var december = language == "ru" ? "Декабрь 2026" : "December 2026";
            var january = language == "ru" ? "Январь 2027" : "January 2027";
            var first = new DateOnly(2026, 12, 1).ToString("d", CultureInfo.CurrentCulture);

            Assert.StartsWith(banner, string.Format(CultureInfo.CurrentCulture, d["ToDate.Banner"], december, 1, 21), StringComparison.Ordinal);
            Assert.StartsWith(forecast, string.Format(CultureInfo.CurrentCulture, d["Forecast.Hint"], first, 1, 21), StringComparison.Ordinal);
            Assert.Contains(trend, string.Format(CultureInfo.CurrentCulture, d["Trend.InProgressHint"], december, 1, 21), StringComparison.Ordinal);
            Assert.Equal(reporting, string.Format(CultureInfo.CurrentCulture, d["ToDate.Reporting"], 1, 21));
            Assert.StartsWith(payPeople, string.Format(CultureInfo.CurrentCulture, d["PayForecast.People"], january, 1, 0), StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, culture);
        }
    }
}
