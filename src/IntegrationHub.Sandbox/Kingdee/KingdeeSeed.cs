using System.Text.Json.Nodes;
using Bogus;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>
/// Realistic ERP data from a fixed seed: customers with Chinese company names and tax numbers, sales orders of an industrial
/// catalogue with 13/9/6 % VAT in CNY/USD/EUR, in every document status. Modification times fall on four 10-second slots a
/// day over the last 30 days, so several documents share one <c>FModifyDate</c> (the boundary case of incremental reads).
/// </summary>
internal static class KingdeeSeed
{
    /// <summary>K3Cloud preset currency numbers and their ISO codes.</summary>
    public static readonly IReadOnlyDictionary<string, string> Currencies = new Dictionary<string, string>
    {
        ["PRE001"] = "CNY", ["PRE002"] = "HKD", ["PRE003"] = "EUR", ["PRE004"] = "JPY", ["PRE005"] = "TWD", ["PRE006"] = "GBP", ["PRE007"] = "USD",
    };

    internal static readonly (string Number, string Name, decimal Price)[] Materials =
    [
        ("MAT-VALVE-25", "Ball valve DN25", 86.50m), ("MAT-VALVE-50", "Ball valve DN50", 212.00m), ("MAT-PUMP-3K", "Centrifugal pump 3 kW", 4_380.00m),
        ("MAT-BEAR-6205", "Deep groove bearing 6205", 18.40m), ("MAT-GEAR-M3", "Spur gear module 3", 145.00m), ("MAT-SENS-PT100", "PT100 temperature sensor", 96.80m),
        ("MAT-PLC-S7", "PLC controller", 6_950.00m), ("MAT-CABLE-4", "Control cable 4x1.5 (m)", 7.35m), ("MAT-FLANGE-80", "Steel flange DN80", 64.00m),
        ("MAT-MOTOR-7K", "Induction motor 7.5 kW", 5_260.00m),
    ];

    private static readonly decimal[] TaxRates = [13m, 9m, 6m];
    private static readonly string[] Statuses = ["Z", "A", "A", "A", "B", "C", "C", "D"];

    public static string? MaterialName(string number) => Materials.FirstOrDefault(m => m.Number == number).Name;

