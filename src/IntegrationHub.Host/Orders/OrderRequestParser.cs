using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Host.Http;
using IntegrationHub.Orders;

namespace IntegrationHub.Host.Orders;

/// <summary>
/// Reads a pushed order from JSON and checks every field, collecting all problems (keyed by JSON path, for example
/// <c>lines[2].quantity</c>) rather than stopping at the first. Property names match case-insensitively; unknown
/// properties are ignored so an ERP can send more than the hub reads. Numbers must be JSON numbers (money is read
/// as decimal, never through floating point).
/// </summary>
internal static partial class OrderRequestParser
{
    public const int MaxLines = 1000;

    /// <summary>Largest quantity per line; with <see cref="MaxUnitPrice"/> and <see cref="MaxLines"/> no total can overflow decimal.</summary>
    public const decimal MaxQuantity = 1_000_000_000m;

    /// <summary>Largest unit price per line.</summary>
    public const decimal MaxUnitPrice = 1_000_000_000_000m;

    public static (SalesOrder? Order, Dictionary<string, string[]> Errors) Parse(ReadOnlyMemory<byte> body)
    {
        var errors = new ErrorBag();
        var document = StrictJson.Parse(body, out var problem);
        if (document is null)
        {
            errors.Add(problem!.Path, problem.Message);
            return (null, errors.ToDictionary());
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("$", "The body must be a JSON object (an order).");
                return (null, errors.ToDictionary());
            }

            var orderNumber = Identifier(root, "orderNumber", errors, required: true);
            var customerNumber = Identifier(root, "customerNumber", errors, required: true);
            var customerName = Text(root, "customerName", errors, required: false, maxLength: 200);
            var notes = Text(root, "notes", errors, required: false, maxLength: 2000);
            var orderDate = Date(root, "orderDate", errors);
            var currency = Currency(root, errors);
            var total = Money(root, "totalAmount", "totalAmount", errors, required: true, min: 0);
            var version = SourceVersion(root, errors);
            var lines = Lines(root, errors);

            if (total is { } t && lines is { Count: > 0 } && !errors.Any)
            {
                var sum = lines.Sum(l => l.GrossAmount);
                // ERPs round per line or per order; allow one cent per line either way.
                if (Math.Abs(sum - t) > 0.01m * lines.Count)
                {
                    errors.Add("totalAmount", $"totalAmount {t.ToString(CultureInfo.InvariantCulture)} does not match the sum of the lines including tax ({sum.ToString(CultureInfo.InvariantCulture)}).");
                }
            }

            if (errors.Any)
            {
                return (null, errors.ToDictionary());
            }

            return (new SalesOrder
            {
                OrderNumber = orderNumber!,
                CustomerNumber = customerNumber!,
                CustomerName = customerName,
                OrderDate = orderDate!.Value,
                Currency = currency!,
                Lines = lines!,
                TotalAmount = total!.Value,
                SourceVersion = version ?? 1,
                Notes = notes,
            }, errors.ToDictionary());
        }
    }

    private static List<OrderLine>? Lines(JsonElement root, ErrorBag errors)
    {
        if (!TryGet(root, "lines", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            errors.Add("lines", "lines is required: an order has at least one line.");
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add("lines", "lines must be an array of order lines.");
            return null;
        }

        var count = array.GetArrayLength();
        if (count is 0 or > MaxLines)
        {
            errors.Add("lines", $"lines must hold between 1 and {MaxLines} lines (it holds {count}).");
            return null;
        }

        var lines = new List<OrderLine>(count);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = $"lines[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(at, $"{at} must be an object.");
                continue;
            }

            var sku = Identifier(item, "sku", errors, required: true, prefix: at);
            var description = Text(item, "description", errors, required: false, maxLength: 500, prefix: at);
            var quantity = Money(item, "quantity", $"{at}.quantity", errors, required: true, min: 0, max: MaxQuantity, exclusiveMin: true);
            var unitPrice = Money(item, "unitPrice", $"{at}.unitPrice", errors, required: true, min: 0, max: MaxUnitPrice);
            var taxRate = Money(item, "taxRate", $"{at}.taxRate", errors, required: true, min: 0, max: 1);
            if (sku is not null && quantity is not null && unitPrice is not null && taxRate is not null)
            {
                lines.Add(new OrderLine { Sku = sku, Description = description, Quantity = quantity.Value, UnitPrice = unitPrice.Value, TaxRate = taxRate.Value });
            }
        }

        return lines;
    }

    private static string? Identifier(JsonElement parent, string name, ErrorBag errors, bool required, string? prefix = null)
    {
        var value = Text(parent, name, errors, required, maxLength: 64, prefix);
        if (value is not null && !IdentifierPattern().IsMatch(value))
        {
            errors.Add(Path(prefix, name), $"{name} may contain letters, digits and . _ / - only.");
            return null;
        }

        return value;
    }

    private static string? Text(JsonElement parent, string name, ErrorBag errors, bool required, int maxLength, string? prefix = null)
    {
        var path = Path(prefix, name);
        if (!TryGet(parent, name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(path, $"{name} is required.");
            }

            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, $"{name} must be a string.");
            return null;
        }

        var value = element.GetString()!.Trim();
        if (value.Length == 0 && required)
        {
            errors.Add(path, $"{name} must not be empty.");
            return null;
        }

        if (value.Length > maxLength)
        {
            errors.Add(path, $"{name} must be at most {maxLength} characters.");
            return null;
        }

        return value.Length == 0 ? null : value;
    }

    private static DateOnly? Date(JsonElement root, string name, ErrorBag errors)
    {
        var text = Text(root, name, errors, required: true, maxLength: 10);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(name, $"{name} must be a date as yyyy-MM-dd.");
            return null;
        }

        return date;
    }

    private static string? Currency(JsonElement root, ErrorBag errors)
    {
        var code = Text(root, "currency", errors, required: true, maxLength: 3);
        if (code is not null && !Iso4217.IsCurrency(code))
        {
            errors.Add("currency", $"currency '{code}' is not an ISO 4217 currency code (three capitals, for example CNY, EUR, USD).");
            return null;
        }

        return code;
    }

    private static decimal? Money(JsonElement parent, string name, string path, ErrorBag errors, bool required, decimal min, decimal? max = null, bool exclusiveMin = false)
    {
        if (!TryGet(parent, name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(path, $"{name} is required.");
            }

            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDecimal(out var value))
        {
            errors.Add(path, $"{name} must be a JSON number.");
            return null;
        }

        if (exclusiveMin ? value <= min : value < min)
        {
            errors.Add(path, exclusiveMin ? $"{name} must be greater than {min}." : $"{name} must be at least {min}.");
            return null;
        }

        if (max is { } m && value > m)
        {
            errors.Add(path, m == 1 ? $"{name} must be at most 1 (a fraction: 0.13 is 13 %)." : $"{name} must be at most {m.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return value;
    }

    private static long? SourceVersion(JsonElement root, ErrorBag errors)
    {
        if (!TryGet(root, "sourceVersion", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var version) || version < 1)
        {
            errors.Add("sourceVersion", "sourceVersion must be a whole number of at least 1.");
            return null;
        }

        return version;
    }

    private static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        foreach (var property in parent.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Path(string? prefix, string name) => prefix is null ? name : $"{prefix}.{name}";

    [GeneratedRegex("^[A-Za-z0-9._/-]+$")]
    private static partial Regex IdentifierPattern();

    private sealed class ErrorBag
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public bool Any => _errors.Count > 0;

        public void Add(string path, string message)
        {
            if (!_errors.TryGetValue(path, out var list))
            {
                _errors[path] = list = [];
            }

            list.Add(message);
        }

        public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}
