using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KpiPlanner.Web.Security;

/// <summary>
/// An open tab's sign-in is checked again every 30 seconds (<c>KpiPlanner:Security:RevalidationSeconds</c>): once the account's security stamp or roles
/// differ from the ones the circuit started with (roles changed, password reset, signed out elsewhere, account
/// removed or disabled, its employee gone since yesterday), the circuit becomes anonymous and the page sends the person to the sign-in page. Services do not wait
/// for this: they read the caller from the database on every call (<see cref="CurrentUser"/>).
/// </summary>
public sealed class RevalidatingAccessStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity,
    IConfiguration configuration)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval { get; } =
        TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("KpiPlanner:Security:RevalidationSeconds", 30), 1, 600));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await AccessScopes.LoadAsync(db, authenticationState.User, identity.Value.ClaimsIdentity.SecurityStampClaimType,
            AccessScopes.Today(scope.ServiceProvider), cancellationToken);
        return current is not null && current.Roles.SequenceEqual(Roles.All.Where(authenticationState.User.IsInRole));
    }
}
