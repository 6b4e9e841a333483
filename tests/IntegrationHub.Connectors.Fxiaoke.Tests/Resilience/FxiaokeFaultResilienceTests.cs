using TestRecords = IntegrationHub.Connectors.Fxiaoke.Tests.Connector.Records;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Fxiaoke.Api;
using IntegrationHub.Connectors.Fxiaoke.Tests.Connector;
using IntegrationHub.Sandbox.Faults;
using IntegrationHub.Sandbox.Fxiaoke;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Connectors.Fxiaoke.Tests.Resilience;

/// <summary>
/// The connector against the sandbox CRM with injected faults (real Kestrel, real HTTP, the shared plumbing's real pipeline).
/// The connector's clock is a FakeTimeProvider where a wait is involved, so no test waits for a Retry-After or a break.
/// </summary>
public sealed class FxiaokeFaultResilienceTests
{
    private const string QueryPath = "cgi/crm/v2/data/query";
    private static readonly FxQueryRequest Query = new(new FxQueryData("AccountObj", new FxSearchQueryInfo(10, 0, [], [])));

    [Fact]
    public async Task Throttled429_WaitsTheRetryAfterThenSucceeds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        await using var harness = FxiaokeHarness.ForSandbox(sandbox, time: clock);
        await harness.Client.QueryAsync(Query); // token in hand
        sandbox.Faults.Apply(new FaultProfile { ErrorRate = 1, ErrorStatus = 429, ErrorRetryAfter = TimeSpan.FromSeconds(3), MaxFaults = 1 });

