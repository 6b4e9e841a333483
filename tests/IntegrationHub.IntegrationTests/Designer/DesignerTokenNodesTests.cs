using System.Net;
using System.Net.Http.Headers;
using IntegrationHub.Host.Security;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Designer;

/// <summary>
/// Two hub nodes on one PostgreSQL store, as behind a load balancer without sticky sessions: a designer page's token made
/// by one node is taken by the other, since both protect tokens with the key ring they share in the database. A node on
/// a store of its own (another key ring) refuses it.
/// </summary>
public sealed class DesignerTokenNodesTests
{
    [Fact]
    public async Task ATokenFromOneNode_IsTakenByAnotherOnTheSameStore_AndRefusedByAHubOfItsOwn()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("designer");
        var shared = new Dictionary<string, string?> { ["Store:Provider"] = "postgresql", ["Store:ConnectionString"] = database };
        var workflows = new Dictionary<string, string> { ["saved-flow.yaml"] = ElsaApiAccessTests.Flow };
        await using var first = await HubTestHost.StartAsync(new Dictionary<string, string?>(shared), workflows);
        await using var second = await HubTestHost.StartAsync(new Dictionary<string, string?>(shared), workflows);
        await using var alone = await HubTestHost.StartAsync(null, workflows);

        var token = first.App.Services.GetRequiredService<DesignerTokens>().Issue("erp-test", ApiKeyRing.Fingerprint(HubTestHost.ApiKey), TimeSpan.FromMinutes(10));

        using var onFirst = await GetAsync(first, token);
        using var onSecond = await GetAsync(second, token);
        using var onAnotherRing = await GetAsync(alone, token);
        Assert.Equal(HttpStatusCode.OK, onFirst.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.Contains("saved-flow", await onSecond.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, onAnotherRing.StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(HubTestHost hub, string token)
    {
        using var http = new HttpClient { BaseAddress = hub.Http.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", token);
        var response = await http.GetAsync("elsa/api/workflow-definitions/by-definition-id/saved-flow");
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
