using MudBlazor;

namespace KpiPlanner.Web.Components.Layout;

/// <summary>
/// The app's look. System fonts only: users behind firewalls get no web fonts. Every colour that MudBlazor also uses for
/// text (an outlined chip, a text alert, a secondary caption) reads at WCAG AA contrast, 4.5 : 1 at least, on white and on
/// the page's grey (the accessibility tests run axe-core over every page): warning, info and the secondary text are
/// darker than MudBlazor's defaults.
/// </summary>
public static class KpiTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1F4E79",
            Secondary = "#A35A2A", // 5.2 : 1 under white text (the former #B5652A was 4.3 : 1)
            Tertiary = "#2E7D5B",
            AppbarBackground = "#1F4E79",
            Background = "#F5F6F8",
            DrawerBackground = "#FFFFFF",
            Success = "#2E7D32", // 5.1 : 1 on white
            Info = "#1565C0", // 5.8 : 1 (MudBlazor's #2196F3 is 3.1 : 1)
            Warning = "#A35A00", // 5.2 : 1 (the former #ED8C00 was 2.5 : 1)
            Error = "#C62828", // 5.6 : 1
            TextSecondary = "#5F6368", // 5.6 : 1 on the page's grey (MudBlazor's 54 % black is 4.45 : 1 there)
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
