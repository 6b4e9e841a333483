using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Sandbox.Erp;

/// <summary>The demo's ERP: pushes generated orders to the hub. Bound from <c>Sandbox:OrderGenerator</c>.</summary>
public sealed class OrderGeneratorOptions
{
    public const string Section = "Sandbox:OrderGenerator";

    /// <summary>Orders pushed per second. The default is 2.</summary>
    [Range(0.01, 1000, ErrorMessage = "Sandbox:OrderGenerator:OrdersPerSecond must be between 0.01 and 1000.")]
    public double OrdersPerSecond { get; set; } = 2;

    /// <summary>Size of the generated customer base. The default is 40.</summary>
    [Range(1, 100_000, ErrorMessage = "Sandbox:OrderGenerator:Customers must be between 1 and 100000.")]
    public int Customers { get; set; } = 40;

    /// <summary>Share of pushes that repeat the previous one with the same Idempotency-Key, as a flaky ERP would. The default is 0.05.</summary>
    [Range(0, 1, ErrorMessage = "Sandbox:OrderGenerator:DuplicateRate must be between 0 and 1.")]
    public double DuplicateRate { get; set; } = 0.05;

    /// <summary>Random seed, so a demo run can be repeated. The default is 2026.</summary>
    public int Seed { get; set; } = 2026;
}
