using System.Runtime.CompilerServices;

namespace IntegrationHub.Connectors.Xero.Records;

/// <summary>
/// Reads changed items of one <see cref="IXeroDocument"/> with <c>If-Modified-Since</c> and <c>page</c> (100 per page), ordered by
/// <c>UpdatedDateUTC</c>. Page numbers shift when items change during a read (a changed item moves to the end), so after
/// each page the next request starts again at page 1 from the last delivered update time (floored to the header's second,
/// an inclusive boundary); items already delivered are recognised by (time, id) and dropped. Only when a whole page lies
/// within that one second does the read move on to the next page number. So pages have no gaps and repeat nothing.
/// </summary>
internal sealed class XeroChangeReader(XeroClient client, IXeroDocument document) : IChangeReader
{
    /// <summary>Every item whose UpdatedDateUTC is at or after <paramref name="from"/>.</summary>
    public string? CursorAt(DateTimeOffset from) => new XeroCursor(from.ToUnixTimeMilliseconds() - 1, 1, new HashSet<string>()).ToString();

    public async IAsyncEnumerable<ChangePage> ReadChangesAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var position = XeroCursor.Parse(cursor);
        while (true)
        {
            var items = await client.GetChangedAsync(document.Collection, document.ChangesWhere, position?.Since, position?.Page ?? 1, cancellationToken).ConfigureAwait(false);
            var full = items.Count >= XeroClient.PageSize;
            List<CanonicalRecord> fresh;
            try
            {
                fresh = items.Select(document.ToRecord)
                    .Where(r => position is null || position.IsNew(r.SourceVersion, r.ExternalId))
                    .OrderBy(r => r.SourceVersion).ThenBy(r => r.ExternalId, StringComparer.Ordinal)
                    .ToList();
            }
            catch (FormatException ex)
            {
                throw XeroClient.Unusable($"GET {document.Collection}", $"an item the connector cannot read ({ex.Message})", ex);
            }

            if (fresh.Count > 0)
            {
                position = Advance(position, fresh);
                yield return new ChangePage(fresh, position.ToString());
            }
            else if (full && position is not null)
            {
                position = position with { Page = position.Page + 1 }; // a full page of one second, all delivered: look further
                continue;
            }

            if (!full)
            {
                yield break;
            }
        }
    }

    private static XeroCursor Advance(XeroCursor? previous, List<CanonicalRecord> fresh)
    {
        var last = fresh[^1].SourceVersion;
        var ids = fresh.Where(r => r.SourceVersion == last).Select(r => r.ExternalId).ToHashSet(StringComparer.Ordinal);
        if (previous is not null && previous.UpdatedMs == last)
        {
            ids.UnionWith(previous.IdsAtUpdated);
        }

        var next = new XeroCursor(last, 1, ids);
        // Same If-Modified-Since second as the page just read: page 1 would be that page again, so go on from the next one.
        return previous is not null && next.Since == previous.Since ? next with { Page = previous.Page + 1 } : next;
    }
}
