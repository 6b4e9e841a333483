using IntegrationHub.Testing;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace IntegrationHub.Connectors.Http.Tests;

/// <summary>
/// A system behind the shared plumbing, played by WireMock.Net with no vendor in mind: each test gives the answer (a fixed
/// one, or a callback for answers that depend on the attempt, the clock or the test's own pace). Counts the requests and
/// the most answered at once.
/// </summary>
internal sealed class PlumbingMock : IDisposable
{
    private readonly VendorMock _mock = VendorMock.StartBlank();
    private int _numbered;
    private int _inFlight;
    private int _maxInFlight;

    public Uri BaseUrl => _mock.BaseUrl;

    public WireMockServer Server => _mock.Server;

    /// <summary>Requests received.</summary>
    public int Requests => Server.LogEntries.Count();

    /// <summary>The most requests being answered at the same time (callback answers only).</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>When each request arrived, in order.</summary>
    public IReadOnlyList<DateTime> Arrivals => [.. Server.LogEntries.Select(e => e.RequestMessage.DateTime).Order()];

    /// <summary>No answer yet: the test adds its mappings to <see cref="Server"/>.</summary>
    public static PlumbingMock Empty() => new();

    /// <summary>Every request is answered <paramref name="status"/> with <paramref name="body"/> and the headers given.</summary>
    public static PlumbingMock Answering(int status, string? body = null, params (string Name, string Value)[] headers)
    {
        var mock = new PlumbingMock();
        var response = Response.Create().WithStatusCode(status);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        mock.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(body is null ? response : response.WithBody(body));
        return mock;
    }

    /// <summary>Every request is answered by <paramref name="answer"/>, given the request and its 1-based number.</summary>
    public static PlumbingMock Answering(Func<IRequestMessage, int, Task<IResponseMessage>> answer)
    {
        var mock = new PlumbingMock();
        mock.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(async request =>
        {
            var number = Interlocked.Increment(ref mock._numbered);
            var now = Interlocked.Increment(ref mock._inFlight);
            for (var max = mock.MaxInFlight; now > max; max = mock.MaxInFlight)
            {
                Interlocked.CompareExchange(ref mock._maxInFlight, now, max);
            }

            try
            {
                return await answer(request, number);
            }
            finally
            {
                Interlocked.Decrement(ref mock._inFlight);
            }
        }));
        return mock;
    }

    /// <summary>An answer for a callback.</summary>
    public static IResponseMessage Reply(int status, string? body = null, params (string Name, string Value)[] headers) => new ResponseMessage
    {
        StatusCode = status,
        Headers = headers.ToDictionary(h => h.Name, h => new WireMockList<string>(h.Value)),
        BodyData = body is null ? null : new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
    };

    public void Dispose() => _mock.Dispose();
}
