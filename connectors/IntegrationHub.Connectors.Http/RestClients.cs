using System.Text.Json;
using RestEase;

namespace IntegrationHub.Connectors.Http;

/// <summary>Builds RestEase clients over an <see cref="HttpClient"/> from <c>IHttpClientFactory</c>, with System.Text.Json.</summary>
public static class RestClients
{
    public static T For<T>(HttpClient httpClient, JsonSerializerOptions json) =>
        new RestClient(httpClient)
        {
            RequestBodySerializer = new SystemTextJsonBodySerializer(json),
            ResponseDeserializer = new SystemTextJsonResponseDeserializer(json),
        }.For<T>();
}
