using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KpiPlanner.Domain.Schemes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KpiPlanner.Infrastructure.Configurations;

/// <summary>
/// Scales and scheme versions are stored as one <c>jsonb</c> document each: they are read and written whole, and
/// PostgreSQL keeps JSON numbers as <c>numeric</c>, so decimals round-trip exactly.
/// </summary>
internal static class SpecJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static PropertyBuilder<T> HasJsonDocument<T>(this PropertyBuilder<T> property)
        where T : class
    {
        var comparer = new ValueComparer<T>(
            (a, b) => Serialize(a) == Serialize(b),
            v => Serialize(v).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(Serialize(v), Options)!);
        return property
            .HasConversion(v => Serialize(v), v => JsonSerializer.Deserialize<T>(v, Options)!, comparer)
            .HasColumnType("jsonb");
    }

    private static string Serialize<T>(T? value) => JsonSerializer.Serialize(value, Options);

    /// <summary>
    /// A month's pay lines carry one explanation each (10 000 a month in a big company): false flags, zero amounts and
    /// default enums are left out of the stored JSON, which reads them back as the same defaults — a third smaller.
    /// </summary>
    private static void OmitDefaultsOfPayExplanations(JsonTypeInfo type)
    {
        if (type.Type != typeof(KpiPlanner.Domain.Payroll.PayExplanation) && type.Type != typeof(KpiPlanner.Domain.Payroll.KpiExplanation))
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            var kind = property.PropertyType;
            if (kind == typeof(bool))
            {
                property.ShouldSerialize = static (_, value) => value is true;
            }
            else if (kind == typeof(decimal))
            {
                property.ShouldSerialize = static (_, value) => value is decimal d && d != 0m;
            }
            else if (kind.IsEnum)
            {
                property.ShouldSerialize = static (_, value) => value is not null && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0;
            }
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            IgnoreReadOnlyProperties = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver
            {
                Modifiers =
                {
                    type =>
                    {
                        if (type.Type == typeof(BonusRule))
                        {
                            type.PolymorphismOptions = new JsonPolymorphismOptions
                            {
                                TypeDiscriminatorPropertyName = "kind",
                                DerivedTypes =
                                {
                                    new JsonDerivedType(typeof(ThresholdBonusRule), "threshold"),
                                    new JsonDerivedType(typeof(EnteredBonusRule), "entered"),
                                },
                            };
                        }
                    },
                    OmitDefaultsOfPayExplanations,
                },
            },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
