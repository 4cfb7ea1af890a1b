using System.Globalization;
using System.Text.RegularExpressions;
using KpiPlanner.Domain.Check;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Testing;
using KpiPlanner.Web.Features.Documents;
using KpiPlanner.Web.Localization;

namespace KpiPlanner.Web.Tests.Documents;

/// <summary>
/// The motivation scheme document without a web host: a model in, a PDF out, read back with poppler the way a
/// person's viewer reads it.
/// </summary>
public sealed partial class SchemeDocumentBuilderTests
{
    private static readonly CultureInfo Ru = AppCultures.RussianCulture;
    private static readonly CultureInfo En = AppCultures.EnglishCulture;

    /// <summary>The article's example (tables 4–6): 15 000 + 15 000, two KPIs at 50 %, bands 0,5 / 1 / 1,5.</summary>
    private static SchemeDocumentModel Article(CultureInfo culture, string? company = "ООО «Зерно»")
    {
        var table6 = ScalePresets.ArticleTable6(culture).ToSpec();
        var scheme = MotivationScheme.Create(new SchemeSpec(
            15_000m,
            15_000m,
            [
                new SchemeKpiSpec("Выполнение плана продаж", 50m, table6),
                new SchemeKpiSpec("Выполнение плана работы", 50m, table6),
            ],
            Name: "Менеджер по продажам: 50 на 50")).GetValueOrThrow();
        return Model(scheme, company) with { Plans = [300_000m, null] };
    }

    private static SchemeDocumentModel Model(MotivationScheme scheme, string? company = "ООО «Зерно»", string? head = "Кузнецов Андрей Павлович") => new(
        company,
        "Иванов Иван Сергеевич",
        "0101",
        "Отдел продаж",
        "Менеджер по продажам",
        head,
        scheme.Name ?? "Схема",
        new DateOnly(2025, 1, 1),
        new DateOnly(2026, 11, 1),
        scheme,
        SchemeCheck.Run(scheme).GetValueOrThrow(),
        new DateOnly(2026, 11, 23));

    /// <summary>Whether the text holds the row, spaces aside (pdftotext drops the spaces of short, tight strings: "x<1").</summary>
    private static void AssertRow(string text, string row) =>
        Assert.Contains(Spaces().Replace(row, string.Empty), Spaces().Replace(text, string.Empty), StringComparison.Ordinal);

