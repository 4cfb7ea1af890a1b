using KpiPlanner.Infrastructure;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Web.Features.Account;

/// <summary>
/// Whether the app is still waiting for its first account. Asked on every page request (<see cref="UseFirstRun"/>) and
/// by <see cref="FirstRunService"/>: while no account exists the database is asked each time; once one does, the answer
/// is remembered (accounts are never all deleted through the app), so a running company pays nothing for it.
/// </summary>
public sealed class FirstRun(IServiceScopeFactory scopes, SetupCode code, ILogger<FirstRun> log)
{
    /// <summary>The first-run page.</summary>
    public const string Path = "/setup";

    private readonly Lock issuing = new();
    private volatile bool accountsExist;

    /// <summary>The one-time code the first-run form asks for (printed to the log by <see cref="EnsureSetupCode"/>).</summary>
    public SetupCode Code => code;

    /// <summary>
    /// Issues the setup code and prints it to the server's log, unless one is already waiting: at start while no
    /// account exists, and again when <c>/setup</c> is opened with none (the database was down at start, or a test emptied it).
    /// </summary>
    public void EnsureSetupCode(string address)
    {
        lock (issuing)
        {
            if (code.IsIssued)
            {
                return;
            }

            var issued = code.Issue();
            log.LogWarning("First run: open {Address}{Path} and enter the setup code {SetupCode} to create the owner's account.", address.TrimEnd('/'), Path, issued);
        }
    }

    /// <summary>True while the database holds no account at all.</summary>
    public async Task<bool> IsPendingAsync(CancellationToken cancellationToken = default)
    {
        if (accountsExist)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>().CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            accountsExist = true;
            return false;
        }

        return true;
    }

    /// <summary>The owner's account has just been committed.</summary>
    internal void AccountCreated()
    {
        accountsExist = true;
        code.Revoke();
    }

    /// <summary>Forgets what was learnt: the next question goes to the database (tests that empty it).</summary>
    public void Forget() => accountsExist = false;
}

/// <summary>The first run in the request pipeline: pages lead to <c>/setup</c> until an account exists; then <c>/setup</c> is gone.</summary>
public static class FirstRunPipeline
{
    public static IServiceCollection AddFirstRun(this IServiceCollection services)
    {
        services.AddSingleton<SetupCode>();
        services.AddSingleton<FirstRun>();
        services.AddScoped<FirstRunService>();
        return services;
    }

    /// <summary>
    /// While no account exists, a GET of any page (a Razor component's endpoint: not static files, <c>/health</c>, the
    /// language switch or the API, which keeps answering 401 problem details) is redirected to <c>/setup</c>. Once an
    /// account exists, <c>/setup</c> is gone: a GET goes to the sign-in page, anything else gets a bare 404 and never
    /// reaches the form (<see cref="FirstRunService"/> refuses it again under its lock). The start-up log says where to
    /// go while the first run is pending.
    /// </summary>
    public static IApplicationBuilder UseFirstRun(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() => _ = TellWhereToStartAsync(app));
        return app.Use(async (context, next) =>
        {
            var setup = context.Request.Path.Equals(FirstRun.Path, StringComparison.OrdinalIgnoreCase);
            var read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            if (!setup && !(read && IsPage(context)))
            {
                await next(context);
                return;
            }

            bool pending;
            try
            {
                pending = await context.RequestServices.GetRequiredService<FirstRun>().IsPendingAsync(context.RequestAborted);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                // The database is down: the page shows its own friendly error; /setup cannot work now either.
                await next(context);
                return;
            }

            if (setup && !pending)
            {
                if (read)
                {
                    context.Response.Redirect("/account/login");
                    return;
                }

                // No form, no page, no trace: a plain 404 (the not-found page would re-run this POST).
                if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
                {
                    pages.Enabled = false;
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (setup && pending)
            {
                // The form needs a setup code: print one if none is waiting.
                context.RequestServices.GetRequiredService<FirstRun>().EnsureSetupCode($"{context.Request.Scheme}://{context.Request.Host}");
            }

            if (!setup && pending)
            {
                context.Response.Redirect(FirstRun.Path);
                return;
            }

            await next(context);
        });
    }

    /// <summary>A page of the router (not the error and not-found pages, which must show while the first run is pending too).</summary>
    private static bool IsPage(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is { } component
        && component.Type != typeof(Components.Pages.Error)
        && component.Type != typeof(Components.Pages.NotFound);

    private static async Task TellWhereToStartAsync(WebApplication app)
    {
        try
        {
            var firstRun = app.Services.GetRequiredService<FirstRun>();
            if (await firstRun.IsPendingAsync(app.Lifetime.ApplicationStopping))
            {
                // No account exists yet: only who can read this log can create the owner's account.
                firstRun.EnsureSetupCode(app.Urls.FirstOrDefault() ?? string.Empty);
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or OperationCanceledException or TimeoutException)
        {
            app.Logger.LogWarning("Could not tell whether an account exists yet: {Message}", e.Message);
        }
    }
}
