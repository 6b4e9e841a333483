using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using IntegrationHub.Host.Http;
using IntegrationHub.Host.Orders;

namespace IntegrationHub.Benchmarks.Micro;

/// <summary>
/// What the strict JSON policy costs per pushed order: a plain <see cref="JsonDocument"/> parse of a 20-line order body,
/// the strict parse (the walk over every name, string and number), and the whole order parser on top of it.
/// </summary>
public class OrderBodyBenchmarks
{
    private byte[] _body = null!;

    [GlobalSetup]
    public void Setup()
    {
        var lines = string.Join(",", Enumerable.Range(1, 20).Select(i =>
            $$"""{ "sku": "SKU-{{i:000}}", "description": "Pump part {{i}} with a longer description", "quantity": {{i}}, "unitPrice": 12.50, "taxRate": 0.13 }"""));
        var total = Enumerable.Range(1, 20).Sum(i => decimal.Round(i * 12.50m * 1.13m, 2, MidpointRounding.AwayFromZero));
        _body = Encoding.UTF8.GetBytes($$"""
            { "orderNumber": "SO-BENCH-1", "customerNumber": "CUST00042", "customerName": "Acme Pumps Ltd", "orderDate": "2026-11-23",
              "currency": "CNY", "notes": "deliver to dock 4", "lines": [ {{lines}} ], "totalAmount": {{total.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }
            """);
    }

    [Benchmark(Baseline = true)]
    public int PlainParse()
    {
        using var document = JsonDocument.Parse(_body);
        return document.RootElement.GetArrayLength("lines");
    }

    [Benchmark]
    public int StrictParse()
    {
        using var document = StrictJson.Parse(_body, out _);
        return document!.RootElement.GetArrayLength("lines");
    }

    [Benchmark]
    public int OrderParser() => OrderRequestParser.Parse(_body).Order!.Lines.Count;
}

internal static class JsonElementExtensions
{
    public static int GetArrayLength(this JsonElement element, string property) => element.GetProperty(property).GetArrayLength();
}