    /// <summary>One space for every run of white space (the no-break spaces in «15 000,00 ₽» and line breaks included).</summary>
    private static string Flat(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"[\s\u00A0\u202F]+")]
    private static partial Regex Spaces();

    [Fact]
    public void The_Russian_document_shows_the_article_scheme_with_its_check_and_the_whole_table_6_matrix()
    {
        var pdf = SchemeDocumentBuilder.Build(Article(Ru), Ru);
        var text = Flat(Pdf.Text(pdf, "builder-article-ru"));

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.Contains("Мотивационная схема сотрудника", text);
        Assert.Contains("ООО «Зерно»", text);
        Assert.Contains("Иванов Иван Сергеевич", text);
        Assert.Contains("Менеджер по продажам: 50 на 50", text);
        Assert.Contains("01.01.2025", text);
        Assert.Contains("ноябрь 2026", text);
        Assert.Contains("План на", text);
        // Each row: number, name, weight, the month's plan (or «не задан»), how it is measured (a long name may wrap).
        Assert.Matches(@"1 KPI1\. Выполнение плана (продаж )?50 300 000 План/факт: факт ÷ план", text);
        Assert.Matches(@"2 KPI2\. Выполнение плана (работы )?50 не задан План/факт: факт ÷ план", text);
        Assert.Contains("Больше — лучше.", text);
        Assert.Contains("Итого 100", text);
        Assert.Contains("Фиксированная часть (оклад) 15 000,00 ₽", text);
        Assert.Contains("Плановая сумма переменной части 15 000,00 ₽", text);
        Assert.Contains("50 % / 50 %", text);

        // The scale of table 5/6 (one table for both KPIs), boundaries as the scale owns them.
        Assert.Contains("Шкала для показателей: KPI1 «Выполнение плана продаж», KPI2", text); // one table for both
        Assert.Contains("K1 — коэффициент показателя «Выполнение плана продаж» по его шкале (раздел 4)", text);
        Assert.Contains("K2 — коэффициент показателя «Выполнение плана работы» по его шкале (раздел 4)", text);
        AssertRow(text, "x < 90 % 0,5 Низкий уровень");
        AssertRow(text, "90 % ≤ x ≤ 100 % 1 Достижение целевого значения");
        AssertRow(text, "x > 100 % 1,5 Лидерство");

        // The formula in words and in symbols.
        Assert.Contains("Заработная плата = фиксированная часть (оклад) + переменная часть + бонус.", text);
        Assert.Contains("ЗП = 15 000,00 ₽ + 15 000,00 ₽ × (50 % × K1 + 50 % × K2)", text);

        // The check: min / plan / max, then the article's table 6 row by row.
        Assert.Contains("Минимум K1 = 0,5; K2 = 0,5 7 500,00 ₽ 22 500,00 ₽", text);
        Assert.Contains("План (все KPI выполнены) K1 = 1; K2 = 1 15 000,00 ₽ 30 000,00 ₽", text);
        Assert.Contains("Максимум K1 = 1,5; K2 = 1,5 22 500,00 ₽ 37 500,00 ₽", text);
        Assert.Contains("22 500,00 ₽ 26 250,00 ₽ 30 000,00 ₽", text);
        Assert.Contains("26 250,00 ₽ 30 000,00 ₽ 33 750,00 ₽", text);
        Assert.Contains("30 000,00 ₽ 33 750,00 ₽ 37 500,00 ₽", text);

        // Lines to sign.
        Assert.Contains("Ознакомлен(а):", text);
        Assert.Contains("Руководитель:", text);
        Assert.Contains("Специалист по персоналу:", text);
        Assert.Contains("Кузнецов Андрей Павлович", text);
        Assert.Contains("подпись", text);
    }

    [Fact]
    public void The_English_document_says_the_same_in_English_with_English_numbers_and_dates()
    {
        var pdf = SchemeDocumentBuilder.Build(Article(En), En);
        var text = Flat(Pdf.Text(pdf, "builder-article-en"));

        Assert.Contains("Employee motivation scheme", text);
        Assert.Contains("for November 2026", text);
        Assert.Contains("In force from 1 Jan 2025", text);
        Assert.Contains("Иванов Иван Сергеевич", text); // people's names stay as written
        Assert.Matches(@"1 KPI1\. Выполнение плана (продаж )?50 300,000 Plan vs actual: actual ÷", text);
        Assert.Contains("Higher is better.", text);
        Assert.Contains("Fixed part (base salary) ₽15,000.00", text);
        AssertRow(text, "x < 90% 0.5 Low level");
        AssertRow(text, "90% ≤ x ≤ 100% 1 Target reached");
        Assert.Contains("Pay = ₽15,000.00 + ₽15,000.00 × (50% × K1 + 50% × K2)", text);
        Assert.Contains("Minimum K1 = 0.5; K2 = 0.5 ₽7,500.00 ₽22,500.00", text);
        Assert.Contains("₽22,500.00 ₽26,250.00 ₽30,000.00", text);
        Assert.Contains("₽30,000.00 ₽33,750.00 ₽37,500.00", text);
        Assert.Contains("Employee:", text);
        Assert.Contains("HR specialist:", text);
        Assert.DoesNotContain("Мотивационная", text);
        Assert.DoesNotContain("Низкий уровень", text); // the article's preset meanings are translated
    }

    [Fact]
    public void Cyrillic_is_drawn_with_the_embedded_DejaVu_font_and_the_first_page_renders()
    {
        var pdf = SchemeDocumentBuilder.Build(Article(Ru), Ru);
        var raw = System.Text.Encoding.Latin1.GetString(pdf);

        Assert.Contains("DejaVuSans", raw);
        Assert.Contains("/FontFile2", raw); // the TrueType program is embedded, not referenced
        var png = Pdf.FirstPagePng(pdf, "builder-article-ru-page1");
        Assert.True(new FileInfo(png).Length > 10_000, $"{png} looks empty");
    }

    [Fact]
    public void A_scheme_of_three_KPIs_with_a_gate_a_bonus_and_a_raw_value_scale_lists_every_rule_and_no_matrix()
    {
        var table3 = ScalePresets.ArticleTable3CappedAtOne(Ru).ToSpec();
        var daysLate = new ScaleSpec(
            [
                new Band(0m, 1m, 1m, Label: "В срок"),
                new Band(1m, 3m, 0.5m, ToInclusive: true, Label: "Небольшая задержка"),
                new Band(3m, null, 0m, Label: "Срыв срока"),
            ],
            Kind: ScaleKind.RawValue,
            PlanValue: 0m);
        var scheme = MotivationScheme.Create(new SchemeSpec(
            40_000m,
            20_000m,
            [
                new SchemeKpiSpec("Выручка", 60m, table3, Gate: 50m),
                new SchemeKpiSpec("Дебиторская задолженность", 20m, table3, Direction.LowerIsBetter),
                new SchemeKpiSpec("Своевременность отчётов, дней просрочки", 20m, daysLate, Direction.LowerIsBetter, Measurement.RawValue),
            ],
            BonusRule.WhenKpiReaches("Выручка", 120m, 5_000m),
            "Руководитель отдела")).GetValueOrThrow();

        var text = Flat(Pdf.Text(SchemeDocumentBuilder.Build(Model(scheme), Ru), "builder-three-kpis-ru"));

        Assert.Contains("5 000,00 ₽, если по показателю «Выручка» результат не ниже 120 %", text);
        Assert.Matches(@"2 KPI2\. Дебиторская (задолженность )?20 не задан План/факт: план ÷ факт", text); // lower is better: plan ÷ fact
        Assert.Contains("Меньше — лучше.", text);
        Assert.Contains("1 KPI1. Выручка 60 не задан План/факт: факт ÷ план", text);
        Assert.Contains("не ниже 50 %", text);
        Assert.Contains("Порог — блокирующий KPI", text);
        Assert.Contains("Потолок коэффициента: 1", text);
        AssertRow(text, "x < 1 1 В срок");
        AssertRow(text, "1 ≤ x ≤ 3 0,5 Небольшая задержка");
        AssertRow(text, "x > 3 0 Срыв срока");
        Assert.Contains("ЗП = 40 000,00 ₽ + 20 000,00 ₽ × (60 % × K1 + 20 % × K2 + 20 % × K3) + Б", text);
        Assert.Contains("Переменная часть выплачивается, только если по блокирующему показателю «Выручка»", text);
        Assert.Contains("результат не ниже 50 %; иначе она равна 0.", text);
        Assert.Contains("Минимум", text);
        Assert.DoesNotContain("K1 \\ K2", text);
    }

    [Theory]
    [InlineData("ru", "Прирост (динамический", "Агрегированный", "не более 2", "сумма назначается за каждый месяц", "Проверку всех вариантов для этой схемы выполнить нельзя", "любое значение", "1,5 → 1 (снижается")]
    [InlineData("en", "Growth (dynamic", "Aggregate", "at most 2", "an amount set for each month", "The check cannot list this scheme's outcomes", "any value", "1.5 → 1 (linear)")]
    public void Growth_aggregate_raw_gates_entered_bonus_and_a_missing_check_are_all_put_into_words(
        string language, string growth, string aggregate, string atMost, string enteredBonus, string noCheck, string anyValue, string fallingLinear)
    {
        var culture = AppCultures.Get(language);
        var single = new ScaleSpec([new Band(0m, null, 1m, Label: "Всегда")]);
        var falling = new ScaleSpec(
        [
            new Band(0m, 100m, 1.5m, ToInclusive: true, CoefficientTo: 1m),
            new Band(100m, null, 0.5m),
        ]);
        var minutes = new ScaleSpec([new Band(0m, 5m, 1m, ToInclusive: true), new Band(5m, null, 0m)], Kind: ScaleKind.RawValue, PlanValue: 5m);
        var scheme = MotivationScheme.Create(new SchemeSpec(
            10_000m,
            10_000m,
            [
                new SchemeKpiSpec("Прирост выручки", 40m, single, Measurement: Measurement.Growth),
                new SchemeKpiSpec("Сводный показатель", 30m, falling, Measurement: Measurement.Aggregate,
                    Parts: [new("Прирост выручки", 50m), new("Звонки", 50m)]),
                new SchemeKpiSpec("Звонки", 0m, single),
                new SchemeKpiSpec("Минуты до ответа", 30m, minutes, Direction.LowerIsBetter, Measurement.RawValue, Gate: 2m),
            ],
            BonusRule.EnteredPerPeriod(),
            "Прочее")).GetValueOrThrow();
        var model = Model(scheme) with { Check = null };

        var text = Flat(Pdf.Text(SchemeDocumentBuilder.Build(model, culture), "builder-words-" + language));

        Assert.Contains(growth, text);
        Assert.Contains(aggregate, text);
        Assert.DoesNotContain(language == "ru" ? "Growth (dynamic" : "Прирост (динамический", text); // nothing of the other language
        Assert.Contains(atMost, text);
        Assert.Contains(enteredBonus, text);
        Assert.Contains(noCheck, text);
        Assert.Contains(anyValue, text);
        Assert.Contains(fallingLinear, text);
    }
}
