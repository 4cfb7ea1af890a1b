using System.Globalization;
using System.Numerics;
using System.Text;
using KpiPlanner.Domain.Kpis;
using KpiPlanner.Domain.Scales;
using KpiPlanner.Domain.Validation;
using Microsoft.Extensions.Localization;

namespace KpiPlanner.Web.Localization;

/// <summary>
/// Turns a <see cref="DomainError"/> (or warning) into a message in the current UI language, for the API's problem
/// details and for Blazor pages alike. The resource key is the error's code (<c>scheme.weights_sum</c>); the value is a
/// template with the same named placeholders as <see cref="DomainErrors.EnglishTemplates"/> (<c>{sum}</c>), filled with
/// <see cref="DomainError.Args"/> formatted in the current culture (decimals without trailing zeros: <c>99,99</c> in
/// Russian, <c>99.99</c> in English; enums such as the measurement in words). A code without a text falls back to the
/// error's own English <see cref="DomainError.Message"/>.
/// </summary>
public sealed class DomainErrorText
{
    /// <summary>Decimals: group separators, no trailing zeros, every significant digit (28 is decimal's maximum scale).</summary>
    private const string DecimalFormat = "#,##0.############################";

    private readonly IStringLocalizer<DomainErrorsResource> localizer;

    /// <summary>Creates the translator over the Russian/English resources.</summary>
    public DomainErrorText(IStringLocalizer<DomainErrorsResource> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        this.localizer = localizer;
    }

    /// <summary>
    /// The registered instance, or one built from <c>IStringLocalizer&lt;DomainErrorsResource&gt;</c> (available wherever
    /// <c>AddLocalization</c> is registered), e.g. <c>DomainErrorText.For(httpContext.RequestServices)</c>.
    /// </summary>
    public static DomainErrorText For(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService<DomainErrorText>()
            ?? new DomainErrorText(services.GetRequiredService<IStringLocalizer<DomainErrorsResource>>());
    }

    /// <summary>The error's message in the current UI culture, its numbers in the current culture.</summary>
    public string Message(DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Message(error.Code, error.Args, error.Message);
    }

    /// <summary>
    /// The text for <paramref name="code"/> with <paramref name="args"/> filled in; <paramref name="fallback"/> (or the
    /// domain's English template) when the resources have no text for the code.
    /// </summary>
    public string Message(string code, IReadOnlyDictionary<string, object>? args = null, string? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        var text = localizer[code];
        if (text.ResourceNotFound)
        {
            if (fallback is not null)
            {
                return fallback;
            }

            return DomainErrors.EnglishTemplates.TryGetValue(code, out var english) ? Fill(english, args) : code;
        }

        return Fill(text.Value, args);
    }

    /// <summary>The same as <see cref="Message(DomainError)"/>: the error's text in the current language.</summary>
    public string Text(DomainError error) => Message(error);

    /// <summary>A plain text of the same resources (e.g. <c>request.invalid</c>), or <paramref name="fallback"/>.</summary>
    public string Resource(string key, string fallback)
    {
        var text = localizer[key];
        return text.ResourceNotFound ? fallback : text.Value;
    }

    /// <summary>
    /// Messages grouped by field path, in the order met — the <c>errors</c> of a validation problem
    /// (<c>{ "kpis[0].weight": ["…"] }</c>); a whole-object error has the path <c>""</c>.
    /// </summary>
    public Dictionary<string, string[]> ByPath(IEnumerable<DomainError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var grouped = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            if (!grouped.TryGetValue(error.Path, out var messages))
            {
                grouped[error.Path] = messages = [];
            }

            var message = Message(error);
            if (!messages.Contains(message))
            {
                messages.Add(message);
            }
        }

        return grouped.ToDictionary(g => g.Key, g => g.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// One argument as people read it in <paramref name="culture"/>: decimals without trailing zeros and with group
    /// separators (<c>9 999 999 999 999 999,99</c>), integers with group separators, enums in words.
    /// </summary>
    public string FormatValue(object? value, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return value switch
        {
            null => string.Empty,
            decimal d => d.ToString(DecimalFormat, culture),
            int or long or short or byte or uint or ulong or BigInteger => ((IFormattable)value).ToString("N0", culture),
            Measurement or ScaleKind or Direction => EnumText((Enum)value),
            IFormattable f => f.ToString(null, culture),
            _ => value.ToString() ?? string.Empty,
        };
    }

    private string EnumText(Enum value)
    {
        var key = value.GetType().Name + "." + value.ToString();
        var text = localizer[key];
        return text.ResourceNotFound ? value.ToString() : text.Value;
    }

    private string Fill(string template, IReadOnlyDictionary<string, object>? args)
    {
        if (args is null || args.Count == 0 || !template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        var culture = CultureInfo.CurrentCulture;
        var message = new StringBuilder(template);
        foreach (var (name, value) in args)
        {
            // A text someone sent (a name, a direction, a value) is quoted up to Quoted.MaxLength characters.
            message.Replace("{" + name + "}", value is string text ? Quoted.Shorten(text) : FormatValue(value, culture));
        }

        return message.ToString();
    }
}
