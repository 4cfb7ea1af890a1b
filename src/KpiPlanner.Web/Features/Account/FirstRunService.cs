using FluentValidation;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Infrastructure;
using KpiPlanner.Infrastructure.Identity;
using KpiPlanner.Infrastructure.Postgres;
using KpiPlanner.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Account;

/// <summary>What the owner types on the first-run page.</summary>
public sealed class SetupInput
{
    /// <summary>The one-time setup code from the server's log (<see cref="Account.SetupCode"/>).</summary>
    public string SetupCode { get; set; } = string.Empty;

    /// <summary>The company: the root of the organisation tree (asked only while the organisation is empty).</summary>
    public string Company { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string ConfirmPassword { get; set; } = string.Empty;
}

/// <summary>The first-run form's rules, said next to each field in the person's language; the password rules are Identity's.</summary>
public sealed class SetupInputValidator : AbstractValidator<SetupInput>
{
    public const int CompanyMaxLength = 200; // departments.name

    public SetupInputValidator(IStringLocalizer<SharedResource> l, bool askCompany)
    {
        ArgumentNullException.ThrowIfNull(l);
        if (askCompany)
        {
            RuleFor(x => x.Company)
                .Cascade(CascadeMode.Stop)
                .Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(l["Setup.CompanyRequired"].Value)
                .Must(c => (c ?? string.Empty).Trim().Length <= CompanyMaxLength).WithMessage(l["Setup.CompanyTooLong", CompanyMaxLength].Value);
        }

        RuleFor(x => x.Email)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(l["Users.Validation.EmailRequired"].Value)
            .EmailAddress().WithMessage(l["Users.Validation.EmailInvalid"].Value)
            .MaximumLength(256).WithMessage(l["Users.Validation.EmailTooLong"].Value);
        RuleFor(x => x.Password).SetValidator(new PasswordRules(l));
        RuleFor(x => x.ConfirmPassword)
            .Equal(x => x.Password).WithMessage(l["Setup.PasswordsDiffer"].Value);
    }
}

/// <summary>The outcome of the first-run form: the new owner, or the errors by field, or "too late: an account exists".</summary>
public sealed record SetupResult(AppUser? Owner, IReadOnlyList<(string Field, string Message)> Errors, bool AlreadyDone)
{
    public bool Succeeded => Owner is not null;
}

/// <summary>
/// Creates the owner's account on the first run: the roles, the company (the root department, while the organisation
/// is empty) and one account with the Owner role and the password the owner typed. Only while no account exists, and
/// only with the one-time setup code printed to the server's log (<see cref="SetupCode"/>), and
/// race-safe: the check and the creation run in one transaction under a PostgreSQL advisory lock, so of two submits at
/// the same moment one creates the owner and the other finds an account and is refused. A refused submit writes nothing.
/// </summary>
public sealed class FirstRunService(IServiceScopeFactory scopes, FirstRun firstRun, IStringLocalizer<SharedResource> l, ILogger<FirstRunService> log)
{
    /// <summary>Whether the form asks for the company: only while the organisation has no department yet.</summary>
    public async Task<bool> AsksCompanyAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<KpiDbContext>>().CreateDbContextAsync(cancellationToken);
        return !await db.Departments.AnyAsync(cancellationToken);
    }

    public async Task<SetupResult> CreateOwnerAsync(SetupInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!await firstRun.IsPendingAsync(cancellationToken))
        {
            return new SetupResult(null, [], AlreadyDone: true);
        }

        var askCompany = await AsksCompanyAsync(cancellationToken);
        var invalid = await new SetupInputValidator(l, askCompany).ValidateAsync(input, cancellationToken);
        if (!invalid.IsValid)
        {
            // A nested rule's path ("Password.Password" of the shared password rules) belongs to its top field.
            return new SetupResult(null, [.. CodeError(input), .. invalid.Errors.Select(e => (e.PropertyName.Split('.')[0], e.ErrorMessage))], AlreadyDone: false);
        }

        // Only who can read the server's log may become the owner: without the right code nothing is written.
        if (CodeError(input) is { Count: > 0 } wrongCode)
        {
            log.LogWarning("First run: a form with a wrong setup code was refused.");
            return new SetupResult(null, wrongCode, AlreadyDone: false);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var db = scope.ServiceProvider.GetRequiredService<KpiDbContext>(); // the context Identity's stores save with
        var result = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // One first run at a time; the second waits here, then sees the first one's account and is refused.
            await db.Database.LockFirstRunAsync(cancellationToken);
            if (await db.Users.AnyAsync(cancellationToken))
            {
                return new SetupResult(null, [], AlreadyDone: true);
            }

            foreach (var role in Roles.All)
            {
                if (!await roles.RoleExistsAsync(role) && await roles.CreateAsync(new IdentityRole(role)) is { Succeeded: false } failed)
                {
                    return Refused(failed);
                }
            }

            if (!await db.Departments.AnyAsync(cancellationToken) && input.Company.Trim() is { Length: > 0 } company)
            {
                db.Departments.Add(new Department(company));
                await db.SaveChangesAsync(cancellationToken);
            }

            var email = input.Email.Trim();
            var owner = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(owner, input.Password);
            if (!created.Succeeded)
            {
                return Refused(created);
            }

            if (await users.AddToRoleAsync(owner, Roles.Owner) is { Succeeded: false } notOwner)
            {
                return Refused(notOwner);
            }

            await transaction.CommitAsync(cancellationToken);
            return new SetupResult(owner, [], AlreadyDone: false);
        });

        if (result.Succeeded)
        {
            firstRun.AccountCreated();
            log.LogWarning("First run: the owner's account {Email} was created.", result.Owner!.Email);
        }

        return result;
    }

    private List<(string Field, string Message)> CodeError(SetupInput input) =>
        string.IsNullOrWhiteSpace(input.SetupCode) ? [(nameof(SetupInput.SetupCode), l["Setup.CodeRequired"].Value)]
        : firstRun.Code.Matches(input.SetupCode) ? []
        : [(nameof(SetupInput.SetupCode), l["Setup.CodeWrong"].Value)];

    /// <summary>Identity's refusal (its password rules, an e-mail it does not take) at the field it is about.</summary>
    private static SetupResult Refused(IdentityResult result) =>
        new(null, result.Errors.Select(e => (
            e.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(SetupInput.Password)
            : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? nameof(SetupInput.Email)
            : string.Empty,
            e.Description)).ToList(), AlreadyDone: false);
}
