using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Http.VendorApis;
using Refit;

namespace IntegrationHub.Connectors.Mailchimp.Api;

/// <summary>
/// The Marketing API 3.0 subset the connector uses, relative to the data centre's <c>/3.0/</c> root. Failures never reach
/// Refit: the shared plumbing's error handler throws typed connector errors first (problem+json read for code and details).
/// </summary>
public interface IMailchimpApi
{
    /// <summary><c>GET /ping</c>: <c>{"health_status": "Everything's Chimpy!"}</c> when the key is accepted.</summary>
    [Get("/ping")]
    Task<JsonElement> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /lists/{list_id}/members</c>: members changed since <paramref name="sinceLastChanged"/> (ISO 8601), oldest change
    /// first (<c>sort_field=last_changed</c>, <c>sort_dir=ASC</c>), <paramref name="count"/> (at most 1000) from <paramref name="offset"/>.
    /// </summary>
    [Get("/lists/{listId}/members")]
    Task<MailchimpMemberPage?> ListMembersAsync(
        string listId,
        [AliasAs("since_last_changed")] string? sinceLastChanged,
        int count,
        int offset,
        [AliasAs("sort_field")] string sortField = "last_changed",
        [AliasAs("sort_dir")] string sortDir = "ASC",
        CancellationToken cancellationToken = default);

    /// <summary><c>GET /lists/{list_id}/members/{subscriber_hash}</c>; 404 when the address is not in the audience.</summary>
    [Get("/lists/{listId}/members/{subscriberHash}")]
    Task<JsonElement> GetMemberAsync(string listId, string subscriberHash, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /lists/{list_id}/members/{subscriber_hash}</c>: add or update (idempotent: absolute values).</summary>
    [Put("/lists/{listId}/members/{subscriberHash}")]
    Task<JsonElement> PutMemberAsync(string listId, string subscriberHash, [Body] JsonObject member, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /lists/{list_id}/members/{subscriber_hash}/tags</c> with <c>{tags:[{name, status}]}</c>; 204. Setting a tag
    /// active twice leaves the same state, so the pipeline may repeat it.
    /// </summary>
    [Post("/lists/{listId}/members/{subscriberHash}/tags"), Idempotent]
    Task PostTagsAsync(string listId, string subscriberHash, [Body] JsonObject tags, CancellationToken cancellationToken = default);
}
