using System.Text.Json.Nodes;
using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Elsa;

/// <summary>
/// How a load error names an activity imported from an Elsa definition: by the Elsa type and property names its file
/// (and the designer) shows, with the hub activity it runs, so an error about a hub <c>Log</c>'s <c>message</c> reads as
/// one about the <c>Elsa.WriteLine</c>'s <c>text</c> that was drawn. Hub activities keep their own names.
/// </summary>
internal static class ElsaNames
{
    /// <summary><c>'Elsa.WriteLine' (the hub's Log)</c> for an imported activity, <c>'Log'</c> for a hub one; quoted for messages.</summary>
    public static string Activity(ActivityNode node) =>
        Mapping(node) is { } mapping ? $"'{mapping.ElsaType}' (the hub's {node.Type})" : $"'{node.Type}'";

    /// <summary><c>Elsa.FlowDecision, the hub's If</c> for an imported activity, <c>If</c> for a hub one; for messages that name it in brackets.</summary>
    public static string Type(ActivityNode node) =>
        Mapping(node) is { } mapping ? $"{mapping.ElsaType}, the hub's {node.Type}" : node.Type;

    /// <summary>The Elsa property a hub input of <paramref name="node"/> comes from (an input or an output bound to a variable); the hub name when none.</summary>
    public static string Input(ActivityNode node, string hubInput)
    {
        if (Mapping(node) is not { } mapping)
        {
            return hubInput;
        }

        foreach (var (elsa, hub) in mapping.Inputs.Concat(mapping.Outputs))
        {
            if (string.Equals(hub, hubInput, StringComparison.Ordinal))
            {
                return elsa;
            }
        }

        return hubInput;
    }

    private static ElsaActivityMapping? Mapping(ActivityNode node) =>
        node.Original?["type"] is JsonValue type && type.TryGetValue<string>(out var elsaType)
        && ElsaActivityMap.ByElsaType.TryGetValue(elsaType, out var mapping) && mapping.HubType == node.Type ? mapping : null;
}
