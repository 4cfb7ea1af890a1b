using System.Globalization;
using Scalar.AspNetCore;

namespace KpiPlanner.Web.Hosting;

/// <summary>
/// The browsable API reference at <c>/scalar/v1</c> (Scalar, its script served by the app itself): no web fonts (it works
/// offline and behind firewalls), the page in the user's language as far as the document goes (<c>lang</c> on the root
/// element, which Scalar's own HTML lacks), and the HTTP-method labels in colours that read at WCAG AA contrast
/// (Scalar's green "post" is 3.6 : 1 on its grey).
/// </summary>
public static class ApiReference
{
    /// <summary>Scalar's light-mode method colours, darkened to at least 4.5 : 1 on its white and grey backgrounds.</summary>
    private const string ContrastCss =
        ".light-mode { --scalar-color-green: #007a4d; --scalar-color-blue: #0b5cad; --scalar-color-orange: #a34f00; "
        + "--scalar-color-yellow: #7a5c00; --scalar-color-red: #c0262d; --scalar-color-purple: #6b3fb3; }";

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapScalarApiReference((options, _) =>
        {
            // Scalar's options are read per request (an options snapshot), so the language is the request's own.
            var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "ru";
            options.WithTitle("KpiPlanner API").DisableDefaultFonts().WithCustomCss(ContrastCss);
            options.HeadContent = $"<script>document.documentElement.lang = '{language}';</script>";
        }).WithSecurityHeadersPolicy(SecurityHeaders.ApiReferencePolicy);
}
