using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Orders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Sandbox.Erp;

/// <summary>
/// Plays the ERP in demo mode: pushes generated orders to <c>POST /api/v1/orders</c> with an <c>Idempotency-Key</c> at a
/// steady rate, sometimes repeating a push as a flaky ERP would. Starts once the hub's address is known.
/// </summary>
public sealed partial class ErpOrderGenerator(
    IOptions<OrderGeneratorOptions> options,
    OrderGeneratorTarget target,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<ErpOrderGenerator> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = IntegrationHub.Orders.CanonicalJson.Options;
    private long _sent;
    private long _accepted;
    private long _replayed;
    private long _errors;

    public (long Sent, long Accepted, long Replayed, long Errors) Stats =>
        (Interlocked.Read(ref _sent), Interlocked.Read(ref _accepted), Interlocked.Read(ref _replayed), Interlocked.Read(ref _errors));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var (baseUrl, apiKey) = await target.WaitAsync(stoppingToken).ConfigureAwait(false);
        using var http = httpClients.CreateClient(nameof(ErpOrderGenerator));
        http.BaseAddress = baseUrl;
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var faker = new ErpOrderFaker(o.Customers, o.Seed);
        var random = new Random(o.Seed);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / o.OrdersPerSecond), time);
        LogStarted(logger, baseUrl, o.OrdersPerSecond);
        (SalesOrder Order, string Key)? previous = null;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            (SalesOrder Order, string Key) push = previous is { } p && random.NextDouble() < o.DuplicateRate
                ? p
                : (faker.Next(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)), Guid.NewGuid().ToString());
            previous = push;
            await PushAsync(http, push.Order, push.Key, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task PushAsync(HttpClient http, SalesOrder order, string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sent);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders") { Content = JsonContent.Create(order, options: Json) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                Interlocked.Increment(ref response.Headers.Contains("Idempotent-Replayed") ? ref _replayed : ref _accepted);
            }
            else
            {
                Interlocked.Increment(ref _errors);
                LogRejected(logger, order.OrderNumber, (int)response.StatusCode);
            }
        }
        catch (HttpRequestException ex)
        {
            Interlocked.Increment(ref _errors);
            LogFailed(logger, order.OrderNumber, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo ERP pushing orders to {BaseUrl} at {Rate}/s")]
    private static partial void LogStarted(ILogger logger, Uri baseUrl, double rate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo ERP push of {OrderNumber} answered {Status}")]
    private static partial void LogRejected(ILogger logger, string orderNumber, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo ERP push of {OrderNumber} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string orderNumber, string reason);
}
