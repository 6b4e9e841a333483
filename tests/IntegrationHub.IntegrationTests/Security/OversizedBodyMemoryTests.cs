using Xunit.Abstractions;

namespace IntegrationHub.IntegrationTests.Security;

/// <summary>
/// Bodies far over every limit, with and without a key, keep nothing: the hub runs in the test process, so the managed
/// heap after a full collection shows whether a body was kept (one would be 24 MB). Serial, so no other test's hub
/// allocates during the measurement.
/// </summary>
[Collection(Name)]
public sealed class OversizedBodyMemoryTests(ITestOutputHelper output)
{
    public const string Name = "Memory measurements";

    [Fact]
    public async Task BodiesFarOverTheLimits_DoNotGrowTheHub()
    {
        await using var hub = await HostileInputTests.StartAsync(new Dictionary<string, string?> { ["Hub:Limits:FailedAuthenticationsPerMinute"] = "100000" });
        var big = new byte[24 * 1024 * 1024];
        Array.Fill(big, (byte)'7');
        using var anonymous = new HttpClient { BaseAddress = hub.Http.BaseAddress };
        var before = ManagedHeap();

        for (var round = 0; round < 4; round++)
        {
            await Task.WhenAll(HostileInputTests.Endpoints.Select(async endpoint =>
            {
                foreach (var client in new[] { hub.Http, anonymous })
                {
                    try
                    {
                        using var response = await client.SendAsync(HostileInputTests.Request(endpoint, big));
                        Assert.True((int)response.StatusCode is 401 or 413, $"{endpoint}: {(int)response.StatusCode}");
                    }
                    catch (HttpRequestException)
                    {
                        // The hub answered before the body was sent and closed the connection: refused, as wanted.
                    }
                }
            }));
        }

        var growth = ManagedHeap() - before;
        output.WriteLine($"managed heap growth after 40 x 24 MB bodies: {growth / 1024} KiB");
        Assert.True(growth < 16L * 1024 * 1024, $"the managed heap grew by {growth / (1024 * 1024)} MB");
        var stored = await HostileInputTests.CountStoredAsync(hub);
        Assert.Equal(new long[5], stored);
    }

    private static long ManagedHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

[CollectionDefinition(OversizedBodyMemoryTests.Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection;
