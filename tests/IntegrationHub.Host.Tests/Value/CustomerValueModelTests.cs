using IntegrationHub.Host.Value;

namespace IntegrationHub.Host.Tests.Value;

/// <summary>
/// Customer value on a small dataset computed by hand (the numbers below are worked out in the comments), and the
/// lifecycle of one customer through every stage including won-back.
/// </summary>
public sealed class CustomerValueModelTests
{
    private static readonly DateOnly AsOf = new(2026, 12, 1); // window: 2025-12-01 (exclusive) to 2026-12-01, 365 days

    private static readonly Guid A = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly Guid B = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");
    private static readonly Guid C = Guid.Parse("cccccccc-0000-0000-0000-000000000003");
    private static readonly Guid D = Guid.Parse("dddddddd-0000-0000-0000-000000000004");
    private static readonly Guid E = Guid.Parse("eeeeeeee-0000-0000-0000-000000000005");

    private static ValueOptions Options() => new() { Currency = "CNY", Rates = { ["USD"] = 7.00m } };

    private static OrderFact Order(string date, decimal net, string currency = "CNY", string? status = "approved") =>
        new(Guid.NewGuid().ToString(), DateOnly.Parse(date), currency, net, status);

    private static InvoiceFact Invoice(string id, decimal total, decimal due, string status, string issued, string dueDate, string? paidOn = null) =>
        new(id, "CNY", total, due, status, DateOnly.Parse(issued), DateOnly.Parse(dueDate), paidOn is null ? null : DateOnly.Parse(paidOn));

    private static IReadOnlyList<CustomerFacts> Base() =>
    [
        // A: recency 10, frequency 3 (the 2025 order is outside the window, the draft does not count), monetary 6000.
        new(A, [Order("2026-11-21", 1000), Order("2026-08-01", 2000), Order("2026-03-01", 3000), Order("2025-06-01", 500), Order("2026-11-30", 99_999, status: "draft")],
        [
            Invoice("INV1", 1130, 0, "paid", "2026-03-05", "2026-04-04", paidOn: "2026-04-01"), // on time
            Invoice("INV2", 2260, 0, "paid", "2026-08-05", "2026-09-04", paidOn: "2026-09-20"), // late
            Invoice("INV3", 1130, 1000, "open", "2026-11-21", "2026-12-21"),
            Invoice("INV4", 999, 999, "void", "2026-11-22", "2026-12-22"), // not counted
        ]),
        new(B, [Order("2026-11-26", 100, "USD")], []), // recency 5, frequency 1, monetary 700 (100 USD at 7.00)
        new(C, [Order("2026-06-04", 400), Order("2026-05-01", 400)], []), // recency 180, frequency 2, monetary 800
        new(D, [Order("2023-01-10", 9000), Order("2026-10-02", 1500), Order("2026-11-01", 1500)], []), // recency 30, frequency 2, monetary 3000
        new(E, [Order("2025-10-01", 5000)], []), // recency 426, frequency 0, monetary 0
        new(Guid.NewGuid(), [], []), // never ordered: not scored
    ];

    [Fact]
    public void Breakpoints_AreTheQuintileCutsOfTheBase()
    {
        var (values, cuts) = CustomerValueModel.ComputeAll(Base(), AsOf, Options());

        Assert.Equal(5, values.Count);
        Assert.Equal(5, cuts.Customers);
        // Sorted recency 5, 10, 30, 180, 426; frequency 0, 1, 2, 2, 3; monetary 0, 700, 800, 3000, 6000: with five
        // customers the k-th cut is the k-th value.
        Assert.Equal([5m, 10m, 30m, 180m], cuts.Recency);
        Assert.Equal([0m, 1m, 2m, 2m], cuts.Frequency);
        Assert.Equal([0m, 700m, 800m, 3000m], cuts.Monetary);
    }

    [Fact]
    public void Rfm_TierAndStage_MatchTheHandComputedNumbers()
    {
        var values = CustomerValueModel.ComputeAll(Base(), AsOf, Options()).Values.ToDictionary(v => v.HubId);

        // (recency, frequency, monetary) -> scores -> tier (default rules) and stage.
        Assert.Equal((10, 3, 6000m, "R4 F5 M5", "high-value", "active"), Row(values[A]));
        Assert.Equal((5, 1, 700m, "R5 F2 M2", "potential", "new"), Row(values[B]));
        Assert.Equal((180, 2, 800m, "R2 F3 M3", "regular", "at-risk"), Row(values[C])); // 180 days is not yet dormant (> 180)
        Assert.Equal((30, 2, 3000m, "R3 F3 M4", "regular", "won-back"), Row(values[D])); // back on 2026-10-02 after 3.7 years
        Assert.Equal((426, 0, 0m, "R1 F1 M1", "low", "churned"), Row(values[E]));
    }

