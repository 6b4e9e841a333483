using Bogus;
using IntegrationHub.Orders;

namespace IntegrationHub.Sandbox.Erp;

/// <summary>Realistic ERP sales orders: a fixed customer base, a product catalogue, VAT rates, amounts in CNY/USD/EUR.</summary>
public sealed class ErpOrderFaker
{
    private static readonly (string Sku, string Name, decimal Price)[] Catalogue =
    [
        ("SKU-PUMP-100", "Centrifugal pump 100 L/min", 1_280.00m),
        ("SKU-VALVE-25", "Ball valve DN25 stainless", 86.50m),
        ("SKU-MOTOR-7K", "Motor 7.5 kW IE3", 3_450.00m),
        ("SKU-SENSOR-P", "Pressure sensor 0-16 bar", 312.40m),
        ("SKU-CABLE-50", "Control cable 50 m", 149.90m),
        ("SKU-PLC-S7", "PLC controller S7 compatible", 5_980.00m),
        ("SKU-FILTER-H", "Hydraulic filter element", 42.75m),
        ("SKU-GEAR-R3", "Reduction gearbox i=3", 2_140.00m),
    ];

    private static readonly decimal[] TaxRates = [0.13m, 0.09m, 0.06m];
    private readonly Faker _faker;
    private readonly (string Number, string Name, string Currency)[] _customers;
    private long _sequence;

    public ErpOrderFaker(int customers, int seed)
    {
        _faker = new Faker("en") { Random = new Randomizer(seed) };
        _customers = Enumerable.Range(1, customers)
            .Select(i => ($"CUST{i:D5}", _faker.Company.CompanyName(), _faker.Random.WeightedRandom(["CNY", "USD", "EUR"], [0.7f, 0.2f, 0.1f])))
            .ToArray();
    }

    public SalesOrder Next(DateOnly today)
    {
        var (number, name, currency) = _faker.PickRandom(_customers);
        var lines = Enumerable.Range(0, _faker.Random.Int(1, 5)).Select(_ =>
        {
            var (sku, description, price) = _faker.PickRandom(Catalogue);
            return new OrderLine
            {
                Sku = sku,
                Description = description,
                Quantity = _faker.Random.Int(1, 40),
                UnitPrice = price,
                TaxRate = _faker.PickRandom(TaxRates),
            };
        }).ToList();
        return new SalesOrder
        {
            OrderNumber = $"SO{today:yyyyMMdd}-{Interlocked.Increment(ref _sequence):D6}",
            CustomerNumber = number,
            CustomerName = name,
            OrderDate = today,
            Currency = currency,
            Lines = lines,
            TotalAmount = lines.Sum(l => l.GrossAmount),
        };
    }
}
