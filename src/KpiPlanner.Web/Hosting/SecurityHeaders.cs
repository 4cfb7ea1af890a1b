namespace KpiPlanner.Web.Hosting;

/// <summary>
/// The response headers every answer carries (issue 13, "Hardening"): a Content-Security-Policy that Blazor Server,
/// MudBlazor and Plotly run under — scripts only from this site (the one inline script, the import map, carries the
/// request's nonce), styles from this site and inline (MudBlazor sets style attributes), no plug-ins, no framing by
/// other sites, forms only to this site —, <c>nosniff</c>, a referrer policy, a permissions policy, HSTS over HTTPS,
/// and no <c>Server</c> header. The API reference page (Scalar) runs inline scripts of its own and gets a wider
/// script policy; everything else about it is the same.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy of the API reference page.</summary>
    public const string ApiReferencePolicy = "api-reference";

    public static IServiceCollection AddKpiSecurityHeaders(this IServiceCollection services)
    {
        services.AddSecurityHeaderPolicies()
            .SetDefaultPolicy(policy => Common(policy, apiReference: false))
            .AddPolicy(ApiReferencePolicy, policy => Common(policy, apiReference: true));
        return services;
    }

    private static void Common(HeaderPolicyCollection policy, bool apiReference)
    {
        policy.AddContentTypeOptionsNoSniff()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddFrameOptionsSameOrigin()
            .AddCrossOriginOpenerPolicy(x => x.SameOrigin())
            .AddStrictTransportSecurityMaxAge(maxAgeInSeconds: 60 * 60 * 24 * 365) // sent over HTTPS only
            .AddPermissionsPolicy(p =>
            {
                p.AddCamera().None();
                p.AddMicrophone().None();
                p.AddGeolocation().None();
                p.AddPayment().None();
                p.AddUsb().None();
            })
            .RemoveServerHeader()
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                var scripts = csp.AddScriptSrc().Self();
                if (apiReference)
                {
                    scripts.UnsafeInline().UnsafeEval(); // Scalar compiles code at run time
                }
                else
                {
                    scripts.WithNonce();
                }

                csp.AddStyleSrc().Self().UnsafeInline();
                csp.AddImgSrc().Self().Data().Blob();
                csp.AddFontSrc().Self().Data();
                csp.AddConnectSrc().Self(); // the Blazor circuit's WebSocket is this site's
                csp.AddWorkerSrc().Self().Blob();
                csp.AddObjectSrc().None();
                csp.AddBaseUri().Self();
                csp.AddFormAction().Self();
                csp.AddFrameAncestors().Self();
            });
    }
}
