namespace KpiPlanner.Domain.Validation;

/// <summary>Collects errors while validating; shared checks for numbers and money.</summary>
internal sealed class ErrorList : List<DomainError>
{
    public void Add(string code, string path, params (string Name, object Value)[] args) =>
        Add(DomainErrors.Create(code, path, args));

    public void AddRange(IEnumerable<DomainError> errors, string prefix)
    {
        foreach (var error in errors)
        {
            Add(error.WithPrefix(prefix));
        }
    }

    /// <summary>Any number the domain accepts must fit numeric(18,2)'s range. Returns false when it does not.</summary>
    public bool Number(string path, decimal value)
    {
        if (Money.IsInRange(value))
        {
            return true;
        }

        Add(DomainErrors.NumberOutOfRange, path, ("value", value), ("max", Money.MaxAmount));
        return false;
    }

    /// <summary>An amount of money: in range, not negative, whole kopecks.</summary>
    public void Amount(string path, decimal value)
    {
        if (!Number(path, value))
        {
            return;
        }

        if (value < 0)
        {
            Add(DomainErrors.MoneyNegative, path, ("value", value));
        }
        else if (!Money.IsWholeKopecks(value))
        {
            Add(DomainErrors.MoneyTooManyDecimals, path, ("value", value));
        }
    }
}
