using System.Text.Json.Nodes;

namespace KpiPlanner.IntegrationTests;

/// <summary>Request bodies of the pay engine's API (<c>/api/pay/preview</c>, <c>/api/pay/check</c>) in the article's terms.</summary>
internal static class PayBodies
{
    /// <summary>The article's 50/50 scheme: 15 000 + 15 000, two KPIs at 50 % on the table-6 scale, both at plan.</summary>
    internal static JsonObject Table6Scheme() =>
        Scheme(Kpi("План продаж", 50m, 100m, 100m, Table6Bands()), Kpi("План работ", 50m, 100m, 100m, Table6Bands()));

    internal static JsonObject Scheme(params JsonNode[] kpis) => new()
    {
        ["fixed"] = 15_000m,
        ["plannedVariable"] = 15_000m,
        ["kpis"] = new JsonArray([.. kpis]),
    };

    internal static JsonObject Kpi(string name, decimal weight, decimal? plan = null, decimal? fact = null,
        JsonNode[]? bands = null, string? direction = null, decimal? gate = null, decimal? cap = null)
    {
        var scale = new JsonObject { ["bands"] = new JsonArray([.. (bands ?? Table6Bands()).Select(b => b.DeepClone())]) };
        if (cap is not null)
        {
            scale["cap"] = cap;
        }

        var kpi = new JsonObject { ["name"] = name, ["weight"] = weight, ["scale"] = scale };
        if (plan is not null)
        {
            kpi["plan"] = plan;
        }

        if (fact is not null)
        {
            kpi["fact"] = fact;
        }

        if (direction is not null)
        {
            kpi["direction"] = direction;
        }

        if (gate is not null)
        {
            kpi["gate"] = gate;
        }

        return kpi;
    }

    internal static JsonObject Band(decimal from, decimal? to, decimal coefficient, bool toInclusive = false,
        decimal? coefficientTo = null, string? label = null)
    {
        var band = new JsonObject { ["from"] = from, ["to"] = to, ["coefficient"] = coefficient };
        if (toInclusive)
        {
            band["toInclusive"] = true;
        }

        if (coefficientTo is not null)
        {
            band["coefficientTo"] = coefficientTo;
        }

        if (label is not null)
        {
            band["label"] = label;
        }

        return band;
    }

    /// <summary>Table 6: below 90 % → 0.5; 90 % to 100 % inclusive → 1; above 100 % → 1.5.</summary>
    internal static JsonNode[] Table6Bands() =>
    [
        Band(0m, 90m, 0.5m, label: "low level"),
        Band(90m, 100m, 1m, toInclusive: true, label: "target reached"),
        Band(100m, null, 1.5m, label: "leadership"),
    ];

    /// <summary>Table 3: [0, 50) → 0; [50, 90) → 0.5; [90, 100] → 1; (100, 120] → 1.2; (120, +∞) → 1.5.</summary>
    internal static JsonNode[] Table3Bands() =>
    [
        Band(0m, 50m, 0m, label: "unacceptable"),
        Band(50m, 90m, 0.5m, label: "low level"),
        Band(90m, 100m, 1m, toInclusive: true, label: "target reached"),
        Band(100m, 120m, 1.2m, toInclusive: true, label: "leadership"),
        Band(120m, null, 1.5m, label: "aggressive leadership"),
    ];

