using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Web.Components;
using KpiPlanner.Web.Features.Account;
using KpiPlanner.Web.Features.Dashboard;
using KpiPlanner.Web.Features.Documents;
using KpiPlanner.Web.Features.Home;
using KpiPlanner.Web.Features.Facts;
using KpiPlanner.Web.Features.PayReview;
using KpiPlanner.Web.Features.Goals;
using KpiPlanner.Web.Features.Organisation;
using KpiPlanner.Web.Features.Pay;
using KpiPlanner.Web.Features.Plans;
using KpiPlanner.Web.Features.Scales;
using KpiPlanner.Web.Features.Schemes;
using KpiPlanner.Web.Features.Users;
using KpiPlanner.Web.Hosting;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture).CreateLogger();
DatabaseStartup? database = null;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Services.AddSerilog((services, logger) => logger
        .ReadFrom.Configuration(builder.Configuration)
        .ReadFrom.Services(services)
        .Enrich.FromLogContext()
        .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture),
        preserveStaticLogger: true); // this host's own logger for every category, not the static one (another host's, in tests)

    builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
    builder.Services.AddKpiSecurityHeaders();
    RateLimits.AddKpiRateLimits(builder.Services, builder.Configuration);
    ReverseProxy.AddKpiReverseProxy(builder.Services, builder.Configuration); // forwarded headers: only from configured proxies

    // Serve MudBlazor's and our own static files when run from the build output in any environment (no-op when published).
    builder.WebHost.UseStaticWebAssets();
    builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
        o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
    var portNote = WebAddress.ChooseDefault(builder);
    database = DatabaseStartup.Resolve(builder.Configuration);
    builder.Services.AddSingleton(database);

    // Persistence, identity, keys.
    builder.Services.AddKpiPersistence(database.ConnectionString);
    builder.Services.AddScoped<DemoData>();
    builder.Services.AddScoped<KpiPlanner.Infrastructure.Payroll.PayrollService>();
    builder.Services.AddIdentityApiEndpoints<AppUser>(o =>
        {
            o.User.RequireUniqueEmail = true;
            o.Password.RequiredLength = 8;
            o.Lockout.MaxFailedAccessAttempts = 5;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            o.Lockout.AllowedForNewUsers = true;
        })
        .AddRoles<IdentityRole>()
        .AddEntityFrameworkStores<KpiDbContext>()
        .AddSignInManager<KpiSignInManager>() // a disabled or departed account does not sign in
        .AddErrorDescriber<LocalizedIdentityErrorDescriber>();
    builder.Services.AddAccountSignIn();
    builder.Services.AddFirstRun(); // no account yet: every page leads to /setup
    builder.Services.ConfigureApplicationCookie(o =>
    {
        o.LoginPath = "/account/login";
        o.AccessDeniedPath = "/account/access-denied";
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        o.SlidingExpiration = true;
        o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
    });
    // Bearer tokens for API clients that send them, the cookie for the browser (whose challenge is a redirect to the
    // login page). Identity's own composite scheme would answer every challenge with a bare 401.
    builder.Services.AddAuthentication(o =>
        {
            o.DefaultScheme = SmartScheme;
            o.DefaultChallengeScheme = SmartScheme;
            o.DefaultAuthenticateScheme = SmartScheme;
        })
        .AddPolicyScheme(SmartScheme, null, o => o.ForwardDefaultSelector = context =>
            ApiKeys.SecretOf(context.Request.Headers.Authorization.ToString()) is not null && IsApi(context.Request.Path)
                ? ApiKeys.Scheme // a machine's API key (decision 016): on the API only
                : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
        .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeys.Scheme, null);
    var authorization = builder.Services.AddAuthorizationBuilder()
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    foreach (var duty in Enum.GetValues<Duty>())
    {
        // A person by their roles; an API key by its scope's duties (decision 016), never by a role.
        authorization.AddPolicy(duty.ToString(), p => p.RequireAssertion(c =>
            Duties.RolesFor(duty).Any(c.User.IsInRole) || c.User.HasClaim(ApiKeys.DutyClaimType, duty.ToString())));
    }
    builder.Services.AddCascadingAuthenticationState();
    builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAccessStateProvider>();
    builder.Services.AddDataProtection().SetApplicationName("KpiPlanner").PersistKeysToDbContext<KpiDbContext>();
    builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    builder.Services.AddProblemDetails();
    builder.Services.AddExceptionHandler<FailureHandler>(); // API failures as problem details; a database outage as 503
    // Money and percents are decimals: say so in the document instead of the default "double".
    builder.Services.AddOpenApi(o => o.AddSchemaTransformer((schema, context, _) =>
    {
        if (context.JsonTypeInfo.Type == typeof(decimal) || context.JsonTypeInfo.Type == typeof(decimal?))
        {
            schema.Format = "decimal";
        }

        return Task.CompletedTask;
    }).AddDocumentTransformer((document, _, _) =>
    {
        // One bearer header for both: a person's access token (POST /api/auth/login) or a machine's API key (kpk_…, decision 016).
        document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
        {
            Type = Microsoft.OpenApi.SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Authorization: Bearer <accessToken> of POST /api/auth/login, or an API key kpk_… created by the owner on the API keys page (decision 016).",
        };
        document.Security = [new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
        return Task.CompletedTask;
    }));

    // UI.
    builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
    builder.Services.Configure<Microsoft.AspNetCore.Builder.RequestLocalizationOptions>(AppCultures.Configure);
    builder.Services.AddRazorComponents().AddInteractiveServerComponents();
    builder.Services.AddKpiMudServices();
    builder.Services.AddScoped<CurrentUser>();
    builder.Services.AddScoped<HomeService>();
    builder.Services.AddScoped<UsersService>();
    builder.Services.AddScoped<KpiPlanner.Web.Features.ApiKeys.ApiKeysService>();
    builder.Services.AddScoped<DomainErrorText>();
    builder.Services.AddScoped<ScalesService>();
    builder.Services.AddScoped<SchemesService>();
    builder.Services.AddScoped<PlansService>();
    builder.Services.AddScoped<GoalsService>();
    builder.Services.AddScoped<KpiPlanner.Web.Features.Goals.TimeSplitService>();
    builder.Services.AddScoped<OrganisationService>();
    builder.Services.AddScoped<OrganisationImportService>();
    builder.Services.AddSingleton<KpiPlanner.Domain.Goals.IFormulaParser, KpiPlanner.Infrastructure.Formulas.FormulaParser>();
    builder.Services.AddScoped<FactsImportService>();
    builder.Services.AddScoped<KpiPlanner.Web.Features.PayReview.PayReviewService>();
    builder.Services.AddScoped<KpiPlanner.Web.Features.PayReview.PayRunReader>();
    builder.Services.AddScoped<KpiPlanner.Web.Features.PayReview.PayChangesReader>();
    builder.Services.AddScoped<KpiPlanner.Web.Features.Audit.AuditReader>();
    builder.Services.AddScoped<KpiPlanner.Web.Features.Organisation.OrganisationReader>();
    builder.Services.AddScoped<KpiPlanner.Web.Features.PayReview.CalendarService>();
    builder.Services.AddScoped<SchemeDocumentService>();
    builder.Services.AddScoped<KpiPlanner.Web.Features.Dashboard.DashboardService>();
    builder.Services.AddSingleton(TimeProvider.System);

    var app = builder.Build();
    if (database.Embedded is { } embedded)
    {
        app.Lifetime.ApplicationStopped.Register(embedded.Stop);
        app.Logger.LogInformation("Embedded PostgreSQL on 127.0.0.1:{Port}, data in {Folder}", embedded.Port, embedded.RootDirectory);
    }

    await database.PrepareAsync(app.Services, app.Lifetime.ApplicationStopping);

    ReverseProxy.UseKpiForwardedHeaders(app); // first: everything below sees the client's address and scheme
    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
    }

    ReverseProxy.UseKpiHttpsRedirection(app); // only when served over TLS

    app.UseSecurityHeaders();
    app.UseSerilogRequestLogging(o => o.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
    app.UseClientAborts(); // a client that left mid-request: 499 and a Debug line, not an error with a stack trace
    app.UseWhen(
        context => !IsApi(context.Request.Path),
        page => page.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
    // Routing's own refusals of a body it cannot take (415) or a method an endpoint does not have (405) come without a
    // body: on the API they get problem details in the request's language like every other refusal.
    app.UseWhen(context => IsApi(context.Request.Path), api => api.UseStatusCodePages(KpiPlanner.Web.Hosting.ApiStatusProblems.WriteAsync));
    app.UseRequestLocalization();
    app.UseFirstRun();
    app.UseAuthentication();
    app.UseRateLimiter(); // after authentication: API calls are counted per person
    app.UseCrossSiteRequestGuard(); // an API write riding on the cookie comes from this site's pages
    app.UseCurrentAccess();
    app.UseAuthorization();
    app.UseAntiforgery();

    app.MapStaticAssets().AllowAnonymous().WithMetadata(NoCallerNeeded.Instance);
    app.MapKpiHealth();
    app.MapCultureSwitch();
    app.MapAccountEndpoints();
    app.MapPayEndpoints();
    app.MapFactsEndpoints();
    app.MapPayrollEndpoints();
    app.MapPeriodEndpoints();
    app.MapOrganisationReadEndpoints();
    app.MapOrganisationWriteEndpoints();
    app.MapSchemeDocumentEndpoints();
    app.MapOrganisationEndpoints();
    app.MapDashboardEndpoints();
    KpiPlanner.Web.Features.Audit.AuditEndpoints.MapAuditEndpoints(app);
    KpiPlanner.Web.Features.PayReview.PayChangesEndpoints.MapPayChangesEndpoints(app);
    KpiPlanner.Web.Features.Scales.ScalesEndpoints.MapScalesEndpoints(app);
    KpiPlanner.Web.Features.Schemes.SchemesEndpoints.MapSchemesEndpoints(app);
    app.MapOpenApi();
    app.MapApiReference();
    // The security headers' policy carries frame-ancestors; Blazor's own second header is not needed.
    app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

    if (portNote is not null)
    {
        app.Logger.LogWarning("{Note}", portNote);
    }

    app.Lifetime.ApplicationStarted.Register(() =>
    {
        foreach (var address in app.Urls)
        {
            Console.WriteLine($"KpiPlanner is running at {address}  (stop with Ctrl+C)");
        }
    });
    await app.RunAsync();
    return 0;
}
catch (EmbeddedDatabaseException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
catch (DemoDataRefusedException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync($"The web address is already in use ({e.Message}): stop the other program or start with --urls http://localhost:PORT.");
    database?.Embedded?.Stop();
    return 1;
}
catch (Exception e) when (e is not HostAbortedException)
{
    Log.Fatal(e, "KpiPlanner failed to start");
    database?.Embedded?.Stop();
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int apiStatus)
{
    if (IsApi(context.Request.Path))
    {
        context.Response.StatusCode = apiStatus;
    }
    else
    {
        context.Response.Redirect(context.RedirectUri);
    }

    return Task.CompletedTask;
}

// API clients get status codes and problem details, never a login page.
static bool IsApi(PathString path) =>
    path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
    || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program
{
    private const string SmartScheme = "BearerOrCookie";
}
