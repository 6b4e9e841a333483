using System.Text.Json.Nodes;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>
/// K3Cloud's document workflow for <c>Submit</c> and <c>Audit</c>: Submit moves a draft (Z), created (A) or re-review (D)
/// document to in review (B); Audit moves B to approved (C). Any other status is refused per document with K3Cloud's kind of
/// message, and an approved (or in review) document cannot be saved over (<see cref="KingdeeStore"/>). Each change stamps
/// <c>FModifyDate</c>, so incremental readers see it.
/// </summary>
internal static class KingdeeDocumentFlow
{
    private static readonly Lock Gate = new();

    /// <returns>The document's id when the step was applied, else the refusal.</returns>
    public static (long? Id, string? Error) Apply(KingdeeStore store, KingdeeForms form, string number, bool audit)
    {
        lock (Gate)
        {
            if (store.Field(form.FormId, number, form.IdKey) is not { } id)
            {
                return (null, $"the {form.FormId} document {number} does not exist or was deleted");
            }

            var status = KingdeeFilter.Text(store.Field(form.FormId, number, "FDocumentStatus"));
            var allowed = audit ? status is "B" : status is "Z" or "A" or "D";
            if (!allowed)
            {
                return (null, $"{number}: the document status ({status}) does not allow {(audit ? "Audit" : "Submit")}");
            }

            store.Set(form.FormId, number, "FDocumentStatus", JsonValue.Create(audit ? "C" : "B"));
            return (long.Parse(id.ToString(), System.Globalization.CultureInfo.InvariantCulture), null);
        }
    }
}
