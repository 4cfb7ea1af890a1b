using MudBlazor;

namespace KpiPlanner.Web.Components.Layout;

/// <summary>The app's look. System fonts only: users behind firewalls get no web fonts.</summary>
public static class KpiTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1F4E79",
            Secondary = "#B5652A",
            Tertiary = "#2E7D5B",
            AppbarBackground = "#1F4E79",
            Background = "#F5F6F8",
            DrawerBackground = "#FFFFFF",
            Success = "#2E7D32",
            Warning = "#ED8C00",
            Error = "#C62828",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Segoe UI", "Roboto", "Noto Sans", "Liberation Sans", "DejaVu Sans", "Arial", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "250px" },
    };
}
