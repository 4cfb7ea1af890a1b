namespace KpiPlanner.Web;

/// <summary>
/// The marker type of MudBlazor's own texts (the table pager's «Строк на странице:» and «1–10 из 125», close buttons,
/// the data grid's menus, number converters): Russian (the default) in <c>Resources/MudResource.resx</c>, English in
/// <c>Resources/MudResource.en.resx</c>; the keys are MudBlazor's. Read by <see cref="Localization.KpiMudLocalizer"/>.
/// </summary>
public sealed class MudResource
{
}
