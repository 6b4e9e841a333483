using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Fxiaoke;
using IntegrationHub.Sandbox.Kingdee;
using IntegrationHub.Sandbox.Mailchimp;
using IntegrationHub.Sandbox.Salesforce;
using IntegrationHub.Sandbox.Xero;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Sandbox.Hosting;

/// <summary>How each vendor sandbox starts with its fault injection, and the connector settings that point at it.</summary>
internal static class VendorSandboxes
{
    /// <summary>The sandboxes besides the CRM core, in start order.</summary>
    public static readonly Func<IConfiguration, CancellationToken, Task<RunningSandbox>>[] Others = [KingdeeAsync, XeroAsync, MailchimpAsync, SalesforceAsync];

    private static readonly SandboxLimits NoLimits = new(0, 0, TimeSpan.FromMinutes(1), 0);

    /// <summary><c>Sandbox:PublishedLimits</c> (default true): the sandboxes enforce the vendors' published rate limits; false turns them off (to measure what the hub itself costs).</summary>
    private static bool PublishedLimits(IConfiguration configuration) => configuration.GetValue("Sandbox:PublishedLimits", true);

    /// <summary>
    /// <c>Sandbox:Kingdee:SeedCustomers</c> (0-100,000, default 40) and <c>SeedOrders</c> (0-1,000,000, default 120): the ERP's
    /// seeded customers and sales orders, e.g. for a demo at volume; <c>HistoryMonths</c> (0-60, default 0: the last 30
    /// days) spreads the orders over that much history by customer kind.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A size is not a whole number in its range, or orders without customers.</exception>
    public static (int Customers, int Orders) KingdeeSeedSizes(IConfiguration configuration)
    {
        var defaults = new KingdeeSandboxOptions();
        var customers = Size(configuration, "Sandbox:Kingdee:SeedCustomers", defaults.Customers, 100_000);
        var orders = Size(configuration, "Sandbox:Kingdee:SeedOrders", defaults.Orders, 1_000_000);
        return customers == 0 && orders > 0
            ? throw new Microsoft.Extensions.Options.OptionsValidationException("Sandbox:Kingdee", typeof(KingdeeSandboxOptions), ["Sandbox:Kingdee:SeedOrders needs Sandbox:Kingdee:SeedCustomers above 0."])
            : (customers, orders);
    }

    private static int Size(IConfiguration configuration, string key, int fallback, int max) => configuration[key] switch
    {
        null or "" => fallback,
        var text when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= max => n,
        _ => throw new Microsoft.Extensions.Options.OptionsValidationException(key, typeof(KingdeeSandboxOptions), [$"{key} must be a whole number between 0 and {max}."]),
    };

    public static RunningSandbox Fxiaoke(FxiaokeSandbox sandbox)
    {
        var c = sandbox.Credentials;
        return new RunningSandbox("fxiaoke", sandbox.BaseUrl, sandbox.Faults, "Connectors:Fxiaoke",
        [
            new("Connectors:Fxiaoke:BaseUrl", sandbox.BaseUrl.ToString()),
            new("Connectors:Fxiaoke:AppId", c.AppId),
            new("Connectors:Fxiaoke:AppSecret", c.AppSecret),
            new("Connectors:Fxiaoke:PermanentCode", c.PermanentCode),
            new("Connectors:Fxiaoke:OperatorUserId", c.OperatorUserId),
            new("Connectors:Fxiaoke:MultiCurrency", "true"), // the sandbox tenant books payments in several currencies
        ], sandbox);
    }

