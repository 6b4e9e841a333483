using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Host.Value;

/// <summary>
/// Customer value settings (section <c>Value</c>): the window RFM looks at, the reporting currency and the explicit
/// exchange rates into it, the lifetime-value assumptions, the lifecycle day thresholds and the tier rules. Every number
/// the hub shows is worked out from these and the customer's history; <c>GET /api/v1/customers/{id}</c> shows the inputs.
/// </summary>
public sealed class ValueOptions
{
    public const string Section = "Value";

    /// <summary>Months of history recency, frequency and monetary value look at (default 12).</summary>
    [Range(1, 120)]
    public int WindowMonths { get; set; } = 12;

    /// <summary>ISO 4217 code amounts are compared in (monetary value, lifetime value, DSO); default CNY.</summary>
    [Required]
    public string Currency { get; set; } = "CNY";

    /// <summary>
    /// Units of <see cref="Currency"/> per unit of another currency (e.g. <c>USD: 7.10</c>). An order in a currency without a
    /// rate still counts for recency and frequency but not for monetary value, and is counted as unconverted: nothing is
    /// converted at a rate nobody configured.
    /// </summary>
    public Dictionary<string, decimal> Rates { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The system whose customer numbers orders carry in <c>customerNumber</c> (the ERP: kingdee); an order belongs to the
    /// customer that number is linked to in the cross-reference.
    /// </summary>
    [Required]
    public string OrderCustomerSystem { get; set; } = "kingdee";

    /// <summary>Gross margin as a fraction of net order value, for lifetime value (default 0.30).</summary>
    [Range(0.0, 1.0)]
    public decimal GrossMargin { get; set; } = 0.30m;

    /// <summary>Years a customer is expected to stay, for lifetime value (default 3).</summary>
    [Range(0.1, 50.0)]
    public decimal ExpectedLifespanYears { get; set; } = 3m;

    /// <summary>Order statuses that are not sales (not counted at all); none configured: draft and cancelled.</summary>
    public List<string> ExcludedStatuses { get; set; } = [];

    /// <summary>The excluded statuses in force.</summary>
    public IReadOnlySet<string> Excluded => ExcludedStatuses.Count > 0 ? ExcludedStatuses.ToHashSet(StringComparer.Ordinal) : DefaultExcluded;

    private static readonly IReadOnlySet<string> DefaultExcluded = new HashSet<string>(StringComparer.Ordinal) { "draft", "cancelled" };

    /// <summary>The lifecycle stage thresholds in days.</summary>
    public LifecycleOptions Lifecycle { get; set; } = new();

    /// <summary>
    /// Value tiers, first match wins: a tier applies when every minimum score (1-5) is met. The last rule must have no
    /// minimum (everyone else). Default: high-value (R3 F4 M4), potential (R4 M2), regular (R2 F2), low.
    /// </summary>
    public List<TierRule> Tiers { get; set; } = [];

    /// <summary>The tier rules in force (the defaults when none are configured).</summary>
    public IReadOnlyList<TierRule> TierRules => Tiers.Count > 0 ? Tiers : DefaultTiers;

    public static readonly IReadOnlyList<TierRule> DefaultTiers =
    [
        new() { Name = "high-value", MinRecency = 3, MinFrequency = 4, MinMonetary = 4 },
        new() { Name = "potential", MinRecency = 4, MinMonetary = 2 },
        new() { Name = "regular", MinRecency = 2, MinFrequency = 2 },
        new() { Name = "low" },
    ];

    /// <summary>Units of <see cref="Currency"/> per unit of <paramref name="currency"/>, or null when no rate is configured.</summary>
    public decimal? RateOf(string? currency) =>
        currency is null ? null : currency == Currency ? 1m : Rates.TryGetValue(currency, out var rate) ? rate : null;
}

/// <summary>
/// Lifecycle stage thresholds (section <c>Value:Lifecycle</c>), by days since the last order: <c>churned</c> after
/// <see cref="ChurnedAfterDays"/>, <c>dormant</c> after <see cref="DormantAfterDays"/>, <c>at-risk</c> after
/// <see cref="AtRiskAfterDays"/>; otherwise <c>new</c> when the first order is at most <see cref="NewForDays"/> old,
/// <c>won-back</c> when the customer came back after a gap longer than <see cref="ChurnedAfterDays"/> at most
/// <see cref="WonBackForDays"/> ago, else <c>active</c>.
/// </summary>
public sealed class LifecycleOptions
{
    public int NewForDays { get; set; } = 90;

    public int AtRiskAfterDays { get; set; } = 90;

    public int DormantAfterDays { get; set; } = 180;

    public int ChurnedAfterDays { get; set; } = 365;

    public int WonBackForDays { get; set; } = 90;
}

/// <summary>One tier rule: a name and the minimum recency, frequency and monetary scores (1-5; 1 = any).</summary>
public sealed class TierRule
{
    public string Name { get; set; } = "";

    public int MinRecency { get; set; } = 1;

    public int MinFrequency { get; set; } = 1;

    public int MinMonetary { get; set; } = 1;

    public bool Matches(RfmScores scores) => scores.Recency >= MinRecency && scores.Frequency >= MinFrequency && scores.Monetary >= MinMonetary;
}
