namespace KpiPlanner.Domain.Kpis;

/// <summary>The unit a KPI's plan and fact are stated in.</summary>
public enum KpiUnit
{
    /// <summary>Roubles (₽).</summary>
    Money,
    /// <summary>Pieces: clients, calls, contracts…</summary>
    Count,
    /// <summary>A percentage (conversion, staff turnover).</summary>
    Percent,
    /// <summary>Days.</summary>
    Days,
    /// <summary>Hours.</summary>
    Hours,
    /// <summary>Minutes.</summary>
    Minutes,
}

/// <summary>Whether more or less of the fact is the better outcome.</summary>
public enum Direction
{
    /// <summary>Revenue, new clients, visits: completion = fact / plan.</summary>
    HigherIsBetter,
    /// <summary>Receivables, staff turnover, cost per lead, answer time: completion = plan / fact.</summary>
    LowerIsBetter,
}

/// <summary>How a fact becomes a completion (domain.md §2).</summary>
public enum Measurement
{
    /// <summary>Plan vs fact: <c>fact / plan</c> (higher is better) or <c>plan / fact</c> (lower is better).</summary>
    Ratio,
    /// <summary>A dynamic KPI: actual growth against a base divided by the planned growth.</summary>
    Growth,
    /// <summary>The weighted mean of the completions of several KPIs.</summary>
    Aggregate,
    /// <summary>The value itself (days late, minutes to answer): the scale's bands are on the value, not a percent.</summary>
    RawValue,
}

/// <summary>The families of KPIs the consultants use (domain.md §2), plus the article's financial and personnel KPIs.</summary>
public enum KpiFamily
{
    /// <summary>Money results: revenue, profit, receivables, expenses (article, table 1).</summary>
    Financial,
    /// <summary>Clients in work: funnels of attraction, sales and development.</summary>
    ClientsInWork,
    /// <summary>Attention to clients: norms of letters, calls, meetings, visits, promotions.</summary>
    ClientAttention,
    /// <summary>Time regulations: process duration and service level.</summary>
    TimeRegulation,
    /// <summary>Intensity of work: the activity that matters for a role.</summary>
    WorkIntensity,
    /// <summary>Personnel: staff turnover.</summary>
    Personnel,
}
