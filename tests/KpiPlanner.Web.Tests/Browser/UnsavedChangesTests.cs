using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KpiPlanner.Web.Tests.Browser;

/// <summary>Leaving a page with unsaved edits asks first, in the app and in the browser; staying keeps the edits.</summary>
public sealed class UnsavedChangesTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Leaving_the_grid_with_unsaved_edits_asks_and_staying_keeps_them()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(ManagerEmail);
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);
        var cell = page.GetByTestId("plan-row").First.Locator("[data-testid=cell-plan][data-kpi=sales_volume]");
        await cell.FillAsync("123 456");
        await cell.PressAsync("Tab");
        await Expect(page.GetByTestId("plans-save")).ToContainTextAsync("(1)");

        // A link in the menu: the app's own dialog; "stay" keeps the page and the edit.
        await page.GetByTestId("nav-dashboard").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("несохранённые изменения");
        await ScreenshotAsync(page, "unsaved-changes-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Остаться" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.EndsWith("/plans", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await Expect(cell).ToHaveValueAsync(new Regex(@"^123\s456$"));

        // A reload: the browser's own question; dismissing it keeps the page and the edit.
        var asked = new TaskCompletionSource<string>();
        void OnDialog(object? sender, IDialog d)
        {
            asked.TrySetResult(d.Type);
            _ = d.DismissAsync();
        }

        page.Dialog += OnDialog;
        await page.EvaluateAsync("() => setTimeout(() => location.reload(), 0)");
        Assert.Equal("beforeunload", await asked.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        page.Dialog -= OnDialog;
        await Expect(cell).ToHaveValueAsync(new Regex(@"^123\s456$"));

        // Leaving on purpose: nothing was saved.
        await page.GetByTestId("nav-dashboard").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Уйти без сохранения" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard"));
        await page.GotoAsync("/plans");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("plan-row").First.Locator("[data-testid=cell-plan][data-kpi=sales_volume]")).Not.ToHaveValueAsync(new Regex(@"^123\s456$"));
    }

    [Fact]
    public async Task The_scheme_designer_asks_only_when_the_scheme_itself_changed()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/schemes");
        await WaitUntilInteractiveAsync(page);
        await page.GetByTestId("scheme-design").First.ClickAsync();
        await Expect(page.GetByTestId("designer-title")).ToBeVisibleAsync();
        var designer = page.Url;

        // Nothing changed: leaving does not ask.
        await page.GetByTestId("nav-dashboard").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard"));
        await page.GotoAsync(designer);
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("designer-title")).ToBeVisibleAsync();

        // The scheme's name changed: leaving asks.
        var name = page.GetByLabel("Название схемы");
        await name.FillAsync("Новая схема");
        await name.PressAsync("Tab");
        await page.GetByTestId("nav-dashboard").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("несохранённые изменения");
    }

    [Fact]
    public async Task An_edit_dialog_keeps_its_edits_against_a_stray_click_outside_and_asks_before_a_reload()
    {
        await Fixture.App.ResetAsync();
        var page = await SignedInPageAsync(HrEmail);
        await page.GotoAsync("/organisation/employees");
        await WaitUntilInteractiveAsync(page);
        await page.GetByTestId("employees-create").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("employee-last-name").FillAsync("Кравцова");
        await dialog.GetByTestId("employee-last-name").PressAsync("Tab");

        // A click beside the dialog does not throw the form away.
        await page.Mouse.ClickAsync(5, 300);
        await Expect(dialog.GetByTestId("employee-last-name")).ToHaveValueAsync("Кравцова");

        // A round trip through the server (the department list opens), so the dialog has taken the edit in before the reload.
        await dialog.GetByTestId("employee-department").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "Отдел продаж", Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Отдел продаж", Exact = true }).ClickAsync();
        await Expect(dialog.GetByTestId("employee-department")).ToHaveValueAsync("Отдел продаж");
        await page.WaitForTimeoutAsync(300); // the page's "leave?" listener is switched on by a call back from the server

        // A reload asks (the browser's own question); dismissing it keeps the dialog and its edit.
        var asked = new TaskCompletionSource<string>();
        void OnDialog(object? sender, IDialog d)
        {
            asked.TrySetResult(d.Type);
            _ = d.DismissAsync();
        }

        page.Dialog += OnDialog;
        await page.EvaluateAsync("() => setTimeout(() => location.reload(), 0)");
        Assert.Equal("beforeunload", await asked.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        page.Dialog -= OnDialog;
        await Expect(dialog.GetByTestId("employee-last-name")).ToHaveValueAsync("Кравцова");
    }
}
