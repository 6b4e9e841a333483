using System.Net;
using System.Text;

namespace IntegrationHub.Connectors.Mailchimp.Tests.Sandbox;

/// <summary>A request body that sends its first byte, then waits for <c>gate</c> before the rest: the request stays in flight on the server.</summary>
internal sealed class GatedContent(string json, Task gate) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        await stream.WriteAsync(bytes.AsMemory(0, 1));
        await stream.FlushAsync();
        await gate;
        await stream.WriteAsync(bytes.AsMemory(1));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false; // chunked: the server starts handling the request before the body is complete
    }
}
