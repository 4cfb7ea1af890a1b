using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;
using KpiPlanner.Domain.Payroll;

namespace KpiPlanner.Infrastructure.Payroll;

/// <summary>
/// A pay explanation as stored in <c>pay_lines.explanation</c>, written straight to UTF-8 with a
/// <see cref="Utf8JsonWriter"/>: byte for byte what <see cref="JsonSerializer"/> writes with the stored documents' options
/// (<c>SpecJson.Options</c>: camelCase names in declaration order, enums as camelCase strings, nulls left out, and on
/// explanations false flags, zero amounts and default enums left out too), which still reads it back. The month's close
/// writes 10 000 of them into its COPY; the reflection serialiser and a string per line were most of its own time
/// (issue 18). A test keeps the two serialisers equal on an explanation with every field set.
/// </summary>
public sealed class PayExplanationJson
{
    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private readonly Utf8JsonWriter writer;

    public PayExplanationJson()
    {
        writer = new Utf8JsonWriter(buffer);
    }

    /// <summary>The explanation's JSON, UTF-8, valid until the next call (the buffer is reused).</summary>
    public ReadOnlyMemory<byte> Write(PayExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        WriteExplanation(writer, explanation);
        writer.Flush();
        return buffer.WrittenMemory;
    }

    /// <summary>The explanation's JSON as a string.</summary>
    public static string ToJson(PayExplanation explanation) => System.Text.Encoding.UTF8.GetString(new PayExplanationJson().Write(explanation).Span);

    private static void WriteExplanation(Utf8JsonWriter w, PayExplanation e)
    {
        w.WriteStartObject();
        NonZero(w, Names.SchemeFixed, e.SchemeFixed);
        NonZero(w, Names.PlannedVariable, e.PlannedVariable);
        w.WritePropertyName(Names.Worked);
        w.WriteStartObject();
        w.WriteNumber(Names.Worked, e.Worked.Worked);
        w.WriteNumber(Names.Total, e.Worked.Total);
        WriteEnum(w, Names.Basis, e.Worked.Basis);
        w.WriteEndObject();
        True(w, Names.VariableProrated, e.VariableProrated);
        if (e.Kpis is { } kpis)
        {
            w.WritePropertyName(Names.Kpis);
            w.WriteStartArray();
            for (var i = 0; i < kpis.Count; i++)
            {
                WriteKpi(w, kpis[i]);
            }

            w.WriteEndArray();
        }

        NonZero(w, Names.WeightedSum, e.WeightedSum);
        NonZero(w, Names.Fixed, e.Fixed);
        NonZero(w, Names.Variable, e.Variable);
        NonZero(w, Names.Bonus, e.Bonus);
        True(w, Names.ThresholdBonusPaid, e.ThresholdBonusPaid);
        True(w, Names.Gated, e.Gated);
        NonZero(w, Names.Total, e.Total);
        NonZero(w, Names.EnteredBonus, e.EnteredBonus);
        NonZero(w, Names.NotDueWeight, e.NotDueWeight);
        True(w, Names.HasMissingFigures, e.HasMissingFigures); // computed, yet written (and ignored when read) as before
        w.WriteEndObject();
    }

