using IntegrationHub.Connectors.Http.VendorApis;
using System.Globalization;
using System.Runtime.CompilerServices;
using IntegrationHub.Connectors.Mailchimp.Api;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Mailchimp.Members;

/// <summary>
/// Reads members changed since a cursor: <c>GET /lists/{id}/members?since_last_changed=&amp;sort_field=last_changed&amp;sort_dir=ASC&amp;count=&amp;offset=</c>.
/// <para>Every request is anchored one second before the cursor's timestamp (Mailchimp's timestamps have whole seconds and
/// the filter's boundary is not documented as inclusive), and the records the cursor already covers are dropped, so the
/// boundary second is neither lost nor repeated. Offsets are used only inside one anchor: while a page brings nothing
/// newer (a block of same-second changes larger than a page), the next page continues at the next offset, overlapping the
/// last page by <see cref="Overlap"/> members so that members leaving the block during the read (they changed again) do
/// not make it skip a neighbour; as soon as the cursor moves, the next request re-anchors at offset 0. A member changed during the read moves to the end of the
/// order and is read again with its new timestamp. The read ends at the first page shorter than <c>count</c>.</para>
/// </summary>
internal sealed class MailchimpMemberReader(RefitApi<IMailchimpApi> apis, IOptions<MailchimpOptions> options) : IChangeReader
{
    private static readonly TimeSpan Anchor = TimeSpan.FromSeconds(1);

    /// <summary>Every member whose last_changed is at or after <paramref name="from"/>.</summary>
    public string? CursorAt(DateTimeOffset from) => new MailchimpCursor(from, []).ToString();

    public async IAsyncEnumerable<ChangePage> ReadChangesAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var position = MailchimpCursor.Parse(cursor);
        var api = apis.Client;
        var anchor = position.Timestamp;
        var offset = 0;
        while (true)
        {
            var since = anchor is { } a ? (a - Anchor).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : null;
            var page = await api.ListMembersAsync(o.ListId, since, o.PageSize, offset, cancellationToken: cancellationToken).ConfigureAwait(false)
                ?? throw new ConnectorPermanentException(MailchimpServiceCollectionExtensions.HttpClientName, "mailchimp: GET /lists/{list_id}/members answered an empty body");
            var records = new List<CanonicalRecord>();
            foreach (var member in page.Members.Select(MapOrThrow).OrderBy(r => r.SourceVersion))
            {
                var changed = DateTimeOffset.FromUnixTimeMilliseconds(member.SourceVersion);
                if (!position.Covers(changed, member.ExternalId))
                {
                    records.Add(member);
                    position = position.After(changed, member.ExternalId);
                }
            }

            if (records.Count > 0)
            {
                yield return new ChangePage(records, position.ToString());
            }

            if (page.Members.Count < o.PageSize)
            {
                yield break;
            }

            if (position.Timestamp != anchor)
            {
                anchor = position.Timestamp;
                offset = 0;
            }
            else
            {
                // Still inside one block: step on, re-reading a few (dropped as covered) in case members changed meanwhile
                // left the block and shifted the rest towards the start.
                offset += page.Members.Count - Overlap(o.PageSize);
            }
        }
    }

    /// <summary>Members re-read when stepping through a block: a tenth of the page, at least 1, and always less than the page.</summary>
    internal static int Overlap(int pageSize) => Math.Min(pageSize - 1, Math.Max(1, pageSize / 10));

    private static CanonicalRecord MapOrThrow(System.Text.Json.JsonElement member)
    {
        try
        {
            return MailchimpMemberMapping.ToCanonical(member);
        }
        catch (FormatException ex)
        {
            throw new ConnectorPermanentException(MailchimpMemberMapping.System, $"mailchimp: a member page could not be read: {ex.Message}", ex);
        }
    }
}
