namespace IntegrationHub.Host.Value;

/// <summary>
/// A customer's value as of a day: the RFM inputs and scores, the tier and lifecycle stage, lifetime value with its
/// inputs, and payment behaviour. Amounts are in <see cref="Currency"/> (the reporting currency).
/// </summary>
public sealed record CustomerValue(
    Guid HubId,
    DateOnly AsOf,
    string Currency,
    DateOnly FirstOrder,
    DateOnly LastOrder,
    int RecencyDays,
    int Frequency,
    decimal Monetary,
    int UnconvertedOrders,
    RfmScores Scores,
    string Tier,
    string Stage,
    LifetimeValue Lifetime,
    PaymentBehaviour Payments);

/// <summary>Lifetime value = average order value x orders per year x expected lifespan x gross margin.</summary>
public sealed record LifetimeValue(decimal AverageOrderValue, decimal OrdersPerYear, decimal LifespanYears, decimal GrossMargin, decimal Value, string Formula);

/// <summary>
/// Payment behaviour over the window: DSO = open receivables / credit sales in the window x days in the window (null
/// without sales), and the share of invoices paid in the window that were paid by their due date (null when none was).
/// </summary>
public sealed record PaymentBehaviour(decimal? DsoDays, decimal? OnTimeShare, decimal OpenReceivables, decimal CreditSales, int PaidInvoices, int PaidOnTime, int UnconvertedInvoices);
