namespace KpiPlanner.Web.Features.Facts;

/// <summary>The facts API for CRMs and accounting systems, and the import template download.</summary>
internal static class FactsEndpoints
{
    public static IEndpointRouteBuilder MapFactsEndpoints(this IEndpointRouteBuilder app) => app;
}
