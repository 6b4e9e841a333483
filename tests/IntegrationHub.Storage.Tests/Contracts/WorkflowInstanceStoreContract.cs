namespace IntegrationHub.Storage.Tests.Contracts;

/// <summary>What every <see cref="IWorkflowInstanceStore"/> guarantees, whatever the database under it.</summary>
public abstract class WorkflowInstanceStoreContract : StoreContract
{
    [Fact]
    public async Task Save_ThenGet_RoundTripsEveryField_AndSurvivesARestart()
    {
        var instance = Instance("orders", "Finished", "Faulted", incident: """{"activityId":"boom"}""");
        await Store().SaveAsync(instance);

        // A new store instance on the same database: a restart, or another node.
        var loaded = await Store().GetAsync(instance.InstanceId);

        Assert.Equal(instance, loaded);
    }

    [Fact]
    public async Task Save_SameId_ReplacesTheState()
    {
        var running = Instance("orders", "Running", "Executing");
        await Store().SaveAsync(running);

        var finished = running with { Status = "Finished", SubStatus = "Finished", FinishedAt = running.CreatedAt.AddSeconds(2), VariablesJson = """{"n":2}""" };
        await Store().SaveAsync(finished);

        Assert.Equal(finished, await Store().GetAsync(running.InstanceId));
        Assert.Single(await Store().ListAsync(new WorkflowInstanceQuery()));
    }

    [Fact]
    public async Task List_FiltersByDefinitionAndStatus_NewestFirst_WithinTheLimit()
    {
        var t0 = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        await Store().SaveAsync(Instance("a", "Finished", "Finished", t0));
        await Store().SaveAsync(Instance("a", "Finished", "Faulted", t0.AddMinutes(1)));
        await Store().SaveAsync(Instance("b", "Finished", "Faulted", t0.AddMinutes(2)));
        await Store().SaveAsync(Instance("a", "Finished", "Finished", t0.AddMinutes(3)));

        var faulted = await Store().ListAsync(new WorkflowInstanceQuery(Status: "Faulted"));
        var a = await Store().ListAsync(new WorkflowInstanceQuery(DefinitionId: "a", Limit: 2));

        Assert.Equal(["b", "a"], faulted.Select(i => i.DefinitionId).ToArray());
        Assert.Equal([t0.AddMinutes(3), t0.AddMinutes(1)], a.Select(i => i.CreatedAt).ToArray());
    }

    [Fact]
    public async Task DeleteFinishedBefore_RemovesOnlyFinishedInstancesOlderThanTheCutoff()
    {
        var t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var old = Instance("a", "Finished", "Finished", t0);
        var recent = Instance("a", "Finished", "Faulted", t0.AddDays(10));
        var suspended = Instance("a", "Suspended", "Suspended", t0);
        foreach (var i in new[] { old, recent, suspended })
        {
            await Store().SaveAsync(i);
        }

        var deleted = await Store().DeleteFinishedBeforeAsync(t0.AddDays(5));

        Assert.Equal(1, deleted);
        Assert.Null(await Store().GetAsync(old.InstanceId));
        Assert.NotNull(await Store().GetAsync(recent.InstanceId));
        Assert.NotNull(await Store().GetAsync(suspended.InstanceId));
    }

    [Fact]
    public async Task List_FiltersByCorrelationAndTime_AndPagesAfterACursor_WithoutGapsOrRepeats()
    {
        var t0 = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        var saved = new List<WorkflowInstanceRecord>();
        for (var i = 0; i < 7; i++)
        {
            // Two pairs share a creation time, so the cursor must break ties by id.
            var instance = Instance("a", "Finished", "Finished", t0.AddMinutes(i / 2)) with { CorrelationId = i % 3 == 0 ? "order-9" : $"order-{i}" };
            await Store().SaveAsync(instance);
            saved.Add(instance);
        }

        var correlated = await Store().ListAsync(new WorkflowInstanceQuery { CorrelationId = "order-9" });
        var window = await Store().ListAsync(new WorkflowInstanceQuery { From = t0.AddMinutes(1), To = t0.AddMinutes(3) });
        var pages = new List<Guid>();
        WorkflowInstanceCursor? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var items = await Store().ListAsync(new WorkflowInstanceQuery(Limit: 3) { Before = cursor });
            pages.AddRange(items.Select(i => i.InstanceId));
            if (items.Count < 3)
            {
                break;
            }

            cursor = new WorkflowInstanceCursor(items[^1].CreatedAt, items[^1].InstanceId);
        }

        Assert.Equal(3, correlated.Count);
        Assert.All(correlated, i => Assert.Equal("order-9", i.CorrelationId));
        Assert.Equal(4, window.Count);
        Assert.All(window, i => Assert.InRange(i.CreatedAt, t0.AddMinutes(1), t0.AddMinutes(2)));
        Assert.Equal(7, pages.Count);
        Assert.Equal(saved.Select(s => s.InstanceId).ToHashSet(), pages.ToHashSet());
    }

    [Fact]
    public async Task CountPerMinute_GroupsByDefinitionAndUtcMinute_CountingFaulted()
    {
        var t0 = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        await Store().SaveAsync(Instance("a", "Finished", "Finished", t0.AddSeconds(-1))); // before the window
        await Store().SaveAsync(Instance("a", "Finished", "Finished", t0.AddSeconds(5)));
        await Store().SaveAsync(Instance("a", "Finished", "Faulted", t0.AddSeconds(59.9)));
        await Store().SaveAsync(Instance("b", "Finished", "Faulted", t0.AddSeconds(30)));
        await Store().SaveAsync(Instance("a", "Running", "Executing", new DateTimeOffset(2026, 11, 23, 10, 1, 0, TimeSpan.FromHours(2)))); // 08:01 UTC

        var minutes = await Store().CountPerMinuteAsync(t0);

        Assert.Equal(
            [new WorkflowInstanceMinute("a", t0, 2, 1), new WorkflowInstanceMinute("b", t0, 1, 1), new WorkflowInstanceMinute("a", t0.AddMinutes(1), 1, 0)],
            minutes);
    }

    [Fact]
    public async Task Get_Unknown_IsNull() => Assert.Null(await Store().GetAsync(Guid.NewGuid()));

    private IWorkflowStore Store() => Backend.Workflows();

    private static WorkflowInstanceRecord Instance(string definition, string status, string subStatus, DateTimeOffset? created = null, string? incident = null)
    {
        var at = created ?? new DateTimeOffset(2026, 11, 23, 9, 30, 0, 123, TimeSpan.Zero);
        return new WorkflowInstanceRecord(Guid.CreateVersion7(), definition, 3, status, subStatus, "corr-1", at,
            status == "Finished" ? at.AddMilliseconds(5) : null, """{"tier":"gold"}""", """[{"activityId":"a"}]""", incident, """{"amount":5}""");
    }
}

public sealed class SqliteWorkflowInstanceStoreContractTests : WorkflowInstanceStoreContract
{
    protected override Task<IStoreBackend> CreateBackendAsync() => Task.FromResult<IStoreBackend>(new SqliteBackend());
}

public sealed class PostgresWorkflowInstanceStoreContractTests : WorkflowInstanceStoreContract
{
    protected override async Task<IStoreBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
