using IntegrationHub.Sandbox.Kingdee;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Kingdee.Tests.Sandbox;

/// <summary>The sandbox's pipeline hook takes a middleware in one line; here one that fails the first queries with 503.</summary>
public sealed class KingdeeSandboxPipelineTests
{
    [Fact]
    public async Task Read_SandboxAnswers503Twice_QueriesRetriedAndEveryCustomerRead()
    {
        var failures = 2;
        await using var sandbox = await KingdeeSandbox.StartAsync(new KingdeeSandboxOptions
        {
            Customers = 9,
            Orders = 0,
            ConfigurePipeline = app => app.Use(async (context, next) =>
            {
                if (context.Request.Path.Value!.Contains("ExecuteBillQuery", StringComparison.Ordinal) && Interlocked.Decrement(ref failures) >= 0)
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                }

                await next(context);
            }),
        });
        await using var harness = KingdeeHarness.ForSandbox(sandbox, new Dictionary<string, string?> { ["Connectors:Kingdee:PageSize"] = "4" });

        var records = (await harness.ReadAllAsync(harness.Customers)).SelectMany(p => p.Records).ToList();

        Assert.Equal(9, records.Select(r => r.ExternalId).Distinct().Count());
        Assert.Equal(2, harness.Logs.Count(l => l.Contains("after status 503", StringComparison.Ordinal)));
    }
}