    public static void Fill(KingdeeStore store, int seed, int customers, int orders, DateTimeOffset now, int historyMonths = 0)
    {
        var faker = new Faker("zh_CN") { Random = new Randomizer(seed) };
        var start = KingdeeDates.Local(now.AddDays(-30));
        string Slot() => KingdeeDates.Format(start.AddDays(faker.Random.Int(0, 29)).AddSeconds(faker.Random.Int(0, 3) * 10));
        var numbers = new List<(string Number, string Name)>();
        for (var i = 1; i <= customers; i++)
        {
            var number = $"CUST{i:0000}";
            var name = faker.Company.CompanyName();
            numbers.Add((number, name));
            store.Seed(KingdeeForms.Customer, new JsonObject
            {
                ["FNumber"] = number,
                ["FName"] = name,
                ["FShortName"] = name.Length > 4 ? name[..4] : name,
                ["FTEL"] = KingdeePhones.Next(faker.Random),
                ["FTAXREGISTERCODE"] = KingdeeTaxCodes.Next(faker.Random),
                ["FTRADINGCURRID.FNumber"] = faker.PickRandom("PRE001", "PRE001", "PRE007", "PRE003"),
                ["FDocumentStatus"] = faker.PickRandom("A", "A", "C"),
                ["FForbidStatus"] = faker.Random.Bool(0.05f) ? "B" : "A",
                ["FCreateOrgId.FNumber"] = "100",
                ["FUseOrgId.FNumber"] = "100",
                ["FCreateDate"] = KingdeeDates.Format(start),
                ["FModifyDate"] = Slot(),
            }, []);
        }

        var history = historyMonths > 0 && numbers.Count > 0 ? new SeedHistory(numbers.Count, seed, now, historyMonths, faker.Random.Int()) : null;
        for (var i = 1; i <= orders && numbers.Count > 0; i++)
        {
            var index = history?.PickCustomer();
            var customer = index is { } n ? numbers[n] : faker.PickRandom(numbers);
            var planned = index is { } m ? history!.Order(m) : default;
            var entries = new List<JsonObject>();
            var total = 0m;
            foreach (var material in faker.PickRandom(Materials, faker.Random.Int(1, 4)))
            {
                var qty = faker.Random.Int(1, 50);
                var rate = faker.PickRandom(TaxRates);
                var taxPrice = decimal.Round(material.Price * (1 + (rate / 100)), 2);
                var amount = decimal.Round(qty * taxPrice, 2);
                total += amount;
                entries.Add(new JsonObject
                {
                    ["FMaterialId.FNumber"] = material.Number,
                    ["FMaterialId.FName"] = material.Name,
                    ["FQty"] = qty,
                    ["FPrice"] = material.Price,
                    ["FTaxPrice"] = taxPrice,
                    ["FEntryTaxRate"] = rate,
                    ["FAllAmount"] = amount,
                });
            }

            store.Seed(KingdeeForms.SaleOrder, new JsonObject
            {
                ["FBillNo"] = $"XSDD{i:000000}",
                ["FDate"] = history is null ? KingdeeDates.Format(start.Date.AddDays(faker.Random.Int(0, 29))) : planned.Date,
                ["FCustId.FNumber"] = customer.Number,
                ["FCustId.FName"] = customer.Name,
                ["FSaleOrgId.FNumber"] = "100",
                ["FBillTypeID.FNumber"] = "XSDD01_SYS",
                ["FSettleCurrId.FNumber"] = faker.PickRandom("PRE001", "PRE001", "PRE007", "PRE003"),
                ["FBillAllAmount"] = total,
                ["FDocumentStatus"] = history is null ? faker.PickRandom(Statuses) : planned.Status,
                ["FNote"] = faker.Random.Bool(0.3f) ? faker.Lorem.Sentence() : null,
                ["FCreateDate"] = history is null ? KingdeeDates.Format(start) : planned.Date,
                ["FModifyDate"] = history is null ? Slot() : planned.Modified,
            }, entries);
        }
    }

    /// <summary>
    /// Orders spread over <c>months</c> of history by <see cref="History.CustomerHistory"/>: customers picked by their kind's
    /// weight, dates in their active periods with the season's weight; an order is modified on its day (so incremental
    /// reads meet them in date order) and, once older than a month, audited.
    /// </summary>
    private sealed class SeedHistory(int customers, int seed, DateTimeOffset now, int months, int randomSeed)
    {
        private readonly Random _random = new(randomSeed);
        private readonly DateOnly _today = DateOnly.FromDateTime(KingdeeDates.Local(now));
        private readonly double[] _cumulative = Cumulative(customers, seed);

        public int PickCustomer()
        {
            var index = Array.BinarySearch(_cumulative, _random.NextDouble() * _cumulative[^1]);
            return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
        }

        public (string Date, string Modified, string Status) Order(int index)
        {
            var date = History.CustomerHistory.OrderDate(index + 1, seed, _today, months, _random);
            var day = date.ToDateTime(TimeOnly.MinValue);
            var modified = day.AddHours(8 + _random.Next(10)).AddSeconds(_random.Next(0, 6) * 10);
            var local = KingdeeDates.Local(now);
            var status = _today.DayNumber - date.DayNumber > 30 ? (_random.NextDouble() < 0.9 ? "C" : "Z") : Statuses[_random.Next(Statuses.Length)];
            return (KingdeeDates.Format(day), KingdeeDates.Format(modified > local ? local : modified), status);
        }

        private static double[] Cumulative(int customers, int seed)
        {
            var sums = new double[customers];
            var total = 0d;
            for (var i = 0; i < customers; i++)
            {
                total += History.CustomerHistory.Weight(History.CustomerHistory.KindOf(i + 1, seed));
                sums[i] = total;
            }

            return sums;
        }
    }
}
