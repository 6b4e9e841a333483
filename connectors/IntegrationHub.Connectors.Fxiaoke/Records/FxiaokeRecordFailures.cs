using System.Globalization;
using Polly.Timeout;

namespace IntegrationHub.Connectors.Fxiaoke.Records;

/// <summary>
/// Decides which Fxiaoke refusals belong to one record. Fxiaoke answers them as HTTP 200 with <c>errorCode != 0</c>; a
/// permanent one while writing a record (a missing or invalid field, a reference to a record that does not exist) is that
/// record's error. Credential codes, unreadable answers and every transient failure stay whole-batch errors.
/// <para>A record whose upsert failed with a 5xx, a connection failure or a timed-out attempt (and no Retry-After) is run
/// once more, lookup included: a create is never repeated by the HTTP pipeline (its answer may be lost after it landed),
/// but looking the record up again and then creating or updating it is safe. Without this one failed create would fail
/// the whole batch and make the caller repeat every record. Throttling, an open circuit and outages (which carry a
/// Retry-After) fail the batch at once.</para>
/// </summary>
internal static class FxiaokeRecordFailures
{
    /// <summary>App credentials rejected (20014) and token expired after the renewal (20016): the system, not the record.</summary>
    private static readonly HashSet<int> SystemCodes = [FxiaokeErrors.AppCredentialsRejected, FxiaokeErrors.TokenExpired];

    /// <summary>Upserts the records one after another (Fxiaoke has no batch write), each through <see cref="RunAsync"/>: one result per record, in order.</summary>
    public static async Task<IReadOnlyList<RecordUpsertResult>> EachAsync(IReadOnlyList<CanonicalRecord> records, Func<CanonicalRecord, Task<RecordUpsertResult>> upsert)
    {
        ArgumentNullException.ThrowIfNull(records);
        var results = new List<RecordUpsertResult>(records.Count);
        foreach (var record in records)
        {
            results.Add(await RunAsync(record, () => upsert(record)).ConfigureAwait(false));
        }

        return results;
    }

    public static async Task<RecordUpsertResult> RunAsync(CanonicalRecord record, Func<Task<RecordUpsertResult>> upsert)
    {
        try
        {
            try
            {
                return await upsert().ConfigureAwait(false);
            }
            catch (ConnectorTransientException ex) when (IsLostWrite(ex))
            {
                return await upsert().ConfigureAwait(false);
            }
        }
        catch (ConnectorRecordException ex)
        {
            return RecordUpsertResult.Failed(ex.Error with { Record = record.Identity });
        }
        catch (ConnectorPermanentException ex) when (IsRecordLevel(ex))
        {
            return RecordUpsertResult.Failed(new RecordError(record.Identity, ex.VendorCode!, ex.Message));
        }
    }

    private static bool IsLostWrite(ConnectorTransientException ex) =>
        ex.RetryAfter is null && (ex.StatusCode >= 500 || ex.InnerException is HttpRequestException or TimeoutRejectedException);

    private static bool IsRecordLevel(ConnectorPermanentException ex) =>
        ex.StatusCode == 200
        && int.TryParse(ex.VendorCode, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
        && !SystemCodes.Contains(code);
}
