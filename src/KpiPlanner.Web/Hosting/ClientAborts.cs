namespace KpiPlanner.Web.Hosting;

/// <summary>
/// A client that leaves mid-request (it closed the connection, or its request was cancelled) is not a server failure.
/// The request's cancellation token stops the work — a query is cancelled by PostgreSQL (57014, surfaced as an
/// <see cref="OperationCanceledException"/>), a body read or write fails with an <see cref="IOException"/> — and that
/// exception would otherwise be logged at Error level with its stack trace, by the request log and the exception
/// handler. Here it ends the request quietly: one Debug line without a stack, status 499 (the request log then says
/// "responded 499" at Information), and nothing is sent. Only when the request itself was aborted: a statement
/// timeout or any other failure of a request whose client is still there is an error as before.
/// </summary>
internal static partial class ClientAborts
{
    /// <summary>Inside the request log (so it sees 499, not an exception), outside everything that does the work.</summary>
    public static IApplicationBuilder UseClientAborts(this IApplicationBuilder app)
    {
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClientAborts).FullName!);
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (IsClientAbort(e, context.RequestAborted))
            {
                ClientLeft(log, context.Request.Method, context.Request.Path.Value ?? string.Empty, e.GetType().Name, e.Message);
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
                }
            }
        });
    }

    /// <summary>The failure is the request's own cancellation: the client left, and the exception says so.</summary>
    public static bool IsClientAbort(Exception exception, CancellationToken requestAborted) =>
        requestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException;

    [LoggerMessage(Level = LogLevel.Debug, Message = "The client left during {Method} {Path}; its work was cancelled ({Exception}: {Reason})")]
    private static partial void ClientLeft(ILogger logger, string method, string path, string exception, string reason);
}
