using System.Text.Json.Nodes;
using Bogus;

namespace IntegrationHub.Sandbox.Fxiaoke;

/// <summary>
/// Realistic CRM content for the sandbox (Bogus, fixed seed): accounts with an ERP customer number and a value tier, sales
/// orders under them, payments against the orders. Times lie in the 30 days before start; about a third of the records
/// share one last-modified millisecond (a bulk import), as real CRMs have, so incremental readers meet ties.
/// </summary>
internal static class FxiaokeSeedData
{
    private static readonly string[] Tiers = ["A", "B", "C"];
    private static readonly string[] Currencies = ["CNY", "USD", "EUR"];

    public static void Populate(FxiaokeRecordStore store, FxiaokeSandboxOptions options, TimeProvider time)
    {
        if (options.SeedAccounts == 0)
        {
            return;
        }

        var faker = new Faker("en") { Random = new Randomizer(options.DataSeed) };
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var from = now - (long)TimeSpan.FromDays(30).TotalMilliseconds;
        var import = now - (long)TimeSpan.FromDays(2).TotalMilliseconds + faker.Random.Int(0, 999);

        var accounts = new List<(string Id, string Number, string Currency)>();
        for (var i = 1; i <= options.SeedAccounts; i++)
        {
            var number = $"CUST9{i:D4}";
            var currency = faker.Random.WeightedRandom(Currencies, [0.7f, 0.2f, 0.1f]);
            var fields = new JsonObject
            {
                ["name"] = faker.Company.CompanyName(),
                ["erp_customer_no__c"] = number,
                ["value_tier__c"] = faker.PickRandom(Tiers),
                // Mainland mobile numbers as sales people type them; about one in twenty is a typo (too short).
                ["tel"] = faker.Random.Bool(0.95f) ? $"1{faker.PickRandom("38", "39", "58", "86", "37")}-{faker.Random.Number(1000, 9999)}-{faker.Random.Number(1000, 9999)}" : faker.Phone.PhoneNumber("###-####"),
                ["email"] = faker.Internet.Email(),
                ["address"] = faker.Address.FullAddress(),
            };
            var id = Import(store, faker, "AccountObj", fields, from, now, import);
            accounts.Add((id, number, currency));
        }

        var orders = new List<(string Id, string AccountId, decimal Amount, string Currency, long Time)>();
        for (var i = 1; i <= options.SeedOrders; i++)
        {
            var account = faker.PickRandom(accounts);
            var amount = Math.Round(faker.Random.Decimal(80m, 25_000m), 2);
            var orderTime = faker.Random.Long(from, now);
            var fields = new JsonObject
            {
                ["name"] = $"SO-CRM-{i:D5}",
                ["account_id"] = account.Id,
                ["erp_customer_no__c"] = account.Number,
                ["order_time"] = orderTime - orderTime % 86_400_000,
                ["order_amount"] = amount,
                ["currency__c"] = account.Currency,
                ["order_status"] = faker.PickRandom("1", "2", "3"),
                ["life_status"] = "normal",
            };
            orders.Add((Import(store, faker, "SalesOrderObj", fields, from, now, import), account.Id, amount, account.Currency, orderTime));
        }

        for (var i = 1; i <= options.SeedPayments; i++)
        {
            var order = faker.PickRandom(orders);
            var fields = new JsonObject
            {
                ["name"] = $"PAY-{i:D5}",
                ["account_id"] = order.AccountId,
                ["order_id"] = order.Id,
                ["payment_amount"] = Math.Round(order.Amount * faker.PickRandom(1m, 0.5m, 0.3m), 2),
                ["mc_currency"] = order.Currency, // a multi-currency tenant: a standard PaymentObj has no currency otherwise
                ["payment_time"] = Math.Min(now, order.Time + faker.Random.Long(0, (long)TimeSpan.FromDays(10).TotalMilliseconds)),
                ["payment_term"] = faker.PickRandom("transfer", "cheque", "online"),
            };
            Import(store, faker, "PaymentObj", fields, from, now, import);
        }
    }

    private static string Import(FxiaokeRecordStore store, Faker faker, string api, JsonObject fields, long from, long now, long import)
    {
        var id = faker.Random.Hexadecimal(24, prefix: "");
        var created = faker.Random.Long(from, now - 1);
        var modified = faker.Random.Bool(0.35f) && import >= created ? import : faker.Random.Long(created, now);
        store.Import(api, id, fields, created, modified, modified == created ? 1 : faker.Random.Int(2, 6));
        return id;
    }
}
