namespace IntegrationHub.Connectors.Kingdee.Records;

/// <summary>
/// Moves a K3Cloud document along its own workflow: to <c>in-review</c> by <c>Submit</c> (from draft Z, created A or
/// re-review D), to <c>approved</c> by <c>Submit</c> where needed and then <c>Audit</c> (from in review B). The document is
/// read first (<c>View</c>): already there is <see cref="StatusChangeOutcome.Unchanged"/> with no call; any other target
/// (back to created, draft or re-review) is refused: withdrawing an ERP document is the ERP's own business. A refusal by
/// K3Cloud (an approval process, a closed period) is <see cref="StatusChangeOutcome.NotAllowed"/> with its message.
/// </summary>
internal sealed class KingdeeStatusChanger(KingdeeClient client, IKingdeeMapping form) : IStatusChanger
{
    public async Task<StatusChangeResult> ChangeStatusAsync(string externalId, string status, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        var target = KingdeeDocumentStatus.FromCanonical(status);
        if (await client.ViewAsync(form.FormId, externalId, cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return new StatusChangeResult(StatusChangeOutcome.NotFound, null);
        }

        var current = KingdeeValues.Text(KingdeeValues.Property(model, "DocumentStatus"));
        if (current == target)
        {
            return new StatusChangeResult(StatusChangeOutcome.Unchanged, status);
        }

        var steps = (current, target) switch
        {
            ("Z" or "A" or "D", "B") => [KingdeeClient.SubmitPath],
            ("Z" or "A" or "D", "C") => [KingdeeClient.SubmitPath, KingdeeClient.AuditPath],
            ("B", "C") => new[] { KingdeeClient.AuditPath },
            _ => null,
        };
        var now = KingdeeDocumentStatus.ToCanonical(current);
        if (steps is null)
        {
            return new StatusChangeResult(StatusChangeOutcome.NotAllowed, now, $"{form.FormId} {externalId} is {now}; the hub moves ERP documents forward only (to in-review or approved), not to {status}");
        }

        foreach (var step in steps)
        {
            var answer = await client.TransitionAsync(step, form.FormId, externalId, cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                var reason = string.Join("; ", answer.Errors.Select(e => e.Message).OfType<string>());
                return new StatusChangeResult(StatusChangeOutcome.NotAllowed, now,
                    $"K3Cloud refused {(step == KingdeeClient.SubmitPath ? "Submit" : "Audit")} of {form.FormId} {externalId} ({now}): {(reason.Length > 0 ? reason : $"MsgCode {answer.MsgCode}")}");
            }

            now = step == KingdeeClient.SubmitPath ? "in-review" : "approved";
        }

        return new StatusChangeResult(StatusChangeOutcome.Changed, now);
    }
}