    [Fact]
    public void LifetimeValue_IsAverageOrderValueTimesOrdersAYearTimesLifespanTimesMargin_WithTheFormulaWritten()
    {
        var values = CustomerValueModel.ComputeAll(Base(), AsOf, Options()).Values.ToDictionary(v => v.HubId);

        // A: 6000 / 3 = 2000 a order, 3 a year, 3 years, 30 %: 5400. D: 1500 x 2 x 3 x 0.3 = 2700. B: 700 x 1 x 3 x 0.3 = 630.
        Assert.Equal((2000m, 3m, 5400m), (values[A].Lifetime.AverageOrderValue, values[A].Lifetime.OrdersPerYear, values[A].Lifetime.Value));
        Assert.Equal(2700m, values[D].Lifetime.Value);
        Assert.Equal(630m, values[B].Lifetime.Value);
        Assert.Equal(0m, values[E].Lifetime.Value);
        Assert.Equal("CLV = average order value 2000.00 CNY x 3 orders a year x 3 years x 0.3 gross margin = 5400.00 CNY", values[A].Lifetime.Formula);
    }

    [Fact]
    public void PaymentBehaviour_DsoAndOnTimeShare()
    {
        var a = CustomerValueModel.ComputeAll(Base(), AsOf, Options()).Values.Single(v => v.HubId == A).Payments;

        // Credit sales in the window 1130 + 2260 + 1130 = 4520 (the void one not); open 1000; DSO = 1000 / 4520 x 365 = 80.75.
        Assert.Equal((4520m, 1000m, 80.8m), (a.CreditSales, a.OpenReceivables, a.DsoDays));
        Assert.Equal((2, 1, 0.5m), (a.PaidInvoices, a.PaidOnTime, a.OnTimeShare));
        Assert.Null(CustomerValueModel.ComputeAll(Base(), AsOf, Options()).Values.Single(v => v.HubId == B).Payments.DsoDays); // no sales: no DSO
    }

    [Fact]
    public void OneCustomer_ScoredAgainstStoredBreakpoints_MatchesTheFullRun()
    {
        var (values, cuts) = CustomerValueModel.ComputeAll(Base(), AsOf, Options());

        foreach (var facts in Base().Take(5))
        {
            Assert.Equal(values.Single(v => v.HubId == facts.HubId).Scores, CustomerValueModel.Compute(facts, cuts, AsOf, Options())!.Scores);
        }

        Assert.Null(CustomerValueModel.Compute(new CustomerFacts(Guid.NewGuid(), [], []), cuts, AsOf, Options()));
    }

    [Fact]
    public void AnOrderInACurrencyWithoutARate_CountsForFrequencyButNotMoney_AndIsCounted()
    {
        var facts = new CustomerFacts(A, [Order("2026-11-01", 1000), Order("2026-11-02", 50_000, "JPY")], []);

        var value = CustomerValueModel.Compute(facts, RfmBreakpoints.Empty, AsOf, Options())!;

        Assert.Equal((2, 1000m, 1, 1000m), (value.Frequency, value.Monetary, value.UnconvertedOrders, value.Lifetime.AverageOrderValue));
    }

    [Theory]
    [InlineData("2024-02-01", "new")] // 31 days after the first order
    [InlineData("2024-05-01", "active")] // 61 days after the last, 121 after the first
    [InlineData("2024-05-30", "active")] // exactly 90 days: not yet at risk
    [InlineData("2024-05-31", "at-risk")] // 91 days
    [InlineData("2024-09-01", "dormant")] // 184 days
    [InlineData("2025-03-15", "churned")] // 379 days
    [InlineData("2025-04-10", "won-back")] // ordered again on 2025-04-01 after 396 days
    [InlineData("2025-06-30", "won-back")] // 90 days after coming back, last order 2025-04-01
    [InlineData("2025-07-15", "active")] // ordered on 2025-07-01; 105 days after coming back: active again
    public void Lifecycle_MovesThroughEveryStage(string asOf, string stage)
    {
        var day = DateOnly.Parse(asOf);
        var dates = new[] { "2024-01-01", "2024-03-01", "2025-04-01", "2025-07-01" }.Select(DateOnly.Parse).Where(d => d <= day).ToList();

        Assert.Equal(stage, CustomerValueModel.Stage(dates, day, new LifecycleOptions()));
    }

    [Fact]
    public void Options_Validated_EveryWrongSettingNamed()
    {
        var bad = new ValueOptions
        {
            Currency = "yuan",
            Rates = { ["usd"] = 0m },
            Lifecycle = new LifecycleOptions { AtRiskAfterDays = 200, DormantAfterDays = 100 },
            Tiers = [new TierRule { Name = "Top", MinRecency = 6 }, new TierRule { Name = "rest", MinMonetary = 2 }],
        };

        var result = new ValueOptionsValidator().Validate(null, bad);

        Assert.True(result.Failed);
        foreach (var named in new[] { "Value:Currency", "Value:Rates:usd", "Value:Lifecycle", "'Top'", "Top's minimum", "the last rule (rest)" })
        {
            Assert.Contains(result.Failures!, f => f.Contains(named, StringComparison.Ordinal));
        }

        Assert.True(new ValueOptionsValidator().Validate(null, Options()).Succeeded);
    }

    private static (int, int, decimal, string, string, string) Row(CustomerValue v) =>
        (v.RecencyDays, v.Frequency, v.Monetary, v.Scores.ToString(), v.Tier, v.Stage);
}
