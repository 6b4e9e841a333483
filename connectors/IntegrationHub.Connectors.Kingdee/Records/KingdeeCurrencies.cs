namespace IntegrationHub.Connectors.Kingdee.Records;

/// <summary>ISO 4217 codes and K3Cloud currency numbers, both ways: the presets overlaid with <c>Connectors:Kingdee:Currencies</c>.</summary>
internal sealed class KingdeeCurrencies
{
    private readonly Dictionary<string, string> _numbers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _codes = new(StringComparer.OrdinalIgnoreCase);

    public KingdeeCurrencies(IReadOnlyDictionary<string, string> configured)
    {
        foreach (var (code, number) in KingdeeOptions.PresetCurrencies.Concat(configured))
        {
            _numbers[code] = number;
        }

        foreach (var (code, number) in _numbers)
        {
            _codes[number] = code.ToUpperInvariant();
        }
    }

    /// <summary>The K3Cloud number of an ISO code; a code without one is the record's error, naming the setting.</summary>
    public string NumberOf(string isoCode) => _numbers.TryGetValue(isoCode, out var number)
        ? number
        : throw new FormatException($"currency {isoCode} has no K3Cloud currency number (add Connectors:Kingdee:Currencies:{isoCode})");

    public string CodeOf(string number) => _codes.TryGetValue(number, out var code)
        ? code
        : throw new FormatException($"K3Cloud currency number {number} has no ISO code (add Connectors:Kingdee:Currencies:<ISO>={number})");
}
