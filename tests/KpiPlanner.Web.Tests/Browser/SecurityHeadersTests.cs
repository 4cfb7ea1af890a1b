using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>
/// Issue 13, "Hardening": every page answers with a Content-Security-Policy, <c>nosniff</c>, a referrer policy and no
/// <c>Server</c> header — and the app runs under that policy in Chromium: no page of the navigation (the dashboard's
/// Plotly charts included) reports a single CSP violation.
/// </summary>
public sealed class SecurityHeadersTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly string[] Pages = ["/", "/dashboard", "/goals", "/plans", "/pay", "/scales", "/schemes", "/organisation", "/users", "/api-keys", "/scalar/v1"];

    [Fact]
    public async Task Every_page_of_the_navigation_runs_under_the_content_security_policy_without_a_violation()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(OwnerEmail);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{page.Url}: {message.Text}");
            }
        };
        await page.AddInitScriptAsync(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");

        foreach (var path in Pages)
        {
            var response = await page.GotoAsync(path);
            Assert.NotNull(response);
            var headers = await response.AllHeadersAsync();
            Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'self'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Equal("nosniff", headers["x-content-type-options"]);
            Assert.Equal("strict-origin-when-cross-origin", headers["referrer-policy"]);
            Assert.False(headers.ContainsKey("server"), $"{path} sends a Server header");
            if (path != "/scalar/v1")
            {
                Assert.Matches(new Regex("script-src 'self' 'nonce-[^']+'"), headers["content-security-policy"]);
                await WaitUntilInteractiveAsync(page);
            }

            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            if (path == "/dashboard")
            {
                // The funnel is drawn by Plotly in the browser: it must be there, under the policy.
                await page.GetByRole(AriaRole.Tab, new() { Name = "Воронка" }).ClickAsync();
                await Expect(page.Locator(".js-plotly-plot").First).ToBeVisibleAsync();
            }

            if (path == "/scalar/v1")
            {
                await ScreenshotAsync(page, "api-reference-under-csp");
                await Expect(page.GetByText("KpiPlanner.Web").First).ToBeVisibleAsync(); // Scalar drew the document
            }

            violations.AddRange((await page.EvaluateAsync<string[]>("window.__csp")).Select(v => $"{path}: {v}"));
        }

        Assert.Empty(violations);
    }

    [Fact]
    public async Task The_login_page_and_a_file_download_carry_the_headers_too()
    {
        var page = await NewPageAsync();
        var login = await page.GotoAsync("/account/login");
        var headers = await login!.AllHeadersAsync();
        Assert.Contains("form-action 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.False(headers.ContainsKey("server"));

        var css = await page.APIRequest.GetAsync("/app.css");
        Assert.Equal("nosniff", css.Headers["x-content-type-options"]);
    }
}
