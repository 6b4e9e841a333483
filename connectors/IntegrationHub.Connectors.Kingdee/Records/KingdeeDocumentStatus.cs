namespace IntegrationHub.Connectors.Kingdee.Records;

/// <summary>
/// K3Cloud's <c>FDocumentStatus</c> and the canonical status words: Z draft (temporarily saved), A created, B in review
/// (submitted), C approved (audited), D re-review (returned after an un-audit).
/// </summary>
internal static class KingdeeDocumentStatus
{
    public static string ToCanonical(string? status) => status switch
    {
        "Z" => "draft",
        "A" => "created",
        "B" => "in-review",
        "C" => "approved",
        "D" => "re-review",
        _ => throw new FormatException($"unknown FDocumentStatus '{status}'"),
    };

    public static string? FromCanonical(string? status) => status switch
    {
        null => null,
        "draft" => "Z",
        "created" => "A",
        "in-review" => "B",
        "approved" => "C",
        "re-review" => "D",
        _ => throw new FormatException($"unknown document status '{status}' (draft, created, in-review, approved, re-review)"),
    };
}
