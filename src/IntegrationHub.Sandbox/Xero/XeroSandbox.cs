using IntegrationHub.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Sandbox.Xero;

/// <summary>
/// An emulated Xero organisation on 127.0.0.1 (its own Kestrel server): client-credentials tokens, seeded invoices,
/// contacts and payments, paging and If-Modified-Since, per-invoice validation errors, and Xero's limits per tenant answered 429 with
/// Retry-After. Fresh credentials per start; the token URL is <c>{BaseUrl}connect/token</c>.
/// </summary>
public sealed class XeroSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    private XeroSandbox(WebApplication app, Uri baseUrl, XeroCredentials credentials, XeroTokenIssuer tokens, XeroInvoiceStore store, XeroContactStore contacts, XeroPaymentStore payments)
    {
        Payments = payments;
        _app = app;
        BaseUrl = baseUrl;
        Credentials = credentials;
        Tokens = tokens;
        Invoices = store;
        Contacts = contacts;
    }

    public Uri BaseUrl { get; }

    public Uri TokenUrl => new(BaseUrl, "connect/token");

    public XeroCredentials Credentials { get; }

    public XeroTokenIssuer Tokens { get; }

    public XeroInvoiceStore Invoices { get; }

    public XeroContactStore Contacts { get; }

    /// <summary>Payments on receivables; <see cref="XeroPaymentStore.Pay"/> is a customer paying.</summary>
    public XeroPaymentStore Payments { get; }

    public static async Task<XeroSandbox> StartAsync(XeroSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new XeroSandboxOptions();
        var time = options.Time ?? TimeProvider.System;
        var credentials = XeroCredentials.Generate();
        var tokens = new XeroTokenIssuer(time);
        var contacts = new XeroContactStore(time);
        var store = new XeroInvoiceStore(time, contacts);
        var payments = new XeroPaymentStore(time, store);
        XeroSeed.Fill(store, contacts, payments, options.Seed, options.Contacts, options.Invoices, time.GetUtcNow(), options.HistoryMonths);
        var (app, baseUrl) = await SandboxHost.StartAsync(
            options.Port,
            services => services.AddRateLimiter(o => options.Limits.Apply(o, TenantOf)),
            options.ConfigurePipeline,
            app => XeroSandboxEndpoints.Map(app, credentials, tokens, store, contacts, payments, time),
            cancellationToken).ConfigureAwait(false);
        return new XeroSandbox(app, baseUrl, credentials, tokens, store, contacts, payments);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    // Xero limits each tenant (organisation) of an app; the token endpoint is not part of that budget.
    private static string? TenantOf(HttpContext context) =>
        context.Request.Path.StartsWithSegments(XeroSandboxEndpoints.Api, StringComparison.Ordinal) ? "tenant:" + context.Request.Headers["xero-tenant-id"] : null;
}
