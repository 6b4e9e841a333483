namespace IntegrationHub.Host.Value;

/// <summary>One sales order as customer value counts it: its date, currency, net amount (before tax) and status.</summary>
public sealed record OrderFact(string OrderId, DateOnly OrderDate, string? Currency, decimal NetAmount, string? Status = null);

/// <summary>One invoice as payment behaviour counts it.</summary>
/// <param name="PaidOn">The date of the last payment of a paid invoice; null while unpaid.</param>
public sealed record InvoiceFact(string InvoiceId, string Currency, decimal Total, decimal Due, string Status, DateOnly? IssueDate, DateOnly? DueDate, DateOnly? PaidOn);

/// <summary>What the hub knows of one customer's orders and invoices.</summary>
public sealed record CustomerFacts(Guid HubId, IReadOnlyList<OrderFact> Orders, IReadOnlyList<InvoiceFact> Invoices);