        var call = harness.Client.QueryAsync(Query);
        await Eventually.Await(() => harness.Logs.Any(l => l.Contains("retrying as attempt 2 after status 429", StringComparison.Ordinal)), ok => ok);
        Assert.Contains(harness.Logs, l => l.Contains("retrying as attempt 2 after status 429", StringComparison.Ordinal) && l.Contains("waiting 3000 ms", StringComparison.Ordinal));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(3));
        var response = await call;

        Assert.Equal(0, response.ErrorCode);
        Assert.Equal(3, harness.Attempts(QueryPath));
        Assert.Equal(1, sandbox.Faults.Counts.Errors);
    }

    [Fact]
    public async Task ServerErrors_RetriedThenSucceeds()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        await using var harness = FxiaokeHarness.ForSandbox(sandbox);
        await harness.Client.QueryAsync(Query);
        sandbox.Faults.Apply(new FaultProfile { ErrorRate = 1, ErrorStatus = 502, MaxFaults = 2 });

        var response = await harness.Client.QueryAsync(Query);

        Assert.Equal(0, response.ErrorCode);
        Assert.Equal(4, harness.Attempts(QueryPath));
        Assert.Equal(2, sandbox.Faults.Counts.Errors);
    }

    [Fact]
    public async Task Circuit_OpensAfterFailures_FailsFastWithoutCalling_HalfOpensAfterTheBreak_ClosesOnASuccessfulTrial()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        await using var harness = FxiaokeHarness.ForSandbox(sandbox, new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:Retry:MaxRetries"] = "0",
            ["Connectors:Fxiaoke:CircuitBreaker:MinimumThroughput"] = "2",
            ["Connectors:Fxiaoke:CircuitBreaker:FailureRatio"] = "0.5",
            ["Connectors:Fxiaoke:CircuitBreaker:BreakDuration"] = "00:00:30",
        }, clock);
        var circuits = harness.Services.GetRequiredService<IConnectorCircuits>();
        await harness.Client.QueryAsync(Query);
        sandbox.Faults.Apply(new FaultProfile { ErrorRate = 1, ErrorStatus = 500 });

        await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.QueryAsync(Query));
        await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.QueryAsync(Query));
        var requestsWhenOpened = sandbox.Faults.Counts.Requests;
        var fast = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.QueryAsync(Query));
        var health = await harness.Connector.CheckHealthAsync();

        Assert.Equal(ConnectorCircuitState.Open, circuits.Get("fxiaoke")!.State);
        Assert.Equal(requestsWhenOpened, sandbox.Faults.Counts.Requests);
        Assert.NotNull(fast.RetryAfter);
        Assert.Equal(ConnectorHealthStatus.Unhealthy, health.Status);

        sandbox.Faults.Clear();
        clock.Advance(TimeSpan.FromSeconds(31));
        var trial = await harness.Client.QueryAsync(Query);

        Assert.Equal(0, trial.ErrorCode);
        Assert.Equal(requestsWhenOpened + 1, sandbox.Faults.Counts.Requests);
        Assert.Contains(harness.Logs, l => l.Contains("circuit half-open", StringComparison.Ordinal));
        Assert.Equal(ConnectorCircuitState.Closed, circuits.Get("fxiaoke")!.State);
        Assert.Equal(ConnectorHealthStatus.Healthy, (await harness.Connector.CheckHealthAsync()).Status);
    }

    [Fact]
    public async Task ConnectionReset_QueryRetried_CreateNotRepeated()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        await using var harness = FxiaokeHarness.ForSandbox(sandbox);
        await harness.Client.QueryAsync(Query);

        sandbox.Faults.Apply(new FaultProfile { ResetRate = 1, MaxFaults = 1 });
        var response = await harness.Client.QueryAsync(Query);
        sandbox.Faults.Apply(new FaultProfile { ResetRate = 1, MaxFaults = 1 });
        var before = sandbox.Faults.Counts.Requests;
        var create = new FxWriteRequest(new FxWriteData(new JsonObject { ["dataObjectApiName"] = "AccountObj", ["name"] = "Reset Co" }));
        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.CreateAsync(create));

        Assert.Equal(0, response.ErrorCode);
        Assert.Equal(3, harness.Attempts(QueryPath));
        Assert.Equal(2, sandbox.Faults.Counts.Resets);
        Assert.Equal(before + 1, sandbox.Faults.Counts.Requests);
        Assert.Equal("fxiaoke", error.Connector);
        Assert.Empty(sandbox.Records.All("AccountObj"));
    }

    [Fact]
    public async Task BatchUpsert_ACreateFailsWith503_ThatRecordIsLookedUpAndWrittenAgain_TheBatchSucceeds()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions
        {
            Faults = new FaultProfile { ErrorRate = 1, ErrorStatus = 503, MaxFaults = 1, Paths = ["/cgi/crm/v2/data/create"] },
        });
        await using var harness = FxiaokeHarness.ForSandbox(sandbox);
        var batch = Enumerable.Range(1, 3).Select(i => TestRecords.Customer($"CUST0050{i}", new { name = $"Customer {i}" })).ToList();

        var results = await harness.Entity(CanonicalEntity.Customer).Upserter!.UpsertAsync(batch);

        Assert.All(results, r => Assert.Equal(RecordUpsertStatus.Created, r.Status));
        Assert.Equal(1, sandbox.Faults.Counts.Errors);
        Assert.Equal(3, sandbox.Records.Count("AccountObj"));
        Assert.Equal(4, harness.Attempts("cgi/crm/v2/data/create"));
        Assert.Equal(2, harness.Attempts(QueryPath)); // one IN query for the batch, one fresh lookup for the record run again
    }

    [Fact]
    public async Task SlowResponse_HitsTheAttemptTimeout_Transient_ThenServesWhenFast()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        await using var harness = FxiaokeHarness.ForSandbox(sandbox, new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:AttemptTimeout"] = "00:00:00.200",
            ["Connectors:Fxiaoke:Timeout"] = "00:00:02",
            ["Connectors:Fxiaoke:Retry:MaxRetries"] = "1",
        });
        await harness.Client.QueryAsync(Query);
        sandbox.Faults.Apply(new FaultProfile { Latency = TimeSpan.FromSeconds(30) });

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => harness.Client.QueryAsync(Query));
        sandbox.Faults.Clear();
        var response = await harness.Client.QueryAsync(Query);

        Assert.Equal(2, sandbox.Faults.Counts.Delayed);
        Assert.Contains("tim", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, response.ErrorCode);
    }

    [Fact]
    public async Task ExpiredToken_RenewedOnceAndTheCallRetriedOnce()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync();
        await using var harness = FxiaokeHarness.ForSandbox(sandbox);
        await harness.Client.QueryAsync(Query);
        sandbox.Faults.Apply(new FaultProfile { TokenExpiryRate = 1, MaxFaults = 1 });

        var records = await Changes.ReadAllAsync(harness.Entity(CanonicalEntity.Customer).Reader!);

        Assert.Empty(records.Records);
        Assert.Equal(2, sandbox.Tokens.Issued);
        Assert.Equal(1, sandbox.Faults.Counts.TokenExpiries);
        Assert.Single(harness.Logs, l => l.Contains("rejected the access token on query", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OutageWindow_TransientCarryingTheWait_ThenRecovers()
    {
        var crmClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await FxiaokeSandbox.StartAsync(time: crmClock);
        await using var harness = FxiaokeHarness.ForSandbox(sandbox);
        foreach (var n in new[] { "O1", "O2", "O3" })
        {
            sandbox.Records.Create("AccountObj", new JsonObject { ["name"] = n, ["erp_customer_no__c"] = n }, null);
        }

        sandbox.Faults.Apply(new FaultProfile { Outages = [new OutageWindow { Duration = TimeSpan.FromMinutes(5) }] });
        var reader = harness.Entity(CanonicalEntity.Customer).Reader!;

        var error = await Assert.ThrowsAsync<ConnectorTransientException>(() => Changes.ReadAllAsync(reader));
        var health = await harness.Connector.CheckHealthAsync();
        crmClock.Advance(TimeSpan.FromMinutes(5));
        var after = await Changes.ReadAllAsync(reader);

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), error.RetryAfter);
        Assert.Equal(ConnectorHealthStatus.Unhealthy, health.Status);
        Assert.Equal(3, after.Records.Count);
    }

    [Fact]
    public async Task IncrementalRead_UnderRandomFaults_ResumingFromTheLastCursor_EveryRecordExactlyOnce()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions
        {
            SeedAccounts = 10, SeedOrders = 60, SeedPayments = 10,
            Faults = new FaultProfile { ErrorRate = 0.25, ErrorStatus = 503, ResetRate = 0.1, TokenExpiryRate = 0.05, Seed = 11 },
        });
        await using var harness = FxiaokeHarness.ForSandbox(sandbox, new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:PageSize"] = "6",
            ["Connectors:Fxiaoke:Retry:MaxRetries"] = "1",
            ["Connectors:Fxiaoke:CircuitBreaker:MinimumThroughput"] = "1000",
        });
        var reader = harness.Entity(CanonicalEntity.Order).Reader!;
        var delivered = new List<string>();
        string? cursor = null;
        var failures = 0;

        while (true)
        {
            try
            {
                await foreach (var page in reader.ReadChangesAsync(cursor))
                {
                    delivered.AddRange(page.Records.Select(r => r.ExternalId));
                    cursor = page.Cursor; // persisted after the page is processed
                }

                break;
            }
            catch (ConnectorTransientException)
            {
                Assert.True(++failures < 100, "the read keeps failing");
            }
        }

        Assert.True(failures > 0, "the faults made some reads fail past the connector's retries");
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.Equal(sandbox.Records.All("SalesOrderObj").Select(r => r["_id"]!.GetValue<string>()).Order(StringComparer.Ordinal), delivered.Order(StringComparer.Ordinal));
        Assert.True(sandbox.Faults.Counts.Errors + sandbox.Faults.Counts.Resets > 0);
    }

    [Fact]
    public async Task BatchUpsert_UnderFaults_RetriedAsAWhole_EveryRecordOnce_RefusalsKeepTheirIdentity()
    {
        await using var sandbox = await FxiaokeSandbox.StartAsync(new FxiaokeSandboxOptions
        {
            Faults = new FaultProfile { ErrorRate = 0.2, ErrorStatus = 500, ResetRate = 0.05, Seed = 5 },
        });
        await using var harness = FxiaokeHarness.ForSandbox(sandbox, new Dictionary<string, string?>
        {
            ["Connectors:Fxiaoke:CircuitBreaker:MinimumThroughput"] = "1000",
        });
        var batch = Enumerable.Range(1, 12)
            .Select(i => TestRecords.Customer($"CUST{i:D5}", i == 7 ? new { valueTier = "C" } : new { name = $"Customer {i}" }))
            .ToList();
        IReadOnlyList<RecordUpsertResult>? results = null;
        var attempts = 0;

        while (results is null)
        {
            attempts++;
            try
            {
                results = await harness.Entity(CanonicalEntity.Customer).Upserter!.UpsertAsync(batch);
            }
            catch (ConnectorTransientException)
            {
                Assert.True(attempts < 50, "the batch keeps failing");
            }
        }

        Assert.True(attempts > 1, "the faults failed the batch at least once");
        Assert.Equal(11, sandbox.Records.Count("AccountObj"));
        Assert.Equal(11, sandbox.Records.All("AccountObj").Select(a => a["erp_customer_no__c"]!.GetValue<string>()).Distinct().Count());
        var failed = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(new RecordIdentity("erp", CanonicalEntity.Customer, "CUST00007"), failed.Error!.Record);
    }
}
