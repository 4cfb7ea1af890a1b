namespace KpiPlanner.Domain.Organisation;

/// <summary>A position (должность). A motivation scheme belongs to a position.</summary>
public sealed class Position
{
    private Position()
    {
        Name = string.Empty;
    }

    public Position(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public void Rename(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
    }
}
