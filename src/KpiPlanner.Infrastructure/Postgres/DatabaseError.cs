using Npgsql;

namespace KpiPlanner.Infrastructure.Postgres;

/// <summary>The constraint errors the services turn into a refusal the person reads (a race lost to another writer).</summary>
public static class DatabaseError
{
    /// <summary>True when <paramref name="exception"/> (or one it wraps) is a unique index refusing a duplicate.</summary>
    public static bool IsUniqueViolation(Exception? exception) => IsUniqueViolation(exception, out _);

    /// <summary>As <see cref="IsUniqueViolation(Exception?)"/>, with the name of the index that refused.</summary>
    public static bool IsUniqueViolation(Exception? exception, out string? constraint)
    {
        var error = Find(exception);
        constraint = error?.ConstraintName;
        return error?.SqlState == PostgresErrorCodes.UniqueViolation;
    }

    /// <summary>True when a check constraint or a foreign key refused the change (a row someone else removed meanwhile).</summary>
    public static bool IsCheckOrForeignKeyViolation(Exception? exception) =>
        Find(exception)?.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.ForeignKeyViolation;

    /// <summary>The server's own error in <paramref name="exception"/> or the exceptions it wraps, if any.</summary>
    internal static PostgresException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                return postgres;
            }
        }

        return null;
    }
}
