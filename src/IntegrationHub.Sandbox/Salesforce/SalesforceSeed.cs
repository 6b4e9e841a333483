using System.Text.Json.Nodes;
using Bogus;

namespace IntegrationHub.Sandbox.Salesforce;

/// <summary>
/// Realistic seeded accounts and orders (Bogus, fixed seed). Changes spread over the last 30 days; a tenth of each share one
/// <c>SystemModstamp</c> (a bulk update), so paging crosses a same-timestamp block.
/// </summary>
internal static class SalesforceSeed
{
    private static readonly string[] Industries = ["Manufacturing", "Energy", "Retail", "Construction", "Transportation"];

    public static void Fill(SalesforceRecordStore store, int accounts, int ordersPerAccount, int seed, DateTimeOffset now)
    {
        var faker = new Faker("en") { Random = new Randomizer(seed) };
        var bulk = now.AddDays(-2);
        bulk = bulk.AddTicks(-(bulk.Ticks % TimeSpan.TicksPerMillisecond));
        var accountIds = new List<string>();
        for (var i = 0; i < accounts; i++)
        {
            var modified = i % 10 == 0 ? bulk : now.AddSeconds(-faker.Random.Int(60, 30 * 24 * 3600));
            accountIds.Add(store.Seed(SalesforceSchema.Account, new JsonObject
            {
                ["Name"] = faker.Company.CompanyName(),
                ["AccountNumber"] = $"CUST{i + 1:D5}",
                ["Phone"] = faker.Phone.PhoneNumber("(###) ###-####"),
                ["Website"] = "https://www." + faker.Internet.DomainName(),
                ["BillingStreet"] = faker.Address.StreetAddress(),
                ["BillingCity"] = faker.Address.City(),
                ["BillingState"] = faker.Address.StateAbbr(),
                ["BillingPostalCode"] = faker.Address.ZipCode(),
                ["BillingCountry"] = "USA",
                ["Industry"] = faker.PickRandom(Industries),
            }, modified));
        }

        var n = 0;
        foreach (var accountId in accountIds)
        {
            for (var j = 0; j < ordersPerAccount; j++, n++)
            {
                var modified = n % 10 == 0 ? bulk : now.AddSeconds(-faker.Random.Int(60, 30 * 24 * 3600));
                var status = faker.Random.Bool(0.6f) ? "Activated" : "Draft";
                store.Seed(SalesforceSchema.Order, new JsonObject
                {
                    ["AccountId"] = accountId,
                    ["EffectiveDate"] = DateOnly.FromDateTime(modified.UtcDateTime.AddDays(-faker.Random.Int(0, 20))).ToString("yyyy-MM-dd", null),
                    ["Status"] = status,
                    ["StatusCode"] = status,
                    ["TotalAmount"] = decimal.Round(faker.Random.Decimal(150, 48000), 2),
                    ["OrderReferenceNumber"] = $"PO-{faker.Random.Int(10000, 99999)}",
                    ["Description"] = faker.Commerce.ProductName(),
                }, modified);
            }
        }
    }
}
