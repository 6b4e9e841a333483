namespace IntegrationHub.Connectors.Http.Options;

/// <summary>Limits the vendors publish (see <c>vendor-apis.md</c>), as defaults for <see cref="ConnectorLimitOptions"/>.</summary>
public static class PublishedLimits
{
    /// <summary>Xero: 5 concurrent calls, 60 per minute and 5,000 per day per tenant (https://developer.xero.com/documentation/guides/oauth2/limits/).</summary>
    public static void Xero(ConnectorLimitOptions limits)
    {
        Set(limits, concurrency: 5, permits: 60, TimeSpan.FromMinutes(1));
        limits.DailyPermitLimit = 5000;
    }

    /// <summary>Fxiaoke: 60 calls per 20 seconds per interface (community source), applied per request path as the vendor states.</summary>
    public static void Fxiaoke(ConnectorLimitOptions limits)
    {
        Set(limits, concurrency: 10, permits: 60, TimeSpan.FromSeconds(20));
        limits.PerPath = true;
    }

    /// <summary>
    /// Kingdee K3Cloud: no published WebAPI rate; a cloud tenant is throttled (429 with Retry-After), so the hub paces itself
    /// at 10 concurrent calls and 600 a minute by default (what the sandbox enforces); set <c>Connectors:Kingdee:Limits</c>
    /// to the data centre's real throttle, or <c>PermitLimit</c> 0 for an on-premise server without one.
    /// </summary>
    public static void Kingdee(ConnectorLimitOptions limits) => Set(limits, concurrency: 10, permits: 600, TimeSpan.FromMinutes(1));

    /// <summary>Mailchimp: 10 concurrent connections per API key; no published rate.</summary>
    public static void Mailchimp(ConnectorLimitOptions limits) => Set(limits, concurrency: 10, permits: 0, TimeSpan.FromMinutes(1));

    private static void Set(ConnectorLimitOptions limits, int concurrency, int permits, TimeSpan window)
    {
        limits.MaxConcurrency = concurrency;
        limits.PermitLimit = permits;
        limits.Window = window;
    }
}
