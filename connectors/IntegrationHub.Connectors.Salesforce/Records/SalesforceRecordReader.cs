using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Connectors.Salesforce.Records;

/// <summary>
/// Reads one sObject's changes with SOQL: <c>SELECT ... FROM X WHERE &lt;after cursor&gt; ORDER BY SystemModstamp ASC, Id ASC</c>,
/// then follows <c>nextRecordsUrl</c> until <c>done</c>. Each batch is one page; its cursor is its last record's
/// (<c>SystemModstamp</c>, <c>Id</c>), see <see cref="SalesforceCursor"/>. A record changed again during the read gets a
/// newer <c>SystemModstamp</c> and is read again by the next read.
/// </summary>
internal sealed class SalesforceRecordReader(SalesforceClient client, ISalesforceMapping mapping, IOptions<SalesforceOptions> options) : IChangeReader
{
    /// <summary>Every record whose SystemModstamp is at or after <paramref name="from"/>: after the millisecond before it (no id sorts above fifteen z).</summary>
    public string? CursorAt(DateTimeOffset from) => new SalesforceCursor(from.AddMilliseconds(-1), "zzzzzzzzzzzzzzz").ToString();

    public async IAsyncEnumerable<ChangePage> ReadChangesAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var after = SalesforceCursor.Parse(cursor);
        var soql = $"SELECT {string.Join(", ", mapping.Fields(o))} FROM {mapping.SObject}"
            + (after is null ? "" : $" WHERE {after.After()}")
            + " ORDER BY SystemModstamp ASC, Id ASC";
        var batch = await client.QueryAsync(soql, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var records = batch.Records.Select(Map).ToList();
            if (records.Count > 0)
            {
                var last = records[^1];
                after = new SalesforceCursor(DateTimeOffset.FromUnixTimeMilliseconds(last.SourceVersion), last.ExternalId);
                yield return new ChangePage(records, after.ToString());
            }

            if (batch.Done || batch.NextRecordsUrl is null)
            {
                yield break;
            }

            batch = await client.QueryMoreAsync(batch.NextRecordsUrl, cancellationToken).ConfigureAwait(false);
        }
    }

    private CanonicalRecord Map(JsonElement record)
    {
        try
        {
            return mapping.ToCanonical(record, options.Value);
        }
        catch (FormatException ex)
        {
            throw new ConnectorPermanentException(SalesforceJson.System, $"salesforce: a {mapping.SObject} batch could not be read: {ex.Message}", ex);
        }
    }
}
