using Bogus;

namespace IntegrationHub.Sandbox.Kingdee;

/// <summary>
/// Phone numbers of seeded ERP customers as Chinese companies key them: mobiles of the main carriers' ranges and office
/// lines with the area codes of large cities (Beijing, Shanghai, Shenzhen, Guangzhou), written with a dash.
/// </summary>
internal static class KingdeePhones
{
    private static readonly string[] Mobile = ["135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "186", "187", "188", "189"];
    private static readonly string[] Areas = ["010", "021", "0755", "020"];

    public static string Next(Randomizer random) => random.Bool(0.6f)
        ? random.ArrayElement(Mobile) + random.ReplaceNumbers("########")
        : random.ArrayElement(Areas) + "-" + random.Int(5, 8) + random.ReplaceNumbers("#######");
}
