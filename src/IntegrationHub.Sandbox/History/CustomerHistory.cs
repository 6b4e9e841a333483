namespace IntegrationHub.Sandbox.History;

/// <summary>How a seeded customer has behaved over the history: when it ordered, and how it pays.</summary>
public enum CustomerKind
{
    /// <summary>Orders all through the history, often.</summary>
    Loyal,

    /// <summary>Orders all through the history, now and then.</summary>
    Occasional,

    /// <summary>First order in the last three months.</summary>
    New,

    /// <summary>Stopped three to twelve months ago (at risk, dormant).</summary>
    Slipping,

    /// <summary>Stopped more than a year ago.</summary>
    Churned,

    /// <summary>Ordered early, stayed away for over a year, came back in the last three months.</summary>
    WonBack,
}

/// <summary>How a customer pays its invoices.</summary>
public enum PaymentHabit
{
    OnTime,
    Late,
    VeryLate,
}

/// <summary>
/// A realistic, repeatable order history per seeded customer, shared by the ERP and finance sandboxes so both tell the
/// same story about customer <c>CUST0001</c>: its kind (about a quarter loyal, a fifth occasional, a tenth each new,
/// won back and churned, the rest slipping away), its payment habit (most on time, a quarter late, one in ten very late or
/// not at all), and order dates over the last <c>months</c> with seasonality (busy before the Spring Festival and in the
/// autumn, quiet in February and August).
/// </summary>
public static class CustomerHistory
{
    private static readonly double[] MonthWeight = [1.3, 0.5, 1.0, 1.0, 1.1, 1.0, 0.9, 0.7, 1.2, 1.3, 1.4, 1.5];

    public static CustomerKind KindOf(int customer, int seed) => (Hash(customer, seed, 1) % 100) switch
    {
        < 25 => CustomerKind.Loyal,
        < 45 => CustomerKind.Occasional,
        < 55 => CustomerKind.New,
        < 65 => CustomerKind.WonBack,
        < 75 => CustomerKind.Churned,
        _ => CustomerKind.Slipping,
    };

    public static PaymentHabit HabitOf(int customer, int seed) => (Hash(customer, seed, 2) % 100) switch
    {
        < 65 => PaymentHabit.OnTime,
        < 90 => PaymentHabit.Late,
        _ => PaymentHabit.VeryLate,
    };

    /// <summary>How many of the seeded orders a customer of this kind gets, relative to the others.</summary>
    public static double Weight(CustomerKind kind) => kind switch
    {
        CustomerKind.Loyal => 3.0,
        CustomerKind.Occasional => 1.0,
        CustomerKind.New => 0.4,
        CustomerKind.WonBack => 0.8,
        CustomerKind.Churned => 0.6,
        _ => 0.8,
    };

    /// <summary>A date in the customer's active periods, drawn with the season's weight; never after <paramref name="today"/>.</summary>
    public static DateOnly OrderDate(int customer, int seed, DateOnly today, int months, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var span = Math.Max(1, today.DayNumber - today.AddMonths(-months).DayNumber);
        var (from, to) = KindOf(customer, seed) switch
        {
            CustomerKind.New => (Math.Min(span, 85), 0),
            CustomerKind.Slipping => (Math.Min(span, 360), Math.Min(span, 95 + (Hash(customer, seed, 3) % 200))),
            CustomerKind.Churned => (span, Math.Min(span, 380 + (Hash(customer, seed, 4) % 200))),
            CustomerKind.WonBack => random.NextDouble() < 0.5 ? (Math.Min(span, 85), 0) : (span, Math.Min(span, 480)),
            _ => (span, 0),
        };
        from = Math.Max(from, to);
        for (var attempt = 0; ; attempt++)
        {
            var daysAgo = to + random.Next(from - to + 1);
            var date = today.AddDays(-daysAgo);
            if (attempt > 20 || random.NextDouble() * 1.5 < MonthWeight[date.Month - 1])
            {
                return date;
            }
        }
    }

    /// <summary>Days after the due date a customer of this habit pays (negative: early); null: not paid at all.</summary>
    public static int? PaysAfterDue(PaymentHabit habit, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return habit switch
        {
            PaymentHabit.OnTime => -random.Next(0, 10),
            PaymentHabit.Late => random.Next(3, 45),
            _ => random.NextDouble() < 0.4 ? null : random.Next(30, 120),
        };
    }

    private static int Hash(int customer, int seed, int salt)
    {
        unchecked
        {
            var h = (uint)((customer * 73856093) ^ (seed * 19349663) ^ (salt * 83492791));
            h ^= h >> 13;
            h *= 0x5bd1e995;
            h ^= h >> 15;
            return (int)(h & 0x7fffffff);
        }
    }
}
