using System.Net;
using System.Text.RegularExpressions;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// The login page driven over plain HTTP, as a browser without script posts it (the page is static server rendering):
/// read the form's antiforgery token, post the form, read the message it shows.
/// </summary>
internal static partial class LoginPageForm
{
    /// <summary>Posts the sign-in form; the client keeps the cookies (antiforgery, then the sign-in cookie).</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string email, string password)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync("/account/login", form);
    }

    /// <summary>The antiforgery token of the login page's form, for whoever the client is signed in as.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/account/login");
        var match = TokenInput().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[match.Groups[1].Success ? 1 : 2].Value) : throw new InvalidOperationException("No antiforgery token on the login page.");
    }

    /// <summary>The error the page shows (null when none).</summary>
    public static async Task<string?> ErrorAsync(HttpResponseMessage response)
    {
        var match = ErrorDiv().Match(await response.Content.ReadAsStringAsync());
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : null;
    }

    [GeneratedRegex(""""name="__RequestVerificationToken"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="__RequestVerificationToken"""")]
    private static partial Regex TokenInput();

    [GeneratedRegex("""data-testid="login-error"[^>]*>([^<]*)<""")]
    private static partial Regex ErrorDiv();
}
