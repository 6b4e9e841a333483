using System.Text.Json;
using System.Text.Json.Nodes;
using RestEase;

namespace IntegrationHub.Connectors.Mailchimp.Api;

/// <summary>
/// The Marketing API 3.0 subset the connector uses, relative to the data centre's <c>/3.0/</c> root. Failures never reach
/// RestEase: the shared plumbing's error handler throws typed connector errors first (problem+json read for code and details).
/// </summary>
public interface IMailchimpApi
{
    /// <summary><c>GET /ping</c>: <c>{"health_status": "Everything's Chimpy!"}</c> when the key is accepted.</summary>
    [Get("ping")]
    Task<JsonElement> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /lists/{list_id}/members</c>: members changed since <paramref name="sinceLastChanged"/> (ISO 8601), oldest change
    /// first (<c>sort_field=last_changed</c>, <c>sort_dir=ASC</c>), <paramref name="count"/> (at most 1000) from <paramref name="offset"/>.
    /// </summary>
    [Get("lists/{listId}/members")]
    Task<MailchimpMemberPage> ListMembersAsync(
        [Path] string listId,
        [Query("since_last_changed")] string? sinceLastChanged,
        [Query("count")] int count,
        [Query("offset")] int offset,
        [Query("sort_field")] string sortField = "last_changed",
        [Query("sort_dir")] string sortDir = "ASC",
        CancellationToken cancellationToken = default);

    /// <summary><c>GET /lists/{list_id}/members/{subscriber_hash}</c>; 404 when the address is not in the audience.</summary>
    [Get("lists/{listId}/members/{subscriberHash}")]
    Task<JsonElement> GetMemberAsync([Path] string listId, [Path] string subscriberHash, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /lists/{list_id}/members/{subscriber_hash}</c>: add or update (idempotent: absolute values).</summary>
    [Put("lists/{listId}/members/{subscriberHash}")]
    Task<JsonElement> PutMemberAsync([Path] string listId, [Path] string subscriberHash, [Body] JsonObject member, CancellationToken cancellationToken = default);
}
