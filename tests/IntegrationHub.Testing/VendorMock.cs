using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace IntegrationHub.Testing;

/// <summary>
/// A vendor API played by WireMock.Net on a free loopback port, with the JSON mappings of <c>Mappings/&lt;vendor&gt;/</c>
/// (copied next to the test assembly) loaded at start. Mappings match on what the connector must send (headers, query,
/// body), so a request that changes is unmatched: WireMock answers 404 and <see cref="AssertEveryRequestMatched"/> throws naming it.
/// Each mapping has a short <c>Title</c> (<see cref="Served"/> lists them per request) and a <c>Description</c> of the
/// vendor's documented behaviour it plays, and priority 10; per-test answers, faults and scenarios added with
/// <see cref="Server"/>'s fluent API keep the default priority (0) and so win over them. WireMock.Net 1.x has no fault that
/// drops a connection (its faults answer 200 with an empty or garbled body): tests of a lost connection use a
/// <see cref="LoopbackServer"/> that aborts.
/// </summary>
public sealed class VendorMock : IDisposable
{
    private VendorMock(WireMockServer server) => Server = server;

    public WireMockServer Server { get; }

    /// <summary>The server's root, with a trailing slash.</summary>
    public Uri BaseUrl => new(Server.Url!.TrimEnd('/') + "/");

    /// <summary>
    /// Starts the mock with the mappings of <c>Mappings/&lt;vendor&gt;/</c>. <paramref name="values"/> fill <c>%NAME%</c>
    /// placeholders in them first (for what only the test knows, such as another mock's URL).
    /// </summary>
    public static VendorMock Start(string vendor, IReadOnlyDictionary<string, string>? values = null)
    {
        var server = WireMockServer.Start();
        var folder = Path.Combine(AppContext.BaseDirectory, "Mappings", vendor);
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
        {
            server.Stop();
            throw new InvalidOperationException($"no WireMock mappings in {folder}");
        }

        foreach (var file in files)
        {
            var json = File.ReadAllText(file);
            foreach (var (name, value) in values ?? new Dictionary<string, string>())
            {
                json = json.Replace($"%{name}%", value, StringComparison.Ordinal);
            }

            server.WithMapping(json);
        }

        return new VendorMock(server);
    }

    /// <summary>A mock with no mappings: the test declares every answer (tests of the shared plumbing, which has no vendor).</summary>
    public static VendorMock StartBlank() => new(WireMockServer.Start());

    /// <summary>Every <paramref name="method"/> call to <paramref name="path"/> is answered 200 with <paramref name="json"/> (how vendors answering errors in the body answer).</summary>
    public void Answer(string path, string title, string json, string method = "POST") =>
        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).WithTitle(title)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(json));

    /// <summary>
    /// The first <paramref name="method"/> call to <paramref name="path"/> gets <paramref name="first"/>, every later one
    /// <paramref name="then"/> (a WireMock scenario; titles <c>&lt;scenario&gt;.first</c> and <c>&lt;scenario&gt;.then</c>).
    /// </summary>
    public void FirstThen(string path, string scenario, Action<IResponseBuilder> first, string then, string method = "POST")
    {
        var answer = Response.Create();
        first(answer);
        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).WithTitle(scenario + ".first")
            .InScenario(scenario).WillSetStateTo("after-first").RespondWith(answer);
        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).WithTitle(scenario + ".then")
            .InScenario(scenario).WhenStateIs("after-first")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(then));
    }

    /// <summary>Requests received on paths starting with <paramref name="pathPrefix"/>, in arrival order.</summary>
    public IReadOnlyList<ILogEntry> Calls(string pathPrefix = "/") =>
        Server.LogEntries.Where(e => e.RequestMessage.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).OrderBy(e => e.RequestMessage.DateTime).ToList();

    /// <summary>The title of the mapping that answered each request (in arrival order); <c>(unmatched)</c> for none.</summary>
    public IReadOnlyList<string> Served(string pathPrefix = "/") => Calls(pathPrefix).Select(e => e.MappingTitle ?? "(unmatched)").ToList();

    public void AssertEveryRequestMatched()
    {
        var unmatched = Server.LogEntries.Where(e => e.RequestMatchResult?.IsPerfectMatch != true)
            .Select(e => $"{e.RequestMessage.Method} {e.RequestMessage.Url} (closest: {e.PartialMappingTitle ?? "none"})").ToList();
        if (unmatched.Count > 0)
        {
            throw new InvalidOperationException("requests no mapping expects: " + string.Join("; ", unmatched));
        }
    }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}
