using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Http;
using IntegrationHub.Connectors.Http.Resilience;

namespace IntegrationHub.Connectors.Mailchimp.Api;

/// <summary>A RestEase <see cref="IMailchimpApi"/> over a fresh client from the factory (handlers are pooled; clients are cheap).</summary>
internal sealed class MailchimpApiFactory(IHttpClientFactory clients)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IMailchimpApi Create() => RestClients.For<IMailchimpApi>(Client(), Json);

    /// <summary>
    /// <c>POST /lists/{list_id}/members/{subscriber_hash}/tags</c> with <c>{tags:[{name, status}]}</c>; 204. Setting a tag
    /// active twice leaves the same state, so the request is marked idempotent for the pipeline's retry (RestEase 1.4 cannot
    /// set request options, hence a plain request).
    /// </summary>
    public async Task PostTagsAsync(string listId, string subscriberHash, JsonObject tags, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"lists/{Uri.EscapeDataString(listId)}/members/{subscriberHash}/tags")
        {
            Content = JsonContent.Create(tags, options: Json),
        };
        request.MarkIdempotent();
        using var response = await Client().SendAsync(request, cancellationToken).ConfigureAwait(false); // >= 400 throws typed errors
    }

    private HttpClient Client() => clients.CreateClient(MailchimpServiceCollectionExtensions.HttpClientName);
}
