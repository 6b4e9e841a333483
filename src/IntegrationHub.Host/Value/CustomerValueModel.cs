using System.Globalization;

namespace IntegrationHub.Host.Value;

/// <summary>
/// Works out customer value (<see cref="CustomerValue"/>) from order and invoice history, as of a day. Pure: the same facts
/// and settings give the same answer. <see cref="ComputeAll"/> scores the whole customer base and returns its quintile
/// breakpoints; <see cref="Compute"/> scores one customer against breakpoints already worked out.
/// </summary>
public static class CustomerValueModel
{
    /// <summary>Every lifecycle stage, in the order a customer usually passes through them.</summary>
    public static readonly IReadOnlyList<string> Stages = ["new", "active", "at-risk", "dormant", "churned", "won-back"];

    /// <summary>Measures for every customer with an order on or before <paramref name="asOf"/>, scored by quintiles of this base.</summary>
    public static (IReadOnlyList<CustomerValue> Values, RfmBreakpoints Breakpoints) ComputeAll(IEnumerable<CustomerFacts> customers, DateOnly asOf, ValueOptions options)
    {
        var measured = customers.Select(c => Measure(c, asOf, options)).OfType<CustomerMeasures>().ToList();
        var breakpoints = Breakpoints(measured);
        return ([.. measured.Select(m => Score(m, breakpoints, asOf, options))], breakpoints);
    }

    /// <summary>One customer scored against <paramref name="breakpoints"/>; null when it has no order on or before <paramref name="asOf"/>.</summary>
    public static CustomerValue? Compute(CustomerFacts customer, RfmBreakpoints breakpoints, DateOnly asOf, ValueOptions options) =>
        Measure(customer, asOf, options) is { } m ? Score(m, breakpoints, asOf, options) : null;

    /// <summary>The quintile breakpoints of a customer base.</summary>
    public static RfmBreakpoints Breakpoints(IReadOnlyCollection<CustomerMeasures> measured) =>
        RfmBreakpoints.Of([.. measured.Select(m => (decimal)m.RecencyDays)], [.. measured.Select(m => (decimal)m.Frequency)], [.. measured.Select(m => m.Monetary)]);

    /// <summary>The first day of the window ending on <paramref name="asOf"/> (exclusive) and its length in days.</summary>
    public static (DateOnly Start, int Days) Window(DateOnly asOf, ValueOptions options)
    {
        var start = asOf.AddMonths(-options.WindowMonths);
        return (start, asOf.DayNumber - start.DayNumber);
    }

    /// <summary>
    /// The lifecycle stage from the distinct order dates on or before <paramref name="asOf"/>, ascending (see
    /// <see cref="LifecycleOptions"/>).
    /// </summary>
    public static string Stage(IReadOnlyList<DateOnly> orderDates, DateOnly asOf, LifecycleOptions rules)
    {
        var sinceLast = asOf.DayNumber - orderDates[^1].DayNumber;
        if (sinceLast > rules.ChurnedAfterDays)
        {
            return "churned";
        }

        if (sinceLast > rules.DormantAfterDays)
        {
            return "dormant";
        }

        if (sinceLast > rules.AtRiskAfterDays)
        {
            return "at-risk";
        }

        if (asOf.DayNumber - orderDates[0].DayNumber <= rules.NewForDays)
        {
            return "new";
        }

        for (var i = orderDates.Count - 1; i > 0; i--)
        {
            if (orderDates[i].DayNumber - orderDates[i - 1].DayNumber > rules.ChurnedAfterDays)
            {
                return asOf.DayNumber - orderDates[i].DayNumber <= rules.WonBackForDays ? "won-back" : "active";
            }
        }

        return "active";
    }

