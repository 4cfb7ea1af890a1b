using KpiPlanner.Domain.Goals;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Schemes;
using KpiPlanner.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KpiPlanner.Infrastructure;

/// <summary>
/// The one database of an installation (one company): organisation, identity and the Data Protection key ring
/// (so two instances of the app share logins). Blazor pages use one context per operation via the factory.
/// </summary>
public sealed class KpiDbContext(DbContextOptions<KpiDbContext> options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Department> Departments => Set<Department>();

    public DbSet<Position> Positions => Set<Position>();

    public DbSet<Employee> Employees => Set<Employee>();

    public DbSet<ScaleTemplate> Scales => Set<ScaleTemplate>();

    public DbSet<SchemeVersion> SchemeVersions => Set<SchemeVersion>();

    public DbSet<Goal> Goals => Set<Goal>();

    /// <summary>The employees goal nodes are linked to (kept by a trigger from <see cref="Goal.Versions"/>; read-only).</summary>
    public DbSet<GoalEmployeeLink> GoalEmployeeLinks => Set<GoalEmployeeLink>();

    public DbSet<Period> Periods => Set<Period>();

    public DbSet<MonthlyKpiValue> MonthlyKpiValues => Set<MonthlyKpiValue>();

    public DbSet<KpiPlanner.Domain.Payroll.PayLine> PayLines => Set<KpiPlanner.Domain.Payroll.PayLine>();

    public DbSet<KpiPlanner.Domain.Payroll.PayAdjustment> PayAdjustments => Set<KpiPlanner.Domain.Payroll.PayAdjustment>();

    public DbSet<KpiPlanner.Domain.Payroll.PayBonus> PayBonuses => Set<KpiPlanner.Domain.Payroll.PayBonus>();

    public DbSet<KpiPlanner.Domain.Audit.AuditEntry> AuditLog => Set<KpiPlanner.Domain.Audit.AuditEntry>();

    /// <summary>HR's changes to the production calendar, over the official one (<see cref="KpiPlanner.Domain.Payroll.RussianProductionCalendar"/>).</summary>
    public DbSet<KpiPlanner.Domain.Payroll.CalendarException> CalendarDays => Set<KpiPlanner.Domain.Payroll.CalendarException>();

    /// <summary>Refresh tokens issued to API clients: each is good once (<see cref="RefreshSession"/>).</summary>
    public DbSet<RefreshSession> RefreshSessions => Set<RefreshSession>();

    /// <summary>Keys machines call the API with (<see cref="ApiKey"/>, decision 016): only their hashes are stored.</summary>
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    /// <summary>Failed sign-ins per e-mail and address and per e-mail, shared by every instance (decision 021; <see cref="SignInCounters"/>).</summary>
    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();

    /// <summary>Addresses an e-mail signed in from, spared its ceiling (<see cref="SignInCounters"/>).</summary>
    public DbSet<SignInKnownAddress> SignInKnownAddresses => Set<SignInKnownAddress>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KpiDbContext).Assembly);
    }
}
