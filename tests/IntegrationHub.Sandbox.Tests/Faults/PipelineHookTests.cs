using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Kingdee;
using IntegrationHub.Sandbox.Mailchimp;

namespace IntegrationHub.Sandbox.Tests.Faults;

/// <summary>The other sandboxes take fault injection through their pipeline hook in one line.</summary>
public sealed class PipelineHookTests
{
    [Fact]
    public async Task Mailchimp_FaultsThroughConfigurePipeline_503ThenServes_AdminOnItsRoot()
    {
        var faults = new SandboxFaults("Mailchimp", TimeProvider.System, profile: new FaultProfile { ErrorRate = 1, MaxFaults = 1 });
        await using var sandbox = await MailchimpSandbox.StartAsync(new MailchimpSandboxOptions { SeedMembers = 1, ConfigurePipeline = app => app.UseSandboxFaults(faults) });
        using var client = new HttpClient();

        using var first = await client.GetAsync(sandbox.BaseUrl);
        using var second = await client.GetAsync(sandbox.BaseUrl);
        using var admin = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.BaseUrl, "/" + SandboxFaults.AdminPath));
        admin.Headers.Add(SandboxFaults.AdminKeyHeader, faults.AdminKey);
        using var shown = await client.SendAsync(admin);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(1, (await shown.Content.ReadFromJsonAsync<JsonObject>())!["counts"]!["errors"]!.GetValue<long>());
    }

    [Fact]
    public async Task Kingdee_SessionsAttachedAfterStart_AdminExpiresThem()
    {
        var faults = new SandboxFaults("Kingdee", TimeProvider.System);
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions { ConfigurePipeline = app => app.UseSandboxFaults(faults) });
        faults.Tokens = new DelegateTokenExpiry(sandbox.Sessions.ExpireAll);
        var session = sandbox.Sessions.Open();
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add(SandboxFaults.AdminKeyHeader, faults.AdminKey);

        Assert.True(sandbox.Sessions.Touch(session));
        using var expire = await client.PostAsync(new Uri(sandbox.BaseUrl, "/" + SandboxFaults.AdminPath + "/expire-tokens"), null);

        Assert.Equal(HttpStatusCode.NoContent, expire.StatusCode);
        Assert.False(sandbox.Sessions.Touch(session));
    }
}
