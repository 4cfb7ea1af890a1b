using KpiPlanner.Domain.Goals;

namespace KpiPlanner.Web.Features.Goals;

// A node linked to one employee (issue 19): choosing the person and their KPI, and their figures beside the node.
public partial class GoalsPage
{
    private LinkPerson? linkPerson;
    private IReadOnlyList<(string Key, string Name)>? personKpis;
    private IReadOnlyDictionary<(int EmployeeId, string KpiKey), LinkedPerson> linkedPeople = new Dictionary<(int, string), LinkedPerson>();

    /// <summary>The KPIs the link panel offers: the chosen person's scheme, or every team KPI.</summary>
    private IEnumerable<(string Key, string Name)> LinkKpis => linkPerson is not null ? personKpis ?? [] : links?.Kpis ?? [];

    /// <summary>A department and a person both chosen: a node is the goal of one or the other.</summary>
    private bool LinkBoth => linkDepartment is not null && linkPerson is not null;

    /// <summary>The people the chosen node can be linked to: of its parent department goal's department and below, or everyone the caller sees.</summary>
    private async Task<IEnumerable<LinkPerson>> SearchPeopleAsync(string? text, CancellationToken cancellationToken)
    {
        var row = rows.FirstOrDefault(r => string.Equals(r.Code, linkNode, StringComparison.OrdinalIgnoreCase));
        var specs = rows.Select(r => r.ToSpec().Spec).ToList();
        var department = row is null ? null : GoalsService.ParentDepartmentOf(specs, row.ParentCode);
        return await Goals.PeopleAsync(await CurrentUser.GetAsync(cancellationToken), department, text, cancellationToken);
    }

    private async Task OnPersonChangedAsync(LinkPerson? person)
    {
        linkPerson = person;
        personKpis = person is null ? null : await Goals.KpisOfAsync(await CurrentUser.GetAsync(), person.Id);
        if (linkKpi is not null && !LinkKpis.Any(k => k.Key == linkKpi))
        {
            linkKpi = null;
        }
    }

    /// <summary>The linked people's names and figures of the shown month (after opening a goal and after linking).</summary>
    private async Task LoadLinkedPeopleAsync()
    {
        var specs = rows.Select(r => r.ToSpec().Spec).Where(s => s.EmployeeId is not null).ToList();
        linkedPeople = specs.Count == 0
            ? new Dictionary<(int, string), LinkedPerson>()
            : await Goals.LinkedPeopleAsync(await CurrentUser.GetAsync(), specs, month);
    }

    private LinkedPerson? PersonOf(int? employeeId, string? kpiKey) =>
        employeeId is { } id && kpiKey is { } key && linkedPeople.TryGetValue((id, key), out var person) ? person : null;

    private string KpiName(string key) => links?.Kpis.FirstOrDefault(k => k.Key == key).Name ?? key;

    /// <summary>The person's plan and fact against the node, for the node's row.</summary>
    private GoalLinkReading? ReadingOf(GoalNodeRow row, GoalNodeResult? result) =>
        result is not null && row.DepartmentId is null && PersonOf(row.EmployeeId, row.KpiKey) is { } person
            ? GoalLinks.Compare(result, GoalLinkKind.Employee, person.Figures)
            : null;
}
