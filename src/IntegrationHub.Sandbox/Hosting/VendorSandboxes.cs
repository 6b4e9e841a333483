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
        ], sandbox);
    }

    private static async Task<RunningSandbox> KingdeeAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var faults = Faults(configuration, "Kingdee");
        var options = PublishedLimits(configuration)
            ? new KingdeeSandboxOptions { ConfigurePipeline = app => app.UseSandboxFaults(faults) }
            : new KingdeeSandboxOptions { ConfigurePipeline = app => app.UseSandboxFaults(faults), Limits = NoLimits };
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

    private static async Task<RunningSandbox> XeroAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var faults = Faults(configuration, "Xero");
        var options = PublishedLimits(configuration)
            ? new XeroSandboxOptions { ConfigurePipeline = app => app.UseSandboxFaults(faults) }
            : new XeroSandboxOptions { ConfigurePipeline = app => app.UseSandboxFaults(faults), Limits = NoLimits };
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