    /// <summary>
    /// A customer's raw measures (what scoring needs, without the history they came from); null when it has no order on
    /// or before <paramref name="asOf"/>.
    /// </summary>
    public static CustomerMeasures? Measure(CustomerFacts customer, DateOnly asOf, ValueOptions options)
    {
        var excluded = options.Excluded;
        var orders = customer.Orders.Where(o => o.OrderDate <= asOf && (o.Status is null || !excluded.Contains(o.Status))).ToList();
        if (orders.Count == 0)
        {
            return null;
        }

        var (start, _) = Window(asOf, options);
        var dates = orders.Select(o => o.OrderDate).Distinct().Order().ToList();
        var inWindow = orders.Where(o => o.OrderDate > start).ToList();
        decimal monetary = 0;
        int converted = 0, unconverted = 0;
        foreach (var order in inWindow)
        {
            if (options.RateOf(order.Currency) is { } rate)
            {
                monetary += order.NetAmount * rate;
                converted++;
            }
            else
            {
                unconverted++;
            }
        }

        return new CustomerMeasures(customer.HubId, dates, asOf.DayNumber - dates[^1].DayNumber, inWindow.Count, decimal.Round(monetary, 2), converted, unconverted,
            Payments(customer.Invoices, asOf, options));
    }

    /// <summary>A customer's value from its measures, scored against <paramref name="breakpoints"/>.</summary>
    public static CustomerValue Score(CustomerMeasures m, RfmBreakpoints breakpoints, DateOnly asOf, ValueOptions options)
    {
        var scores = breakpoints.Score(m.RecencyDays, m.Frequency, m.Monetary);
        var tier = options.TierRules.First(t => t.Matches(scores)).Name;
        return new CustomerValue(m.HubId, asOf, options.Currency, m.Dates[0], m.Dates[^1], m.RecencyDays, m.Frequency, m.Monetary, m.Unconverted,
            scores, tier, Stage(m.Dates, asOf, options.Lifecycle), Lifetime(m, options), m.Payments);
    }

    private static LifetimeValue Lifetime(CustomerMeasures m, ValueOptions options)
    {
        var average = m.Converted == 0 ? 0 : decimal.Round(m.Monetary / m.Converted, 2);
        var perYear = decimal.Round(m.Frequency * 12m / options.WindowMonths, 2);
        var value = decimal.Round(average * perYear * options.ExpectedLifespanYears * options.GrossMargin, 2);
        var formula = string.Create(CultureInfo.InvariantCulture,
            $"CLV = average order value {average:0.00} {options.Currency} x {perYear:0.##} orders a year x {options.ExpectedLifespanYears:0.##} years x {options.GrossMargin:0.##} gross margin = {value:0.00} {options.Currency}");
        return new LifetimeValue(average, perYear, options.ExpectedLifespanYears, options.GrossMargin, value, formula);
    }

    private static PaymentBehaviour Payments(IReadOnlyList<InvoiceFact> invoices, DateOnly asOf, ValueOptions options)
    {
        var (start, days) = Window(asOf, options);
        decimal open = 0, sales = 0;
        int paid = 0, onTime = 0, unconverted = 0;
        foreach (var invoice in invoices.Where(i => i.Status is "open" or "paid" && (i.IssueDate is null || i.IssueDate <= asOf)))
        {
            if (options.RateOf(invoice.Currency) is not { } rate)
            {
                unconverted++;
                continue;
            }

            if (invoice.IssueDate > start)
            {
                sales += invoice.Total * rate;
            }

            if (invoice.Status == "open")
            {
                open += invoice.Due * rate;
            }
            else if (invoice.PaidOn is { } paidOn && paidOn > start && paidOn <= asOf && invoice.DueDate is { } due)
            {
                paid++;
                onTime += paidOn <= due ? 1 : 0;
            }
        }

        return new PaymentBehaviour(
            sales > 0 ? decimal.Round(open / sales * days, 1) : null,
            paid > 0 ? decimal.Round((decimal)onTime / paid, 4) : null,
            decimal.Round(open, 2), decimal.Round(sales, 2), paid, onTime, unconverted);
    }
}

/// <summary>One customer's raw measures as of a day: distinct order dates, recency, frequency, monetary value (orders with and without a rate), payment behaviour.</summary>
public sealed record CustomerMeasures(Guid HubId, IReadOnlyList<DateOnly> Dates, int RecencyDays, int Frequency, decimal Monetary, int Converted, int Unconverted,
    PaymentBehaviour Payments);
