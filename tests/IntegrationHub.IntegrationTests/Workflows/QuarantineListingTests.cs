using System.Net;
using System.Text.Json;
using IntegrationHub.Connectors;
using IntegrationHub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Workflows;

/// <summary>
/// <c>GET /api/v1/quarantine</c> over more entries than a page: every entry once across pages in the order of their last
/// refusal, filters by status, record, reason text and time of the last refusal, a page token bound to its filters, and each bad parameter a 400
/// that names it.
/// </summary>
public sealed class QuarantineListingTests
{
    [Fact]
    public async Task TheListing_PagesEveryEntryOnce_FiltersByStatusRecordReasonAndTime_AndRefusesBadParametersByName()
    {
        await using var hub = await HubTestHost.StartAsync();
        var store = hub.App.Services.GetRequiredService<IQuarantineStore>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 12; i++)
        {
            var reasons = new Dictionary<string, string> { [i % 3 == 0 ? "phone" : "email"] = i % 3 == 0 ? "Not a valid phone number for CN" : "email has no domain" };
            await store.QuarantineAsync("crm-customers", Customer($"L-{i:D2}"), reasons, now.AddSeconds(i / 2)); // pairs share a refusal time
        }

        var all = await store.ListAsync(new QuarantineQuery());
        Assert.True(await store.DiscardAsync(all.Single(e => e.Record.ExternalId == "L-03").Id, "test account", "ops", now));

        var seen = new List<string>();
        var path = "api/v1/quarantine?flow=crm-customers&status=any&limit=5";
        var pages = 0;
        while (true)
        {
            using var page = JsonDocument.Parse(await hub.Http.GetStringAsync(path));
            pages++;
            seen.AddRange(page.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("record").GetProperty("externalId").GetString()!));
            var next = page.RootElement.GetProperty("nextPageToken").GetString();
            if (string.IsNullOrEmpty(next))
            {
                break;
            }

            path = "api/v1/quarantine?flow=crm-customers&status=any&limit=5&pageToken=" + Uri.EscapeDataString(next);
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 12).Reverse().Select(i => $"L-{i:D2}"), seen); // newest refusal first, ties by the newer entry

        Assert.Equal(["L-03"], await IdsAsync(hub, "status=discarded"));
        Assert.Equal(11, (await IdsAsync(hub, "")).Count); // open by default
        Assert.Equal(12, (await IdsAsync(hub, "includeReleased=true")).Count);
        Assert.Equal(["L-07"], await IdsAsync(hub, "externalId=L-07"));
        Assert.Equal(["L-09", "L-06", "L-00"], await IdsAsync(hub, "reason=valid%20PHONE")); // L-03 is discarded
        string At(double seconds) => Uri.EscapeDataString(now.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["L-11", "L-10"], await IdsAsync(hub, $"from={At(5)}")); // last refused in [from, to)
        Assert.Equal(["L-01", "L-00"], await IdsAsync(hub, $"to={At(1)}"));
        Assert.Equal(["L-05", "L-04"], await IdsAsync(hub, $"from={At(2)}&to={At(3)}"));

        using (var first = JsonDocument.Parse(await hub.Http.GetStringAsync("api/v1/quarantine?limit=2")))
        {
            var token = first.RootElement.GetProperty("nextPageToken").GetString()!;
            await AssertRefusedAsync(hub, $"limit=2&status=any&pageToken={Uri.EscapeDataString(token)}", "pageToken"); // other filters
            await AssertRefusedAsync(hub, $"limit=2&pageToken={Uri.EscapeDataString(token[..^2])}", "pageToken"); // truncated
        }

        await AssertRefusedAsync(hub, "status=stuck", "status");
        await AssertRefusedAsync(hub, "status=open&includeReleased=true", "status");
        await AssertRefusedAsync(hub, "includeReleased=maybe", "includeReleased");
        await AssertRefusedAsync(hub, "limit=0", "limit");
        await AssertRefusedAsync(hub, "limit=501", "limit");
        await AssertRefusedAsync(hub, "flw=crm-customers", "flw");
        await AssertRefusedAsync(hub, "flow=a&flow=b", "flow");
        await AssertRefusedAsync(hub, "from=yesterday", "from");
        await AssertRefusedAsync(hub, "to=2026-12-01T08:00:00", "to"); // no offset
        await AssertRefusedAsync(hub, $"from={At(3)}&to={At(2)}", "to");
        using var replay = await hub.Http.PostAsync("api/v1/quarantine/replay?status=any", null); // a bulk replay takes open entries only
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("unknown parameter 'status'", await replay.Content.ReadAsStringAsync());
    }

    private static CanonicalRecord Customer(string id) =>
        new("fxiaoke", CanonicalEntity.Customer, id, 1, JsonSerializer.SerializeToElement(new { name = "Listing Trading" }));

    private static async Task<List<string>> IdsAsync(HubTestHost hub, string query)
    {
        using var page = JsonDocument.Parse(await hub.Http.GetStringAsync("api/v1/quarantine?" + query));
        return [.. page.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("record").GetProperty("externalId").GetString()!)];
    }

    private static async Task AssertRefusedAsync(HubTestHost hub, string query, string parameter)
    {
        using var response = await hub.Http.GetAsync("api/v1/quarantine?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {body}");
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(parameter, out _), $"{query}: {body}");
    }
}
