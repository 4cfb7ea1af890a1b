namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>The embedded cluster could not be started. The message is one sentence a person can act on.</summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