    private static async Task<RunningSandbox> KingdeeAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var faults = Faults(configuration, "Kingdee");
        var (customers, orders) = KingdeeSeedSizes(configuration);
        var history = Size(configuration, "Sandbox:Kingdee:HistoryMonths", 0, 60);
        var options = PublishedLimits(configuration)
            ? new KingdeeSandboxOptions { ConfigurePipeline = app => app.UseSandboxFaults(faults), Customers = customers, Orders = orders, HistoryMonths = history }
            : new KingdeeSandboxOptions { ConfigurePipeline = app => app.UseSandboxFaults(faults), Customers = customers, Orders = orders, HistoryMonths = history, Limits = NoLimits };
        var sandbox = await KingdeeSandbox.StartAsync(options, cancellationToken).ConfigureAwait(false);
        faults.Tokens = new DelegateTokenExpiry(sandbox.Sessions.ExpireAll);
        var c = sandbox.Credentials;
        return new RunningSandbox("kingdee", sandbox.BaseUrl, faults, "Connectors:Kingdee",
        [
            new("Connectors:Kingdee:BaseUrl", sandbox.BaseUrl.ToString()),
            new("Connectors:Kingdee:AcctId", c.AcctId),
            new("Connectors:Kingdee:UserName", c.UserName),
            new("Connectors:Kingdee:Password", c.Password),
        ], sandbox);
    }

    /// <summary>
    /// Xero: <c>Sandbox:Xero:SeedContacts</c> (default 30, numbered CUST0001... like the ERP's customers),
    /// <c>SeedInvoices</c> (default 250) and <c>HistoryMonths</c> (default 0: the last 30 days; more: receivables over that
    /// history, paid as each customer's habit says).
    /// </summary>
    private static async Task<RunningSandbox> XeroAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var faults = Faults(configuration, "Xero");
        var defaults = new XeroSandboxOptions();
        var options = new XeroSandboxOptions
        {
            ConfigurePipeline = app => app.UseSandboxFaults(faults),
            Contacts = Size(configuration, "Sandbox:Xero:SeedContacts", defaults.Contacts, 100_000),
            Invoices = Size(configuration, "Sandbox:Xero:SeedInvoices", defaults.Invoices, 1_000_000),
            HistoryMonths = Size(configuration, "Sandbox:Xero:HistoryMonths", 0, 60),
            Limits = PublishedLimits(configuration) ? defaults.Limits : NoLimits,
        };
        var sandbox = await XeroSandbox.StartAsync(options, cancellationToken).ConfigureAwait(false);
        faults.Tokens = new DelegateTokenExpiry(sandbox.Tokens.ExpireAll);
        var c = sandbox.Credentials;
        return new RunningSandbox("xero", sandbox.BaseUrl, faults, "Connectors:Xero",
        [
            new("Connectors:Xero:BaseUrl", sandbox.BaseUrl.ToString()),
            new("Connectors:Xero:TenantId", c.TenantId),
            new("Connectors:Xero:OAuth2:TokenUrl", sandbox.TokenUrl.ToString()),
            new("Connectors:Xero:OAuth2:ClientId", c.ClientId),
            new("Connectors:Xero:OAuth2:ClientSecret", c.ClientSecret),
        ], sandbox);
    }

    private static async Task<RunningSandbox> MailchimpAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var faults = Faults(configuration, "Mailchimp");
        var sandbox = await MailchimpSandbox.StartAsync(new MailchimpSandboxOptions { ConfigurePipeline = app => app.UseSandboxFaults(faults) }, cancellationToken).ConfigureAwait(false);
        var c = sandbox.Credentials;
        return new RunningSandbox("mailchimp", sandbox.BaseUrl, faults, "Connectors:Mailchimp",
        [
            new("Connectors:Mailchimp:BaseUrl", sandbox.BaseUrl.ToString()),
            new("Connectors:Mailchimp:ApiKey", c.ApiKey),
            new("Connectors:Mailchimp:ListId", c.ListId),
        ], sandbox);
    }

    private static async Task<RunningSandbox> SalesforceAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var faults = Faults(configuration, "Salesforce");
        var sandbox = await SalesforceSandbox.StartAsync(new SalesforceSandboxOptions { ConfigurePipeline = app => app.UseSandboxFaults(faults) }, cancellationToken).ConfigureAwait(false);
        faults.Tokens = new DelegateTokenExpiry(sandbox.Sessions.ExpireAll);
        var c = sandbox.Credentials;
        return new RunningSandbox("salesforce", sandbox.BaseUrl, faults, "Connectors:Salesforce",
        [
            new("Connectors:Salesforce:BaseUrl", sandbox.BaseUrl.ToString()),
            new("Connectors:Salesforce:ClientId", c.ClientId),
            new("Connectors:Salesforce:ClientSecret", c.ClientSecret),
        ], sandbox);
    }

    private static SandboxFaults Faults(IConfiguration configuration, string system) =>
        new(system, TimeProvider.System, profile: FaultProfile.FromConfiguration(configuration, system));
}
