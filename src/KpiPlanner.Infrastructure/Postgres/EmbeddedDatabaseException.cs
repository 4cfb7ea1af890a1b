namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>The embedded cluster could not be started. The message is one sentence a person can act on.</summary>
public sealed class EmbeddedDatabaseException : Exception
{
    public EmbeddedDatabaseException(string message)
        : base(message)
    {
    }

    public EmbeddedDatabaseException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
