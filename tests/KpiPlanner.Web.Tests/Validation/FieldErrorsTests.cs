using KpiPlanner.Web.Validation;

namespace KpiPlanner.Web.Tests.Validation;

/// <summary>Where a refused save's messages go: under the field that owns the path, else into the short summary.</summary>
public sealed class FieldErrorsTests
{
    private static bool Owns(string path) => path is "name" || path.StartsWith("bands[", StringComparison.Ordinal);

    [Fact]
    public void A_message_goes_under_the_field_that_owns_its_path_and_the_first_one_is_remembered()
    {
        var errors = new FieldErrors();

        errors.Set([("bands[1].to", "Диапазон должен заканчиваться выше."), ("name", "Укажите название.")], Owns);

        Assert.Equal("Диапазон должен заканчиваться выше.", errors.For("bands[1].to"));
        Assert.Equal("Укажите название.", errors.For("name"));
        Assert.Equal("bands[1].to", errors.First);
        Assert.True(errors.AnyPlaced);
        Assert.Empty(errors.Other);
    }

    [Fact]
    public void A_message_no_field_owns_is_kept_for_the_summary_never_lost()
    {
        var errors = new FieldErrors();

        errors.Set([("", "Сохранить не удалось."), ("weights", "Сумма весов 99 %."), ("weights", "Сумма весов 99 %.")], Owns);

        Assert.False(errors.AnyPlaced);
        Assert.True(errors.Any);
        Assert.Equal(["Сохранить не удалось.", "Сумма весов 99 %."], errors.Other);
        Assert.Null(errors.First);
    }

    [Fact]
    public void Two_messages_of_one_field_are_both_shown_there()
    {
        var errors = new FieldErrors();

        errors.Set([("name", "Укажите название."), ("name", "Не длиннее 200 знаков.")], Owns);

        Assert.Equal("Укажите название. Не длиннее 200 знаков.", errors.For("name"));
    }

    [Fact]
    public void A_message_goes_once_the_refused_value_is_changed_and_the_summary_with_it()
    {
        var number = "0101";
        var errors = new FieldErrors();
        errors.Set([("name", "Номер 0101 уже занят.")], Owns, _ => number);
        Assert.True(errors.Has("name"));

        number = "0599";

        Assert.False(errors.Has("name"));
        Assert.False(errors.Any);
        number = "0101";
        Assert.True(errors.Has("name")); // the same refused value again: the message is true again
    }

    [Fact]
    public void Under_lists_the_messages_of_one_row()
    {
        var errors = new FieldErrors();

        errors.Set([("bands[2].from", "Разрыв."), ("bands[1].to", "Ниже начала."), ("bands[2].coefficient", "Меньше 0.")], Owns);

        Assert.Equal(["bands[2].coefficient", "bands[2].from"], errors.Under("bands[2].").Select(e => e.Path));
    }
}
