using IntegrationHub.Sandbox.Xero;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Xero.Tests.Sandbox;

/// <summary>The sandbox's pipeline hook takes a middleware in one line; here one that fails the first invoice reads with 502.</summary>
public sealed class XeroSandboxPipelineTests
{
    [Fact]
    public async Task Read_SandboxAnswers502Twice_GetsRetriedAndEveryReceivableRead()
    {
        var failures = 2;
        await using var sandbox = await XeroSandbox.StartAsync(new XeroSandboxOptions
        {
            Invoices = 40,
            ConfigurePipeline = app => app.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/api.xro/2.0/Invoices", StringComparison.Ordinal) && Interlocked.Decrement(ref failures) >= 0)
                {
                    context.Response.StatusCode = StatusCodes.Status502BadGateway;
                    return;
                }

                await next(context);
            }),
        });
        await using var harness = XeroHarness.ForSandbox(sandbox);

        var records = (await harness.ReadAllAsync()).SelectMany(p => p.Records).ToList();

        Assert.Equal(sandbox.Invoices.All("ACCREC").Count, records.Count);
        Assert.Equal(2, harness.Logs.Count(l => l.Contains("after status 502", StringComparison.Ordinal)));
    }
}
