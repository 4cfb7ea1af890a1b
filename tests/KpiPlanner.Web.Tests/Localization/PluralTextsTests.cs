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
}
