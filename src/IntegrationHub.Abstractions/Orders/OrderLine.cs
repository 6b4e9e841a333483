namespace IntegrationHub.Orders;

/// <summary>One line of a <see cref="SalesOrder"/>. <see cref="TaxRate"/> is a fraction (0.13 = 13 %).</summary>
public sealed record OrderLine
{
    public required string Sku { get; init; }
    public required decimal Quantity { get; init; }
    public required decimal UnitPrice { get; init; }
    public required decimal TaxRate { get; init; }
    public string? Description { get; init; }

    /// <summary>Line amount including tax, rounded to cents the way the total is checked.</summary>
    public decimal GrossAmount => decimal.Round(Quantity * UnitPrice * (1 + TaxRate), 2, MidpointRounding.AwayFromZero);
}