    private static void WriteKpi(Utf8JsonWriter w, KpiExplanation k)
    {
        if (k is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        Text(w, Names.Key, k.Key);
        Text(w, Names.Name, k.Name);
        NonZero(w, Names.Weight, k.Weight);
        NonDefault(w, Names.Measurement, k.Measurement);
        NonDefault(w, Names.Direction, k.Direction);
        Number(w, Names.Plan, k.Plan);
        Number(w, Names.Fact, k.Fact);
        NonDefault(w, Names.Missing, k.Missing);
        Number(w, Names.CompletionPercent, k.CompletionPercent);
        True(w, Names.CompletionInfinite, k.CompletionInfinite);
        w.WriteNumber(Names.BandIndex, k.BandIndex);
        NonZero(w, Names.BandFrom, k.BandFrom);
        Number(w, Names.BandTo, k.BandTo);
        Text(w, Names.BandLabel, k.BandLabel);
        NonZero(w, Names.Coefficient, k.Coefficient);
        True(w, Names.Capped, k.Capped);
        NonZero(w, Names.WeightedCoefficient, k.WeightedCoefficient);
        NonZero(w, Names.Contribution, k.Contribution);
        True(w, Names.GateFailed, k.GateFailed);
        Number(w, Names.Base, k.Base);
        if (k.BaseKind is { } baseKind)
        {
            WriteEnum(w, Names.BaseKind, baseKind);
        }

        if (k.Parts is { } parts)
        {
            w.WritePropertyName(Names.Parts);
            w.WriteStartArray();
            foreach (var part in parts)
            {
                if (part is null)
                {
                    w.WriteNullValue();
                    continue;
                }

                w.WriteStartObject();
                Text(w, Names.Kpi, part.Kpi);
                w.WriteNumber(Names.Weight, part.Weight);
                Number(w, Names.CountedPercent, part.CountedPercent);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (k.OneOff is { } oneOff)
        {
            w.WritePropertyName(Names.OneOff);
            w.WriteStartObject();
            w.WriteString(Names.From, oneOff.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString(Names.To, oneOff.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        True(w, Names.NotDue, k.NotDue);
        w.WriteEndObject();
    }

    private static void NonZero(Utf8JsonWriter w, JsonEncodedText name, decimal value)
    {
        if (value != 0m)
        {
            w.WriteNumber(name, value);
        }
    }

    private static void Number(Utf8JsonWriter w, JsonEncodedText name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static void True(Utf8JsonWriter w, JsonEncodedText name, bool value)
    {
        if (value)
        {
            w.WriteBoolean(name, true);
        }
    }

    private static void Text(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void NonDefault<T>(Utf8JsonWriter w, JsonEncodedText name, T value)
        where T : struct, Enum
    {
        if (!EqualityComparer<T>.Default.Equals(value, default))
        {
            WriteEnum(w, name, value);
        }
    }

    /// <summary>An enum value as <c>JsonStringEnumConverter(JsonNamingPolicy.CamelCase)</c> writes it: its camelCase
    /// name, or its number when it has none.</summary>
    private static void WriteEnum<T>(Utf8JsonWriter w, JsonEncodedText name, T value)
        where T : struct, Enum
    {
        if (EnumNames<T>.Names.TryGetValue(value, out var text))
        {
            w.WriteString(name, text);
        }
        else
        {
            w.WriteNumber(name, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static class EnumNames<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, JsonEncodedText> Names = System.Enum.GetValues<T>()
            .Distinct()
            .ToFrozenDictionary(v => v, v => JsonEncodedText.Encode(JsonNamingPolicy.CamelCase.ConvertName(v.ToString())));
    }

    private static class Names
    {
        public static readonly JsonEncodedText SchemeFixed = JsonEncodedText.Encode("schemeFixed");
        public static readonly JsonEncodedText PlannedVariable = JsonEncodedText.Encode("plannedVariable");
        public static readonly JsonEncodedText Worked = JsonEncodedText.Encode("worked");
        public static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
        public static readonly JsonEncodedText Basis = JsonEncodedText.Encode("basis");
        public static readonly JsonEncodedText VariableProrated = JsonEncodedText.Encode("variableProrated");
        public static readonly JsonEncodedText Kpis = JsonEncodedText.Encode("kpis");
        public static readonly JsonEncodedText WeightedSum = JsonEncodedText.Encode("weightedSum");
        public static readonly JsonEncodedText Fixed = JsonEncodedText.Encode("fixed");
        public static readonly JsonEncodedText Variable = JsonEncodedText.Encode("variable");
        public static readonly JsonEncodedText Bonus = JsonEncodedText.Encode("bonus");
        public static readonly JsonEncodedText ThresholdBonusPaid = JsonEncodedText.Encode("thresholdBonusPaid");
        public static readonly JsonEncodedText Gated = JsonEncodedText.Encode("gated");
        public static readonly JsonEncodedText EnteredBonus = JsonEncodedText.Encode("enteredBonus");
        public static readonly JsonEncodedText NotDueWeight = JsonEncodedText.Encode("notDueWeight");
        public static readonly JsonEncodedText HasMissingFigures = JsonEncodedText.Encode("hasMissingFigures");
        public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Weight = JsonEncodedText.Encode("weight");
        public static readonly JsonEncodedText Measurement = JsonEncodedText.Encode("measurement");
        public static readonly JsonEncodedText Direction = JsonEncodedText.Encode("direction");
        public static readonly JsonEncodedText Plan = JsonEncodedText.Encode("plan");
        public static readonly JsonEncodedText Fact = JsonEncodedText.Encode("fact");
        public static readonly JsonEncodedText Missing = JsonEncodedText.Encode("missing");
        public static readonly JsonEncodedText CompletionPercent = JsonEncodedText.Encode("completionPercent");
        public static readonly JsonEncodedText CompletionInfinite = JsonEncodedText.Encode("completionInfinite");
        public static readonly JsonEncodedText BandIndex = JsonEncodedText.Encode("bandIndex");
        public static readonly JsonEncodedText BandFrom = JsonEncodedText.Encode("bandFrom");
        public static readonly JsonEncodedText BandTo = JsonEncodedText.Encode("bandTo");
        public static readonly JsonEncodedText BandLabel = JsonEncodedText.Encode("bandLabel");
        public static readonly JsonEncodedText Coefficient = JsonEncodedText.Encode("coefficient");
        public static readonly JsonEncodedText Capped = JsonEncodedText.Encode("capped");
        public static readonly JsonEncodedText WeightedCoefficient = JsonEncodedText.Encode("weightedCoefficient");
        public static readonly JsonEncodedText Contribution = JsonEncodedText.Encode("contribution");
        public static readonly JsonEncodedText GateFailed = JsonEncodedText.Encode("gateFailed");
        public static readonly JsonEncodedText Base = JsonEncodedText.Encode("base");
        public static readonly JsonEncodedText BaseKind = JsonEncodedText.Encode("baseKind");
        public static readonly JsonEncodedText Parts = JsonEncodedText.Encode("parts");
        public static readonly JsonEncodedText Kpi = JsonEncodedText.Encode("kpi");
        public static readonly JsonEncodedText CountedPercent = JsonEncodedText.Encode("countedPercent");
        public static readonly JsonEncodedText OneOff = JsonEncodedText.Encode("oneOff");
        public static readonly JsonEncodedText From = JsonEncodedText.Encode("from");
        public static readonly JsonEncodedText To = JsonEncodedText.Encode("to");
        public static readonly JsonEncodedText NotDue = JsonEncodedText.Encode("notDue");
    }
}
