using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Testing.Connectors;

/// <summary>
/// A small CRM API on a real Kestrel server (127.0.0.1, ephemeral port) for connector tests: customers with a change
/// feed by sequence number, a batch upsert keyed by the source identity with per-record validation errors, get by id,
/// a health endpoint, and a switch to answer 503 to the next N calls.
/// </summary>
/// <remarks>
/// <c>GET changes?after=S&amp;limit=N</c> -> <c>{ records: [{ id, version, seq, name }], next }</c>;
/// <c>POST customers/batch</c> [{ sourceSystem, sourceId, version, name }] -> [{ ok, id, status } | { ok: false, code, message }]
/// (an empty name is refused with 422-like code <c>VALIDATION</c>); <c>GET customers/{id}</c> -> 200 or 404; <c>GET health</c>.
/// </remarks>
public sealed class StubCrmServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Customer> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _idBySource = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private LoopbackServer? _server;
    private long _seq;
    private int _failNext;
    private int _requests;

    public Uri BaseUrl => _server!.BaseUrl;

    /// <summary>Requests answered so far (any endpoint).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyCollection<Customer> Customers => _byId.Values.OrderBy(c => c.Seq).ToArray();

    public static async Task<StubCrmServer> StartAsync()
    {
        var stub = new StubCrmServer();
        stub._server = await LoopbackServer.StartAsync(stub.HandleAsync);
        return stub;
    }

    /// <summary>Adds or changes a customer directly in the CRM (as a CRM user would); it appears in the change feed.</summary>
    public Customer Seed(string name, string? id = null)
    {
        lock (_lock)
        {
            id ??= "C" + (_byId.Count + 1).ToString("D5", CultureInfo.InvariantCulture);
            var version = _byId.TryGetValue(id, out var old) ? old.Version + 1 : 1;
            return _byId[id] = new Customer(id, version, ++_seq, name, null);
        }
    }

    /// <summary>The next <paramref name="count"/> requests get 503.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failNext, count);

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        if (Volatile.Read(ref _failNext) > 0 && Interlocked.Decrement(ref _failNext) >= 0)
        {
            http.Response.StatusCode = 503;
            return;
        }

        var path = http.Request.Path.Value ?? "";
        switch (http.Request.Method, path)
        {
            case ("GET", "/health"):
                await http.Response.WriteAsJsonAsync(new { status = "ok" });
                return;
            case ("GET", "/changes"):
                var after = long.Parse(http.Request.Query["after"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
                var limit = int.Parse(http.Request.Query["limit"].FirstOrDefault() ?? "100", CultureInfo.InvariantCulture);
                var page = _byId.Values.Where(c => c.Seq > after).OrderBy(c => c.Seq).Take(limit).ToArray();
                await http.Response.WriteAsJsonAsync(new { records = page, next = page.Length == 0 ? after : page[^1].Seq });
                return;
            case ("POST", "/customers/batch"):
                var batch = await JsonSerializer.DeserializeAsync<JsonArray>(http.Request.Body) ?? [];
                await http.Response.WriteAsJsonAsync(batch.Select(item => Upsert(item!.AsObject())).ToArray());
                return;
            case ("GET", _) when path.StartsWith("/customers/", StringComparison.Ordinal):
                if (_byId.TryGetValue(path["/customers/".Length..], out var customer))
                {
                    await http.Response.WriteAsJsonAsync(customer);
                }
                else
                {
                    http.Response.StatusCode = 404;
                }

                return;
            default:
                http.Response.StatusCode = 404;
                return;
        }
    }

    private object Upsert(JsonObject item)
    {
        var name = (string?)item["name"];
        var source = $"{(string?)item["sourceSystem"]}/{(string?)item["sourceId"]}";
        if (string.IsNullOrWhiteSpace(name))
        {
            return new { ok = false, code = "VALIDATION", message = "name is required" };
        }

        lock (_lock)
        {
            var version = (long?)item["version"] ?? 0;
            if (_idBySource.TryGetValue(source, out var id))
            {
                var existing = _byId[id];
                if (existing.SourceVersion >= version)
                {
                    return new { ok = true, id, status = "Skipped" };
                }

                _byId[id] = existing with { Name = name, Version = existing.Version + 1, Seq = ++_seq, SourceVersion = version };
                return new { ok = true, id, status = "Updated" };
            }

            id = "C" + (_byId.Count + 1).ToString("D5", CultureInfo.InvariantCulture);
            _idBySource[source] = id;
            _byId[id] = new Customer(id, 1, ++_seq, name, version);
            return new { ok = true, id, status = "Created" };
        }
    }

    /// <summary>A customer as the stub CRM stores it.</summary>
    public sealed record Customer(string Id, long Version, long Seq, string Name, long? SourceVersion);
}
