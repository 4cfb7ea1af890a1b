using KpiPlanner.Domain.Payroll;
using KpiPlanner.Domain.Planning;
using KpiPlanner.Domain.Validation;

namespace KpiPlanner.Domain.Tests.Payroll;

public class PeriodLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(3));

    private static Period Approved()
    {
        var period = new Period(new DateOnly(2026, 10, 1));
        Assert.Empty(period.Calculated(Now, "hr"));
        Assert.Empty(period.Approve(Now, "hr", valuesChangedSinceCalculation: false));
        return period;
    }

    [Fact]
    public void Open_calculated_approved_closed_records_who_and_when()
    {
        var period = Approved();
        Assert.Empty(period.Close(Now.AddHours(1), "owner", 0, countMissingAsZero: false));
        Assert.Equal(PeriodStatus.Closed, period.Status);
        Assert.Equal(("hr", Now, "hr", Now, "owner", Now.AddHours(1)),
            (period.CalculatedBy, period.CalculatedAt, period.ApprovedBy, period.ApprovedAt, period.ClosedBy, period.ClosedAt));
        Assert.False(period.MissingFactsCountedAsZero);
        Assert.False(period.AcceptsValues);
    }

    [Fact]
    public void Approving_before_calculating_twice_or_after_a_change_is_refused()
    {
        var open = new Period(new DateOnly(2026, 10, 1));
        Assert.Equal(DomainErrors.PeriodNotCalculated, Assert.Single(open.Approve(Now, "hr", false)).Code);

        var approved = Approved();
        Assert.Equal(DomainErrors.PeriodAlreadyApproved, Assert.Single(approved.Approve(Now, "hr", false)).Code);

        var stale = new Period(new DateOnly(2026, 10, 1));
        stale.Calculated(Now, "hr");
        Assert.Equal(DomainErrors.PeriodStale, Assert.Single(stale.Approve(Now, "hr", valuesChangedSinceCalculation: true)).Code);
        Assert.Equal(PeriodStatus.Calculated, stale.Status);
    }

    [Fact]
    public void Closing_an_unapproved_month_is_refused_and_changes_nothing()
    {
        var period = new Period(new DateOnly(2026, 10, 1));
        period.Calculated(Now, "hr");
        Assert.Equal(DomainErrors.PeriodNotApproved, Assert.Single(period.Close(Now, "hr", 0, false)).Code);
        Assert.Equal(PeriodStatus.Calculated, period.Status);
        Assert.Null(period.ClosedAt);
    }

    [Fact]
    public void Missing_facts_refuse_the_close_unless_hr_counts_them_as_zero_which_is_recorded()
    {
        var period = Approved();
        var refused = Assert.Single(period.Close(Now, "hr", 3, countMissingAsZero: false));
        Assert.Equal(DomainErrors.PeriodMissingFacts, refused.Code);
        Assert.Equal(3, refused.Args!["count"]);
        Assert.Equal(PeriodStatus.Approved, period.Status);

        Assert.Empty(period.Close(Now, "hr", 3, countMissingAsZero: true));
        Assert.True(period.MissingFactsCountedAsZero);
    }

    [Fact]
    public void A_change_after_the_calculation_blocks_the_close_of_an_approved_month()
    {
        var period = Approved();
        Assert.Equal(DomainErrors.PeriodStale, Assert.Single(period.Close(Now, "hr", 0, false, valuesChangedSinceCalculation: true)).Code);
        Assert.Equal(PeriodStatus.Approved, period.Status);
    }

    [Fact]
    public void An_approved_or_closed_month_is_not_recalculated()
    {
        Assert.Equal(DomainErrors.PeriodApproved, Assert.Single(Approved().Calculated(Now, "hr")).Code);
        var closed = Approved();
        closed.Close(Now, "hr", 0, false);
        Assert.Equal(DomainErrors.PeriodClosed, Assert.Single(closed.Calculated(Now, "hr")).Code);
    }

    [Fact]
    public void Reopening_needs_a_reason_and_a_closed_month()
    {
        var closed = Approved();
        closed.Close(Now, "hr", 0, false);
        Assert.Equal(DomainErrors.ReasonRequired, Assert.Single(closed.Reopen("  ")).Code);
        Assert.Equal(PeriodStatus.Closed, closed.Status);
        Assert.Equal(DomainErrors.PeriodNotClosed, Assert.Single(Approved().Reopen("late facts")).Code);

        Assert.Empty(closed.Reopen("Late facts from the CRM"));
        Assert.Equal(PeriodStatus.Calculated, closed.Status);
        Assert.Null(closed.ClosedAt);
        Assert.True(closed.AcceptsValues);
    }

    [Fact]
    public void Revoking_an_approval_needs_a_reason_and_allows_recalculation()
    {
        var period = Approved();
        Assert.Equal(DomainErrors.ReasonRequired, Assert.Single(period.RevokeApproval(null)).Code);
        Assert.Empty(period.RevokeApproval("wrong fact for Petrov"));
        Assert.Empty(period.Calculated(Now, "hr"));
    }

    [Fact]
    public void Adjustments_need_a_calculated_month_a_non_zero_amount_in_kopecks_and_a_reason()
    {
        var open = new Period(new DateOnly(2026, 10, 1));
        var refused = PayAdjustment.Create(open, 1, 0.001m, "", Now, "hr");
        Assert.Equal(
            [DomainErrors.AdjustmentNotCalculated, DomainErrors.MoneyTooManyDecimals, DomainErrors.ReasonRequired],
            refused.Errors.Select(e => e.Code).ToArray());

        var calculated = new Period(new DateOnly(2026, 10, 1));
        calculated.Calculated(Now, "hr");
        Assert.Equal(DomainErrors.AdjustmentZero, Assert.Single(PayAdjustment.Create(calculated, 1, 0m, "x", Now, "hr").Errors).Code);
        var ok = PayAdjustment.Create(calculated, 1, -1_500.50m, "  Damaged goods  ", Now, "hr");
        Assert.True(ok.IsValid);
        Assert.Equal((-1_500.50m, "Damaged goods"), (ok.Value.Amount, ok.Value.Reason));

        Assert.Equal(DomainErrors.PeriodApproved, PayAdjustment.Create(Approved(), 1, 100m, "x", Now, "hr").Errors[0].Code);
    }
}
