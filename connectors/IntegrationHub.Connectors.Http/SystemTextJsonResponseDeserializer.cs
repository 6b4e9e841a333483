using System.Text.Json;
using RestEase;

namespace IntegrationHub.Connectors.Http;

/// <summary>RestEase responses read through System.Text.Json; a body that is not the expected JSON is a connector error.</summary>
public sealed class SystemTextJsonResponseDeserializer(JsonSerializerOptions options) : ResponseDeserializer
{
    public override T Deserialize<T>(string? content, HttpResponseMessage response, ResponseDeserializerInfo info)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(content ?? "", options)
                ?? throw new ConnectorResponseException($"{Where(response)} answered an empty body");
        }
        catch (JsonException ex)
        {
            throw new ConnectorResponseException($"{Where(response)} answered a body that is not the expected JSON ({ex.Message})", ex);
        }
    }

    // Path only: query strings can carry credentials.
    private static string Where(HttpResponseMessage response) =>
        $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Path)}";
}
