using Npgsql;

namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>
/// THE CLOSED-MONTH REFUSAL: the database's guard on a closed month (the triggers of migrations PlansAndFacts,
/// ClosedPeriodStatementTriggers and PayInputsGuard) raises <c>P0001</c> with the hint <see cref="Hint"/> when a
/// statement would change a plan, a fact, a calendar day or a scheme version of a closed month. Every writer asks this
/// one question, whether the error reached it raw (an import's own command) or wrapped (EF's <c>DbUpdateException</c>).
/// </summary>
public static class ClosedPeriod
{
    /// <summary>The hint every closed-month guard raises with; other <c>P0001</c>s (the append-only audit log) carry their own.</summary>
    public const string Hint = "kpi.period_closed";

    /// <summary>True when <paramref name="exception"/> (or one it wraps) is the database refusing a change to a closed month.</summary>
    public static bool IsRefusal(Exception? exception) =>
        DatabaseError.Find(exception) is { SqlState: PostgresErrorCodes.RaiseException, Hint: Hint };
}
