namespace IntegrationHub.Orders;

/// <summary>
/// The hub's canonical sales order, as an ERP pushes it and as it travels on the <c>erp.orders</c> topic.
/// Money is <see cref="decimal"/> in <see cref="Currency"/> (ISO 4217), never floating point.
/// </summary>
public sealed record SalesOrder
{
    public required string OrderNumber { get; init; }
    public required string CustomerNumber { get; init; }
    public string? CustomerName { get; init; }
    public required DateOnly OrderDate { get; init; }
    public required string Currency { get; init; }
    public required IReadOnlyList<OrderLine> Lines { get; init; }
    public required decimal TotalAmount { get; init; }

    /// <summary>The ERP's own revision of the order; a redelivery never lowers it. The default is 1.</summary>
    public long SourceVersion { get; init; } = 1;

    public string? Notes { get; init; }
}
