namespace IntegrationHub.Connectors.Fxiaoke.Orders;

/// <summary>
/// The CRM's <c>order_status</c> for a canonical order status (the ERP's document status): an order the ERP has approved
/// is confirmed (<c>2</c>); anything earlier (draft, created, in review, re-review) or unknown is to be confirmed
/// (<c>1</c>). Later CRM states (<c>3</c> shipped and on) belong to the CRM and are never set from the ERP: a write
/// keeps them (<see cref="Keep"/>).
/// </summary>
public static class FxiaokeOrderStatus
{
    public const string ToConfirm = "1";
    public const string Confirmed = "2";

    public static string FromCanonical(string? status) => status switch
    {
        "approved" => Confirmed,
        _ => ToConfirm,
    };

    /// <summary>The status to write over <paramref name="current"/>: the CRM's own later states stay.</summary>
    public static string Keep(string? current, string incoming) =>
        current is { Length: > 0 } && current != ToConfirm && current != Confirmed ? current : incoming;
}
