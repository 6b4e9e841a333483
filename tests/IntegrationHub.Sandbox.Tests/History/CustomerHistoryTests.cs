using System.Globalization;
using IntegrationHub.Sandbox.History;
using IntegrationHub.Sandbox.Kingdee;
using IntegrationHub.Sandbox.Xero;

namespace IntegrationHub.Sandbox.Tests.History;

/// <summary>
/// The seeded two-year history the demo runs on: the ERP's orders and the finance system's invoices tell each customer
/// number's story the same way (new, churned, won back, ...), with seasonality, and late payers leave overdue invoices.
/// </summary>
public sealed class CustomerHistoryTests
{
    private const int Seed = 2026;

    [Fact]
    public async Task KingdeeOrders_FollowEachCustomersKind_OverTwoYears()
    {
        await using var kingdee = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions { Customers = 150, Orders = 2500, HistoryMonths = 24 });
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var byCustomer = Enumerable.Range(1, 2500).Select(i => $"XSDD{i:000000}")
            .Select(n => (Customer: (string)kingdee.Store.Field("SAL_SaleOrder", n, "FCustId.FNumber")!, Date: DateOnly.FromDateTime(DateTime.Parse((string)kingdee.Store.Field("SAL_SaleOrder", n, "FDate")!, CultureInfo.InvariantCulture))))
            .GroupBy(o => int.Parse(o.Customer[4..], CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Select(o => o.Date).Order().ToList());
        int DaysAgo(DateOnly d) => today.DayNumber - d.DayNumber;

        var all = byCustomer.Values.SelectMany(d => d).ToList();
        Assert.InRange(DaysAgo(all.Min()), 650, 731); // two years back
        Assert.True(all.Count(d => d.Month == 12) > 1.5 * all.Count(d => d.Month == 2), "busier in December than in February");
        var kinds = byCustomer.Keys.GroupBy(c => CustomerHistory.KindOf(c, Seed)).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(6, kinds.Count); // every kind is there
        Assert.All(kinds[CustomerKind.New], c => Assert.True(DaysAgo(byCustomer[c][0]) <= 90));
        Assert.All(kinds[CustomerKind.Churned], c => Assert.True(DaysAgo(byCustomer[c][^1]) > 365));
        Assert.All(kinds[CustomerKind.Slipping], c => Assert.InRange(DaysAgo(byCustomer[c][^1]), 91, 365));
        Assert.Contains(kinds[CustomerKind.WonBack], c => DaysAgo(byCustomer[c][^1]) <= 90
            && byCustomer[c].Zip(byCustomer[c].Skip(1)).Any(p => p.Second.DayNumber - p.First.DayNumber > 365));
        Assert.True(kinds[CustomerKind.Loyal].Average(c => byCustomer[c].Count) > 2 * kinds[CustomerKind.Occasional].Average(c => byCustomer[c].Count));
    }

    [Fact]
    public async Task XeroReceivables_SameStory_LatePayersLeaveOverdueInvoices_PaidOnesHaveTheirPayment()
    {
        await using var xero = await XeroSandbox.StartAsync(new XeroSandboxOptions { Contacts = 200, Invoices = 3000, HistoryMonths = 24 });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var invoices = xero.Invoices.All("ACCREC");
        int Customer(System.Text.Json.Nodes.JsonNode i) => int.Parse(((string)i["Contact"]!["ContactNumber"]!)[4..], CultureInfo.InvariantCulture);
        DateOnly Due(System.Text.Json.Nodes.JsonNode i) => DateOnly.ParseExact(((string)i["DueDateString"]!)[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var overdue = invoices.Where(i => (string)i["Status"]! == "AUTHORISED" && Due(i) < today).ToList();
        var paid = invoices.Where(i => (string)i["Status"]! == "PAID").Select(i => (string)i["InvoiceID"]!).ToHashSet();
        var paymentsByInvoice = xero.Payments.List(null).GroupBy(p => (string)p["Invoice"]!["InvoiceID"]!).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(3000, invoices.Count); // all receivables
        Assert.All(invoices.Where(i => CustomerHistory.KindOf(Customer(i), Seed) == CustomerKind.Churned),
            i => Assert.True(today.DayNumber - Due(i).AddDays(-30).DayNumber > 360, "a churned customer has no recent invoice"));
        var overdueShare = overdue.GroupBy(i => CustomerHistory.HabitOf(Customer(i), Seed)).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(overdueShare.GetValueOrDefault(PaymentHabit.VeryLate) > overdueShare.GetValueOrDefault(PaymentHabit.OnTime), "very late payers owe the most");
        Assert.All(paid, id => Assert.True(paymentsByInvoice.ContainsKey(id), $"paid invoice {id} without a payment"));
        Assert.Contains(invoices, i => (string)i["CurrencyCode"]! == "USD");
        Assert.True(invoices.Count(i => (string)i["CurrencyCode"]! == "CNY") > invoices.Count / 2);
    }
}
