using FluentValidation;

namespace KpiPlanner.Web.Validation;

/// <summary>
/// A FluentValidation validator that a MudForm can call field by field (MudBlazor's documented pattern):
/// <c>&lt;MudForm Validation="@(validator.ValidateValue)"&gt;</c> with <c>For="@(() => model.Email)"</c> on each field.
/// Messages come from resources, so they are in the person's language.
/// </summary>
public abstract class FormValidator<T> : AbstractValidator<T>
{
    public Func<object, string, Task<IEnumerable<string>>> ValidateValue => async (model, propertyName) =>
    {
        var result = await ValidateAsync(ValidationContext<T>.CreateWithOptions((T)model, x => x.IncludeProperties(propertyName)));
        return result.IsValid ? [] : result.Errors.Select(e => e.ErrorMessage);
    };
}
