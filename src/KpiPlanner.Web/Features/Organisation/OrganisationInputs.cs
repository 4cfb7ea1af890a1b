using FluentValidation;
using KpiPlanner.Domain.Organisation;
using KpiPlanner.Web.Localization;
using KpiPlanner.Web.Validation;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Features.Organisation;

/// <summary>A department's name and, when adding or moving, the department it goes under.</summary>
public sealed class DepartmentInput
{
    public string Name { get; set; } = string.Empty;

    public int? ParentId { get; set; }
}

public sealed class DepartmentInputValidator : FormValidator<DepartmentInput>
{
    public DepartmentInputValidator(IStringLocalizer<OrganisationResource> l, bool needsParent)
    {
        RuleFor(x => x.Name)
            .NotEmpty().WithMessage(l["Validation.DepartmentNameRequired"])
            .MaximumLength(OrganisationLimits.DepartmentName).WithMessage(l["Validation.DepartmentNameTooLong", OrganisationLimits.DepartmentName]);
        if (needsParent)
        {
            RuleFor(x => x.ParentId).NotNull().WithMessage(l["Validation.ParentRequired"]);
        }
    }
}

public sealed class PositionInput
{
    public string Name { get; set; } = string.Empty;
}

public sealed class PositionInputValidator : FormValidator<PositionInput>
{
    public PositionInputValidator(IStringLocalizer<OrganisationResource> l) =>
        RuleFor(x => x.Name)
            .NotEmpty().WithMessage(l["Validation.PositionNameRequired"])
            .MaximumLength(OrganisationLimits.PositionName).WithMessage(l["Validation.PositionNameTooLong", OrganisationLimits.PositionName]);
}

/// <summary>What HR types to hire a person or correct their card. Dates are <see cref="DateTime"/> for MudDatePicker.</summary>
public sealed class EmployeeInput
{
    public string PersonnelNumber { get; set; } = string.Empty;

    public string LastName { get; set; } = string.Empty;

    public string FirstName { get; set; } = string.Empty;

    public string? MiddleName { get; set; }

    public string? Email { get; set; }

    public int? DepartmentId { get; set; }

    public int? PositionId { get; set; }

    public DateTime? HireDate { get; set; }

    public DateTime? LeaveDate { get; set; }

    /// <summary>The card's row version as it was read (0 for a new employee): saving over a newer one is a conflict.</summary>
    public uint Version { get; set; }
}

public sealed class EmployeeInputValidator : FormValidator<EmployeeInput>
{
    public EmployeeInputValidator(IStringLocalizer<OrganisationResource> l)
    {
        RuleFor(x => x.PersonnelNumber)
            .NotEmpty().WithMessage(l["Validation.PersonnelNumberRequired"])
            .MaximumLength(OrganisationLimits.PersonnelNumber).WithMessage(l["Validation.PersonnelNumberTooLong", OrganisationLimits.PersonnelNumber]);
        RuleFor(x => x.LastName)
            .NotEmpty().WithMessage(l["Validation.LastNameRequired"])
            .MaximumLength(OrganisationLimits.PersonName).WithMessage(l["Validation.LastNameTooLong", OrganisationLimits.PersonName]);
        RuleFor(x => x.FirstName)
            .NotEmpty().WithMessage(l["Validation.FirstNameRequired"])
            .MaximumLength(OrganisationLimits.PersonName).WithMessage(l["Validation.FirstNameTooLong", OrganisationLimits.PersonName]);
        RuleFor(x => x.MiddleName)
            .MaximumLength(OrganisationLimits.PersonName).WithMessage(l["Validation.MiddleNameTooLong", OrganisationLimits.PersonName]);
        RuleFor(x => x.Email)
            .EmailAddress().WithMessage(l["Validation.EmailInvalid"])
            .MaximumLength(OrganisationLimits.Email).WithMessage(l["Validation.EmailTooLong", OrganisationLimits.Email])
            .When(x => !string.IsNullOrWhiteSpace(x.Email));
        RuleFor(x => x.DepartmentId).NotNull().WithMessage(l["Validation.DepartmentRequired"]);
        RuleFor(x => x.PositionId).NotNull().WithMessage(l["Validation.PositionRequired"]);
        RuleFor(x => x.HireDate).NotNull().WithMessage(l["Validation.HireDateRequired"]);
        RuleFor(x => x.LeaveDate)
            .Must((x, leave) => leave is null || x.HireDate is null || leave.Value.Date >= x.HireDate.Value.Date)
            .WithMessage(x => l["Validation.LeaveBeforeHire", Formats.Date(DateOnly.FromDateTime(x.HireDate!.Value))]);
    }
}
