using FluentValidation;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Web.Validation;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Users;

/// <summary>What HR or the owner types to create or change an account.</summary>
public sealed class UserInput
{
    public string Email { get; set; } = string.Empty;

    /// <summary>The first password; only when creating.</summary>
    public string Password { get; set; } = string.Empty;

    public IReadOnlyCollection<string> Roles { get; set; } = [];

    public EmployeeOption? Employee { get; set; }
}

public sealed record EmployeeOption(int Id, string FullName, string PersonnelNumber)
{
    public override string ToString() => $"{FullName} ({PersonnelNumber})";
}

public sealed class UserInputValidator : FormValidator<UserInput>
{
    public UserInputValidator(IStringLocalizer<SharedResource> l, bool creating)
    {
        RuleFor(x => x.Email)
            .NotEmpty().WithMessage(l["Users.Validation.EmailRequired"])
            .EmailAddress().WithMessage(l["Users.Validation.EmailInvalid"])
            .MaximumLength(256).WithMessage(l["Users.Validation.EmailTooLong"]);
        if (creating)
        {
            RuleFor(x => x.Password).SetValidator(new PasswordRules(l));
        }

        RuleFor(x => x.Roles)
            .NotEmpty().WithMessage(l["Users.Validation.RoleRequired"]);
        RuleFor(x => x.Employee)
            .NotNull()
            .When(x => x.Roles.Contains(Domain.Organisation.Roles.Manager) || x.Roles.Contains(Domain.Organisation.Roles.Employee))
            .WithMessage(l["Users.Validation.EmployeeRequired"]);
    }
}

/// <summary>The password rules Identity enforces, said in advance and in the person's language.</summary>
public sealed class PasswordRules : AbstractValidator<string>
{
    public PasswordRules(IStringLocalizer<SharedResource> l)
    {
        RuleFor(p => p)
            .NotEmpty().WithMessage(l["Users.Validation.PasswordRequired"])
            .MinimumLength(8).WithMessage(l["Identity.PasswordTooShort", 8])
            .Matches("[0-9]").WithMessage(l["Identity.PasswordRequiresDigit"])
            .Matches("[a-z]").WithMessage(l["Identity.PasswordRequiresLower"])
            .Matches("[A-Z]").WithMessage(l["Identity.PasswordRequiresUpper"])
            .Matches("[^a-zA-Z0-9]").WithMessage(l["Identity.PasswordRequiresNonAlphanumeric"])
            .OverridePropertyName("Password");
    }
}

public sealed class PasswordInput
{
    public string Password { get; set; } = string.Empty;
}

public sealed class PasswordInputValidator : FormValidator<PasswordInput>
{
    public PasswordInputValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(x => x.Password).SetValidator(new PasswordRules(l));
}

/// <summary>The reason typed when disabling or enabling an account.</summary>
public sealed class AccountStateInput
{
    public string Reason { get; set; } = string.Empty;
}

/// <summary>The same rule the service applies (<see cref="UsersService.ReasonError"/>), said next to the field.</summary>
public sealed class AccountStateInputValidator : FormValidator<AccountStateInput>
{
    public AccountStateInputValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(x => x.Reason)
            .Must(r => UsersService.ReasonError(l, r) is null)
            .WithMessage(x => UsersService.ReasonError(l, x.Reason) ?? string.Empty);
}
