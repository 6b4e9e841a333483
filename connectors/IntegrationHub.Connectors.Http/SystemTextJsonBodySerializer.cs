using System.Net.Http.Headers;
using System.Text.Json;
using RestEase;

namespace IntegrationHub.Connectors.Http;

/// <summary>RestEase request bodies as JSON through System.Text.Json (RestEase defaults to Newtonsoft).</summary>
public sealed class SystemTextJsonBodySerializer(JsonSerializerOptions options) : RequestBodySerializer
{
    public override HttpContent? SerializeBody<T>(T body, RequestBodySerializerInfo info)
    {
        if (body is null)
        {
            return null;
        }

        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
