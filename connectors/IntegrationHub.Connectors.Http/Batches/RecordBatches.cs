using System.Net;

namespace IntegrationHub.Connectors.Http.Batches;

/// <summary>
/// Runs an upsert batch one record at a time for vendors without a batch endpoint (or with an external-key lookup first),
/// turning failures that belong to one record into that record's <see cref="RecordError"/>.
/// </summary>
public static class RecordBatches
{
    /// <summary>
    /// Calls <paramref name="upsertOne"/> for each record, at most <paramref name="maxParallel"/> at once, and answers the
    /// results in input order. A <see cref="ConnectorRecordException"/>, or a <see cref="ConnectorPermanentException"/> with
    /// 400, 404, 409, 412 or 422 (validation, missing reference, conflict), fails only that record (409 and 412 as
    /// retryable), its message the vendor's sentence followed by its field errors. Anything else (transient, 401/403,
    /// cancellation) fails the whole batch, as <see cref="IBatchUpserter"/> says.
    /// </summary>
    public static async Task<IReadOnlyList<RecordUpsertResult>> UpsertEachAsync(
        IReadOnlyList<CanonicalRecord> records,
        Func<CanonicalRecord, CancellationToken, Task<RecordUpsertResult>> upsertOne,
        int maxParallel = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        var results = new RecordUpsertResult[records.Count];
        await Parallel.ForAsync(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallel, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await UpsertOneAsync(records[i], upsertOne, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    private static async Task<RecordUpsertResult> UpsertOneAsync(
        CanonicalRecord record, Func<CanonicalRecord, CancellationToken, Task<RecordUpsertResult>> upsertOne, CancellationToken cancellationToken)
    {
        try
        {
            return await upsertOne(record, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorRecordException ex)
        {
            return RecordUpsertResult.Failed(ex.Error with { Record = record.Identity });
        }
        catch (ConnectorPermanentException ex) when (ex.StatusCode is { } status && IsRecordLevel((HttpStatusCode)status))
        {
            var retryable = ex.StatusCode is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed;
            // The vendor's sentence and its field errors: "The resource submitted could not be validated. (BIRTHDAY: ...)".
            var message = ex.Details.Count == 0 ? ex.Message
                : ex.VendorMessage is { Length: > 0 } said ? $"{said} ({string.Join("; ", ex.Details)})"
                : string.Join("; ", ex.Details);
            return RecordUpsertResult.Failed(new RecordError(record.Identity, ex.VendorCode ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture), message, retryable));
        }
    }

    private static bool IsRecordLevel(HttpStatusCode status) => status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound
        or HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.UnprocessableEntity;
}
