using System.Globalization;
using System.Text.RegularExpressions;
using KpiPlanner.Domain.Validation;
using KpiPlanner.Testing;
using KpiPlanner.Web;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The texts behind the pay API's (and the designer's) messages: every domain code and every API input code has a
/// Russian and an English text with the same placeholders as the domain's English template, as the app resolves them.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class PayApiResourceTests(KpiAppFactory app)
{
    public static TheoryData<string> Codes() => [.. DomainErrors.All.Concat(PayRequestErrors.EnglishTemplates.Keys)];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_code_has_a_russian_and_an_english_text_with_the_same_placeholders(string code)
    {
        var english = DomainErrors.EnglishTemplates.TryGetValue(code, out var template) ? template : PayRequestErrors.EnglishTemplates[code];

        var ru = InCulture("ru-RU", code);
        var en = InCulture("en-US", code);

        Assert.NotEqual(ru, en);
        Assert.Matches("[А-Яа-яЁё]", ru);
        Assert.DoesNotMatch("[А-Яа-яЁё]", en);
        Assert.Equal(Placeholders(english), Placeholders(ru));
        Assert.Equal(Placeholders(english), Placeholders(en));
    }

    [Fact]
    public void DomainErrorText_fills_in_numbers_in_the_current_culture_and_falls_back_to_the_english_message()
    {
        var text = DomainErrorText.For(app.Services);
        var error = DomainErrors.Create(DomainErrors.SchemeWeightsSum, "kpis", ("sum", 99.990m));
        var unknown = new DomainError("x", "no.such_code", "The English message.", new Dictionary<string, object>());
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = AppCultures.RussianCulture;
            Assert.Equal("Сумма весов показателей должна быть ровно 100 %, сейчас 99,99 %.", text.Message(error));
            Assert.Equal("The English message.", text.Message(unknown));
            Assert.Equal(["Сумма весов показателей должна быть ровно 100 %, сейчас 99,99 %."], text.ByPath([error])["kpis"]);

            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = AppCultures.EnglishCulture;
            Assert.Equal("The KPI weights must add up to exactly 100%; now they add up to 99.99%.", text.Text(error));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    private string InCulture(string culture, string code)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            var text = app.Services.GetRequiredService<IStringLocalizer<DomainErrorsResource>>()[code];
            Assert.False(text.ResourceNotFound, $"no {culture} text for {code}");
            return text.Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static string[] Placeholders(string template) =>
        [.. Placeholder().Matches(template).Select(m => m.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{[a-zA-Z]+\}")]
    private static partial Regex Placeholder();
}
