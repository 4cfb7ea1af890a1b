using KpiPlanner.Domain.Goals;

namespace KpiPlanner.Domain.Kpis;

/// <summary>
/// The ready catalogue of KPI templates a new company starts from: the four families the consultants use
/// (clients in work, attention to clients, time regulations, intensity of work) and the article's table 1
/// (revenue, profit, receivables, report timeliness, client visits, staff turnover, new clients).
/// <para>Each template says how its months roll up (<see cref="KpiDefinition.Aggregation"/>): money and counts add
/// up; percentages, averages and durations (average check, conversion, answer time, deal duration) are averaged;
/// stock-like values read at a moment (receivables, clients in work or in the database) take the last month.</para>
/// </summary>
public static class KpiCatalog
{
    private static KpiDefinition T(string code, string ru, string en, KpiFamily family, KpiUnit unit, Direction direction,
        Measurement measurement = Measurement.Ratio, AggregationRule? aggregation = null) =>
        new(code, new LocalizedText(ru, en), family, unit, direction, measurement, aggregation ?? DefaultAggregation(unit));

    /// <summary>
    /// The roll-up a KPI of this unit usually has when nothing else is known: the sum for money and counts, the
    /// average for percentages, days, hours and minutes (durations and rates do not add up over months).
    /// </summary>
    public static AggregationRule DefaultAggregation(KpiUnit unit) => unit switch
    {
        KpiUnit.Money or KpiUnit.Count => AggregationRule.Sum,
        KpiUnit.Percent or KpiUnit.Days or KpiUnit.Hours or KpiUnit.Minutes => AggregationRule.Average,
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    /// <summary>Every template, grouped by family.</summary>
    public static IReadOnlyList<KpiDefinition> Templates { get; } =
    [
        // Article, table 1 — commercial indicators, measured plan/fact.
        T("revenue", "Выручка", "Revenue", KpiFamily.Financial, KpiUnit.Money, Direction.HigherIsBetter),
        T("profit", "Прибыль", "Profit", KpiFamily.Financial, KpiUnit.Money, Direction.HigherIsBetter),
        T("receivables", "Дебиторская задолженность", "Receivables", KpiFamily.Financial, KpiUnit.Money, Direction.LowerIsBetter, aggregation: AggregationRule.Last),
        T("expenses", "Расходы", "Expenses", KpiFamily.Financial, KpiUnit.Money, Direction.LowerIsBetter),
        T("revenue_growth", "Прирост выручки", "Revenue growth", KpiFamily.Financial, KpiUnit.Percent, Direction.HigherIsBetter, Measurement.Growth),
        T("average_check", "Средний чек", "Average check", KpiFamily.Financial, KpiUnit.Money, Direction.HigherIsBetter, aggregation: AggregationRule.Average),
        T("average_shipment", "Средняя сумма отгрузки", "Average shipment", KpiFamily.Financial, KpiUnit.Money, Direction.HigherIsBetter, aggregation: AggregationRule.Average),

        // 1. Clients in work — funnels of attraction, sales and development.
        T("leads", "Лиды от маркетинга", "Leads from marketing", KpiFamily.ClientsInWork, KpiUnit.Count, Direction.HigherIsBetter),
        T("cost_per_lead", "Стоимость лида", "Cost per lead", KpiFamily.ClientsInWork, KpiUnit.Money, Direction.LowerIsBetter, aggregation: AggregationRule.Average),
        T("clients_in_work", "Клиенты в работе", "Clients in work", KpiFamily.ClientsInWork, KpiUnit.Count, Direction.HigherIsBetter, aggregation: AggregationRule.Last),
        T("new_clients", "Новые привлечённые клиенты", "New clients", KpiFamily.ClientsInWork, KpiUnit.Count, Direction.HigherIsBetter),
        T("client_base", "Клиенты в базе", "Clients in the database", KpiFamily.ClientsInWork, KpiUnit.Count, Direction.HigherIsBetter, aggregation: AggregationRule.Last),
        T("contracts", "Заключённые договоры", "Contracts signed", KpiFamily.ClientsInWork, KpiUnit.Count, Direction.HigherIsBetter),
        T("conversion", "Конверсия лидов в договоры", "Lead-to-contract conversion", KpiFamily.ClientsInWork, KpiUnit.Percent, Direction.HigherIsBetter),
        T("sales_volume", "Объём продаж", "Sales volume", KpiFamily.ClientsInWork, KpiUnit.Money, Direction.HigherIsBetter),
        T("client_churn", "Отсев клиентов", "Client churn", KpiFamily.ClientsInWork, KpiUnit.Percent, Direction.LowerIsBetter),

        // 2. Attention to clients — norms of contacts per client group.
        T("client_visits", "Выполнение плана посещений клиентов", "Client visits", KpiFamily.ClientAttention, KpiUnit.Count, Direction.HigherIsBetter),
        T("client_calls", "Звонки клиентам", "Calls to clients", KpiFamily.ClientAttention, KpiUnit.Count, Direction.HigherIsBetter),
        T("client_meetings", "Встречи с клиентами", "Meetings with clients", KpiFamily.ClientAttention, KpiUnit.Count, Direction.HigherIsBetter),
        T("client_letters", "Письма клиентам", "Letters to clients", KpiFamily.ClientAttention, KpiUnit.Count, Direction.HigherIsBetter),
        T("promotions", "Рекламные активности", "Promotions", KpiFamily.ClientAttention, KpiUnit.Count, Direction.HigherIsBetter),
        T("event_visitors", "Посетители мероприятия", "Event visitors", KpiFamily.ClientAttention, KpiUnit.Count, Direction.HigherIsBetter),
        T("upsells", "Допродажи", "Upsells", KpiFamily.ClientAttention, KpiUnit.Count, Direction.HigherIsBetter),

        // 3. Time regulations — process duration and service level.
        T("report_timeliness", "Своевременность подачи отчётов", "Report timeliness", KpiFamily.TimeRegulation, KpiUnit.Days, Direction.LowerIsBetter),
        T("report_days_late", "Просрочка отчёта, дней", "Days a report is late", KpiFamily.TimeRegulation, KpiUnit.Days, Direction.LowerIsBetter, Measurement.RawValue, AggregationRule.Sum),
        T("answer_time", "Скорость ответа на запрос клиента", "Answer time to a client's request", KpiFamily.TimeRegulation, KpiUnit.Minutes, Direction.LowerIsBetter, Measurement.RawValue),
        T("deal_duration", "Длительность сделки", "Deal duration", KpiFamily.TimeRegulation, KpiUnit.Days, Direction.LowerIsBetter),
        T("requests_on_time", "Запросы, обработанные в срок", "Requests handled on time", KpiFamily.TimeRegulation, KpiUnit.Percent, Direction.HigherIsBetter),
        T("order_time", "Время приготовления заказа", "Time to prepare an order", KpiFamily.TimeRegulation, KpiUnit.Minutes, Direction.LowerIsBetter),

        // 4. Intensity of work — simple, dynamic or aggregated.
        T("calls", "Звонки", "Calls", KpiFamily.WorkIntensity, KpiUnit.Count, Direction.HigherIsBetter),
        T("meetings", "Встречи", "Meetings", KpiFamily.WorkIntensity, KpiUnit.Count, Direction.HigherIsBetter),
        T("documents", "Оформленные документы", "Documents prepared", KpiFamily.WorkIntensity, KpiUnit.Count, Direction.HigherIsBetter),
        T("calls_growth", "Прирост числа звонков", "Growth in calls", KpiFamily.WorkIntensity, KpiUnit.Percent, Direction.HigherIsBetter, Measurement.Growth),
        T("activity_index", "Интенсивность работы (встречи, звонки, документы)", "Work intensity (meetings, calls, documents)", KpiFamily.WorkIntensity, KpiUnit.Percent, Direction.HigherIsBetter, Measurement.Aggregate),

        // Personnel (article, table 1).
        T("staff_turnover", "Текучка персонала", "Staff turnover", KpiFamily.Personnel, KpiUnit.Percent, Direction.LowerIsBetter),
    ];

    /// <summary>The template with this code, or null.</summary>
    public static KpiDefinition? Find(string code) =>
        Templates.FirstOrDefault(t => string.Equals(t.Code, code, StringComparison.Ordinal));
}
