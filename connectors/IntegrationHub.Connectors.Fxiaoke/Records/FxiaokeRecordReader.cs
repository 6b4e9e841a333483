using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace IntegrationHub.Connectors.Fxiaoke.Records;

/// <summary>
/// Reads changed records of one object by <c>last_modified_time</c>, oldest first, through the query API's paging.
/// <para>Every query asks for the first page (offset 0) of a narrowing filter, never a deeper offset: a record changed while
/// the reader pages moves to the end of a last-modified ordering, which would shift later offsets by one and skip a record at
/// a page boundary. Two queries alternate instead:</para>
/// <list type="number">
/// <item>the rest of the current millisecond: <c>last_modified_time EQ w</c>, <c>_id NIN (ids already delivered at w)</c>,
/// ordered by <c>_id</c>; repeated while pages are full, so any number of records may share a millisecond;</item>
/// <item>the next page after it: <c>last_modified_time GT w</c>, ordered by <c>last_modified_time, _id</c>; its last record's
/// time becomes the new <c>w</c>, and the page's records at that time the delivered set.</item>
/// </list>
/// <para>A partial page of the rest of a millisecond is topped up from the next query (asking for just the room left), so
/// pages are full whenever there are enough changes: a bulk edit that stamps many records with one millisecond does not
/// split the stream into small pages (and a flow writing a page per call into small writes).</para>
/// <para>The cursor carries <c>w</c> and the delivered set, so a read resumed from it first picks up records written in the
/// same millisecond after the previous read ended (no gap at the boundary) and never repeats a delivered one (no duplicate).
/// A record changed again after delivery comes again, as its new version.</para>
/// </summary>
internal sealed class FxiaokeRecordReader(FxiaokeQueries queries, FxiaokeObjectMapping map, int pageSize) : IChangeReader
{
    private const string Modified = "last_modified_time";

    /// <summary>Every record whose last_modified_time is at or after <paramref name="from"/> (millisecond precision).</summary>
    public string? CursorAt(DateTimeOffset from) => new FxiaokeCursor(from.ToUnixTimeMilliseconds() - 1, []).Encode();

    public async IAsyncEnumerable<ChangePage> ReadChangesAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var position = FxiaokeCursor.Decode(cursor, map.Entity);
        var watermark = position.Watermark;
        var seen = new List<string>(position.SeenAtWatermark);
        while (true)
        {
            // The rest of the current millisecond; full pages go at once, a last partial one is topped up from the next query.
            var carry = new List<JsonObject>();
            if (watermark >= 0)
            {
                while (true)
                {
                    var rest = await RestOfMillisecondAsync(watermark, seen, cancellationToken).ConfigureAwait(false);
                    seen.AddRange(rest.Select(r => FxiaokeObjectMapping.Text(r, "_id")!));
                    if (rest.Count < pageSize)
                    {
                        carry.AddRange(rest);
                        break;
                    }

                    yield return Page(rest, watermark, seen);
                }
            }

            var room = pageSize - carry.Count;
            var next = await queries.PageAsync(map.ObjectApiName,
                [new FxFilter(Modified, [Number(watermark)], "GT")],
                [new FxOrder(Modified, IsAsc: true), new FxOrder("_id", IsAsc: true)],
                room, cancellationToken).ConfigureAwait(false);
            if (next.Count == 0)
            {
                if (carry.Count > 0)
                {
                    yield return Page(carry, watermark, seen);
                }

                yield break;
            }

            var last = ModifiedOf(next[^1]);
            if (last <= watermark || next.Any(r => ModifiedOf(r) <= watermark))
            {
                throw new ConnectorPermanentException(FxiaokeServiceCollectionExtensions.HttpClientName,
                    $"fxiaoke: {map.ObjectApiName} query for {Modified} GT {watermark} answered older records; the reader cannot continue safely");
            }

            watermark = last;
            seen = [.. next.Where(r => ModifiedOf(r) == last).Select(r => FxiaokeObjectMapping.Text(r, "_id")!)];
            yield return Page([.. carry, .. next], watermark, seen);
            if (next.Count < room)
            {
                yield break;
            }
        }
    }

    private async Task<IReadOnlyList<JsonObject>> RestOfMillisecondAsync(long watermark, List<string> seen, CancellationToken cancellationToken)
    {
        List<FxFilter> filters = [new FxFilter(Modified, [Number(watermark)], "EQ")];
        if (seen.Count > 0)
        {
            filters.Add(new FxFilter("_id", [.. seen], "NIN"));
        }

        var page = await queries.PageAsync(map.ObjectApiName, filters, [new FxOrder("_id", IsAsc: true)], pageSize, cancellationToken).ConfigureAwait(false);
        // Defensive: a record must be at this millisecond and not delivered yet.
        return [.. page.Where(r => ModifiedOf(r) == watermark && !seen.Contains(FxiaokeObjectMapping.Text(r, "_id")!, StringComparer.Ordinal))];
    }

    private ChangePage Page(IReadOnlyList<JsonObject> records, long watermark, List<string> seen) =>
        new([.. records.Select(map.ToCanonical)], new FxiaokeCursor(watermark, [.. seen]).Encode());

    private long ModifiedOf(JsonObject record) => FxiaokeObjectMapping.Long(record, Modified)
        ?? throw new ConnectorPermanentException(FxiaokeServiceCollectionExtensions.HttpClientName,
            $"fxiaoke: a {map.ObjectApiName} record without {Modified} was returned");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
