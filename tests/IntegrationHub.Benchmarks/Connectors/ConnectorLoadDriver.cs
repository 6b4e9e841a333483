using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Connectors.Fxiaoke;
using IntegrationHub.Connectors.Fxiaoke.Api;
using IntegrationHub.Connectors.Fxiaoke.Orders;
using IntegrationHub.Orders;
using IntegrationHub.Sandbox.Erp;
using IntegrationHub.Sandbox.Fxiaoke;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Benchmarks.Connectors;

/// <summary>
/// The <c>connectors</c> mode: the Fxiaoke sandbox on its own Kestrel server and the real connector (FxiaokeClient,
/// FxiaokeOrderUpserter, the shared HTTP plumbing with its Polly pipeline and token cache) in one process. Phases: create N
/// orders, upsert the same N again (query then update), read every SalesOrderObj back in pages of 100. Upserts run on
/// <see cref="ConnectorLoadSettings.Concurrency"/> workers, each owning a disjoint set of customers (as Kafka keys give
/// the hub), so no two workers race to create one account.
/// </summary>
internal static class ConnectorLoadDriver
{
    private const int PageSize = 100;

    public static async Task<int> RunAsync(ConnectorLoadSettings settings)
    {
        using var deadline = new CancellationTokenSource(settings.Timeout);
        await using var sandbox = await FxiaokeSandbox.StartAsync(cancellationToken: deadline.Token).ConfigureAwait(false);
        await using var services = Build(sandbox, settings);
        services.GetRequiredService<IStartupValidator>().Validate();
        var sink = services.GetRequiredService<FxiaokeOrderUpserter>();
        var client = services.GetRequiredService<FxiaokeClient>();

        var faker = new ErpOrderFaker(customers: 200, seed: 42);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var orders = Enumerable.Range(0, settings.Orders).Select(_ => faker.Next(today)).ToList();
        var updates = orders.Select(o => o with { SourceVersion = o.SourceVersion + 1 }).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Fxiaoke sandbox {sandbox.BaseUrl}; {orders.Count:N0} orders of {orders.Select(o => o.CustomerNumber).Distinct().Count()} customers; concurrency {settings.Concurrency}; published limits {(settings.PublishedLimits ? "on" : "off")}; timeout {settings.Timeout.TotalSeconds:F0} s"));

        var results = new List<(string Phase, long Records, long Calls, TimeSpan Elapsed)>();
        try
        {
            // Warm-up: token, JIT, connections (10 orders outside the measured set, on their own customers).
            var warm = new ErpOrderFaker(customers: 5, seed: 7);
            await UpsertAllAsync(sink, Enumerable.Range(0, 10).Select(_ => warm.Next(today) with { CustomerNumber = "WARM-1" }).ToList(), 1, deadline.Token).ConfigureAwait(false);

            results.Add(await MeasureAsync("upsert: create orders (query account + query order + create)", orders.Count,
                () => UpsertAllAsync(sink, orders, settings.Concurrency, deadline.Token)).ConfigureAwait(false));
            results.Add(await MeasureAsync("upsert: update the same orders (query order + update)", orders.Count,
                () => UpsertAllAsync(sink, updates, settings.Concurrency, deadline.Token)).ConfigureAwait(false));
            var read = 0L;
            results.Add(await MeasureAsync($"read: SalesOrderObj pages of {PageSize}, one reader", 0,
                async () => read = await ReadAllAsync(client, deadline.Token).ConfigureAwait(false)).ConfigureAwait(false));
            results[^1] = results[^1] with { Records = read };
            results.AddRange(await HubActivitiesPhase.RunAsync(settings.Orders, deadline.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Console.WriteLine("timed out; the table shows the phases that completed");
        }

        Console.WriteLine();
        Console.WriteLine("| Phase | Records | Sandbox calls | Elapsed (s) | records/s | calls/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (phase, records, calls, elapsed) in results)
        {
            var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {phase} | {records:N0} | {calls:N0} | {elapsed.TotalSeconds:F2} | {records / seconds:N0} | {calls / seconds:N0} |"));
        }

        return deadline.IsCancellationRequested ? 1 : 0;
    }

    private static async Task<(string, long, long, TimeSpan)> MeasureAsync(string phase, long records, Func<Task> run)
    {
        var callsBefore = CallCounter.Count;
        var watch = Stopwatch.StartNew();
        await run().ConfigureAwait(false);
        watch.Stop();
        return (phase, records, CallCounter.Count - callsBefore, watch.Elapsed);
    }

    private static async Task UpsertAllAsync(FxiaokeOrderUpserter sink, List<SalesOrder> orders, int concurrency, CancellationToken cancellationToken)
    {
        // Each worker owns the customers whose number hashes to it, and upserts their orders in order (like one Kafka key).
        var workers = Enumerable.Range(0, concurrency).Select(w => orders.Where(o => Owner(o.CustomerNumber, concurrency) == w).ToList()).ToList();
        await Task.WhenAll(workers.Select(async mine =>
        {
            foreach (var order in mine)
            {
                await sink.UpsertOrderAsync(order, cancellationToken).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
    }

    private static int Owner(string customer, int workers) => (int)((uint)StringComparer.Ordinal.GetHashCode(customer) % (uint)workers);

    private static async Task<long> ReadAllAsync(FxiaokeClient client, CancellationToken cancellationToken)
    {
        var read = 0L;
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await client.QueryAsync(new FxQueryRequest(new FxQueryData(FxiaokeFields.SalesOrderObject,
                new FxSearchQueryInfo(PageSize, offset, [], [new FxOrder(FxiaokeFields.Id, true)]))), cancellationToken).ConfigureAwait(false);
            var rows = page.Data?.DataList.Count ?? 0;
            read += rows;
            if (rows < PageSize)
            {
                return read;
            }
        }
    }

    private static ServiceProvider Build(FxiaokeSandbox sandbox, ConnectorLoadSettings settings)
    {
        var c = sandbox.Credentials;
        var values = new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:BaseUrl"] = sandbox.BaseUrl.ToString(),
            ["Connectors:Fxiaoke:AppId"] = c.AppId,
            ["Connectors:Fxiaoke:AppSecret"] = c.AppSecret,
            ["Connectors:Fxiaoke:PermanentCode"] = c.PermanentCode,
            ["Connectors:Fxiaoke:OperatorUserId"] = c.OperatorUserId,
            ["Connectors:Fxiaoke:Limits:MaxConcurrency"] = Math.Max(10, settings.Concurrency * 2).ToString(CultureInfo.InvariantCulture),
        };
        if (!settings.PublishedLimits)
        {
            values["Connectors:Fxiaoke:Limits:PermitLimit"] = "0";
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddFxiaokeConnector();
        services.AddTransient<CallCounter>();
        services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler<CallCounter>());
        return services.BuildServiceProvider();
    }
}
