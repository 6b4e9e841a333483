using System.Globalization;

namespace IntegrationHub.Connectors.Fxiaoke.Connector;

/// <summary>
/// Decides which Fxiaoke refusals belong to one record. Fxiaoke answers them as HTTP 200 with <c>errorCode != 0</c>; a
/// permanent one while writing a record (a missing or invalid field, a reference to a record that does not exist) is that
/// record's error. Credential codes, unreadable answers and every transient failure stay whole-batch errors.
/// </summary>
internal static class FxiaokeRecordFailures
{
    /// <summary>App credentials rejected (20014) and token expired after the renewal (20016): the system, not the record.</summary>
    private static readonly HashSet<int> SystemCodes = [20014, FxiaokeErrors.TokenExpired];

    public static async Task<RecordUpsertResult> RunAsync(CanonicalRecord record, Func<Task<RecordUpsertResult>> upsert)
    {
        try
        {
            return await upsert().ConfigureAwait(false);
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

    private static bool IsRecordLevel(ConnectorPermanentException ex) =>
        ex.StatusCode == 200
        && int.TryParse(ex.VendorCode, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
        && !SystemCodes.Contains(code);
}