    internal static void Spoil(JsonObject body, string badInput)
    {
        var kpis = body["kpis"]!.AsArray();
        var first = kpis[0]!.AsObject();
        var bands = first["scale"]!["bands"]!.AsArray();
        switch (badInput)
        {
            case "weights 99.99": first["weight"] = 49.99m; break;
            case "weights 100.01": kpis[1]!["weight"] = 50.01m; break;
            case "weight 0": first["weight"] = 0m; kpis[1]!["weight"] = 100m; break;
            case "weight negative": first["weight"] = -10m; kpis[1]!["weight"] = 110m; break;
            case "gap": bands[1]!["from"] = 91m; break;
            case "overlap": bands[1]!["from"] = 89m; break;
            case "first band not at 0": bands[0]!["from"] = 10m; break;
            case "last band closed": bands[2]!["to"] = 200m; break;
            case "open band not last": bands[0]!["to"] = null; break;
            case "reversed band": bands[0]!["to"] = -1m; break;
            case "negative coefficient": bands[0]!["coefficient"] = -0.5m; break;
            case "negative cap": first["scale"]!["cap"] = -1m; break;
            case "no bands": bands.Clear(); break;
            case "linear band without end": bands[2]!["coefficientTo"] = 2m; break;
            case "plan 0": first["plan"] = 0m; break;
            case "plan negative": first["plan"] = -100m; break;
            case "negative fixed": body["fixed"] = -1m; break;
            case "negative planned variable": body["plannedVariable"] = -0.01m; break;
            case "fraction of a kopeck": body["fixed"] = 15_000.005m; break;
            case "negative bonus": body["bonus"] = -100m; break;
            case "fixed beyond numeric(18,2)": body["fixed"] = 10_000_000_000_000_000m; break;
            case "fact beyond numeric(18,2)": kpis[1]!["fact"] = 1e20m; break;
            case "pay beyond numeric(18,2)": body["fixed"] = 9_999_999_999_999_999.99m; body["plannedVariable"] = 9_999_999_999_999_999.99m; break;
            case "completion beyond decimal": first["plan"] = 0.0000000000000000000000000001m; first["fact"] = 1_000_000_000_000_000m; break;
            case "no KPIs": kpis.Clear(); break;
            case "KPIs missing": body.Remove("kpis"); break;
            case "8 KPIs":
                kpis.Clear();
                for (var i = 0; i < 8; i++)
                {
                    kpis.Add(Kpi("KPI" + i, 12.5m, 100m, 100m));
                }

                break;
            case "duplicate name": kpis[1]!["name"] = " план продаж "; break;
            case "blank name": first["name"] = "  "; break;
            case "unknown direction": first["direction"] = "sideways"; break;
            case "weight as a string": first["weight"] = "fifty"; break;
            case "toInclusive not a boolean": bands[1]!["toInclusive"] = "yes"; break;
            case "kpis not a list": body["kpis"] = "many"; break;
            case "kpi not an object": kpis[1] = 42; break;
            case "scale not an object": first["scale"] = new JsonArray(); break;
            default: throw new ArgumentOutOfRangeException(nameof(badInput), badInput, "Unknown case.");
        }
    }

    /// <summary>Sets the field at a path like <c>kpis[1].scale.bands[0].from</c> to <paramref name="value"/>.</summary>
    internal static void Set(JsonObject body, string path, JsonNode? value)
    {
        JsonNode node = body;
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        foreach (var part in parts[..^1])
        {
            node = part.StartsWith('[') ? node[int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
        }

        node.AsObject()[parts[^1]] = value;
    }

    /// <summary>Removes the field at a path like <c>kpis[1].scale.bands[0].from</c>.</summary>
    internal static void Remove(JsonObject body, string path)
    {
        JsonNode node = body;
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        foreach (var part in parts[..^1])
        {
            node = part.StartsWith('[') ? node[int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
        }

        Assert.True(node.AsObject().Remove(parts[^1]), path);
    }

    /// <summary>A growth KPI (measure growth) with its base, plan and fact.</summary>
    internal static JsonObject GrowthKpi(string name, decimal weight, decimal? @base, decimal plan, decimal fact,
        JsonNode[]? bands = null, string? direction = null)
    {
        var kpi = Kpi(name, weight, plan, fact, bands, direction);
        kpi["measure"] = "growth";
        if (@base is not null)
        {
            kpi["base"] = @base;
        }

        return kpi;
    }
}
