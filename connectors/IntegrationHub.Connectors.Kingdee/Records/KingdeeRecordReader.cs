using System.Runtime.CompilerServices;

namespace IntegrationHub.Connectors.Kingdee.Records;

/// <summary>
/// Reads a form's changes with <c>ExecuteBillQuery</c> ordered by (<c>FModifyDate</c>, id), one page of
/// <see cref="KingdeeOptions.PageSize"/> rows per call. Each page is the keyset after the previous page's last row
/// (<see cref="KingdeeCursor.After"/>) read from <c>StartRow</c> 0: no gaps and no repeats at page or timestamp boundaries,
/// even while documents change during the read. The cursor of each page is its last row.
/// </summary>
internal sealed class KingdeeRecordReader(KingdeeClient client, IKingdeeMapping form, KingdeeOptions options) : IChangeReader
{
    /// <summary>Every document whose FModifyDate (server local time) is at or after <paramref name="from"/>: after the millisecond before it.</summary>
    public string? CursorAt(DateTimeOffset from) =>
        new KingdeeCursor(from.ToOffset(options.ServerUtcOffset).DateTime.AddMilliseconds(-1), long.MaxValue).ToString();

    public async IAsyncEnumerable<ChangePage> ReadChangesAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var position = KingdeeCursor.Parse(cursor);
        var idKey = form.HeaderKeys[0];
        while (true)
        {
            var query = new KdQuery(form.FormId, string.Join(",", form.HeaderKeys), position?.After(idKey) ?? "", $"FModifyDate ASC,{idKey} ASC", 0, options.PageSize);
            var rows = await client.ExecuteBillQueryAsync(query, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                yield break;
            }

            IReadOnlyList<CanonicalRecord> records;
            try
            {
                records = await form.ToRecordsAsync(rows, client, cancellationToken).ConfigureAwait(false);
                var last = rows[^1];
                position = new KingdeeCursor(KingdeeValues.LocalDateTime(last[2], "FModifyDate"), KingdeeValues.Long(last[0], idKey));
            }
            catch (FormatException ex)
            {
                throw KingdeeErrors.Unusable($"ExecuteBillQuery {form.FormId}", $"a row the connector cannot read ({ex.Message})", ex);
            }

            yield return new ChangePage(records, position.Value.ToString());
            if (rows.Count < options.PageSize)
            {
                yield break;
            }
        }
    }
}
