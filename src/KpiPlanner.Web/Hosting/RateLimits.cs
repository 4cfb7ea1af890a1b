using System.Threading.RateLimiting;
using KpiPlanner.Web.Localization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Hosting;

/// <summary>
/// How fast one caller may knock (issue 13, "Hardening"), with ASP.NET Core's own rate limiter: sign-in attempts
/// (the login page's form, <c>POST /api/auth/login</c> and <c>/refresh</c>, and the first run's form with its setup code) per network address, and API calls per
/// signed-in person (or per address before sign-in). Per account, Identity's lockout already stops guessing after five
/// wrong passwords, for unknown e-mails alike (<c>PasswordCheck</c>). The limits are read from
/// <c>KpiPlanner:RateLimits</c> at start; the partitions are keyed by the limit, so a changed limit (a test's) starts afresh.
/// </summary>
public sealed class RateLimits
{
    /// <summary>Sign-in attempts per minute from one network address.</summary>
    public int LoginPerMinute { get; set; } = 20;

    /// <summary>API calls per minute of one person (or one address before sign-in).</summary>
    public int ApiPerMinute { get; set; } = 600;

    /// <summary>
    /// The window the limits count in: a minute. A test that makes its permits' worth of calls on a slow machine widens
    /// it, so the window cannot roll over in the middle and let the next call through.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddKpiRateLimits(IServiceCollection services, IConfiguration configuration)
    {
        var limits = new RateLimits();
        configuration.GetSection("KpiPlanner:RateLimits").Bind(limits);
        services.AddSingleton(limits);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, limits));
            o.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimits limits)
    {
        var request = http.Request;
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "local";
        if (IsSignIn(request))
        {
            var permits = Math.Max(1, limits.LoginPerMinute);
            return RateLimitPartition.GetFixedWindowLimiter($"login|{address}|{permits}|{limits.Window.Ticks}", _ => PerWindow(permits, limits.Window));
        }

        if (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            var caller = http.User.Identity?.IsAuthenticated == true
                ? "user|" + (http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? http.User.Identity.Name)
                : "address|" + address;
            var permits = Math.Max(1, limits.ApiPerMinute);
            return RateLimitPartition.GetFixedWindowLimiter($"api|{caller}|{permits}|{limits.Window.Ticks}", _ => PerWindow(permits, limits.Window));
        }

        return RateLimitPartition.GetNoLimiter("none");
    }

    private static bool IsSignIn(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/api/auth/login", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/api/auth/refresh", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/setup", StringComparison.OrdinalIgnoreCase)); // the first run's setup code is guessed no faster

    private static FixedWindowRateLimiterOptions PerWindow(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window > TimeSpan.Zero ? window : TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };

    /// <summary>429 in the person's language, with when to try again: problem details on the API, a short page otherwise.</summary>
    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = IsSignIn(http.Request) ? l["RateLimit.SignIn", seconds].Value : l["RateLimit.Api", seconds].Value;
        if (http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await TypedResults.Problem(message, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(message, cancellationToken);
    }
}
