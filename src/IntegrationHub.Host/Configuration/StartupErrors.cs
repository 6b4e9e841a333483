using System.Text.RegularExpressions;
using IntegrationHub.Connectors.Hosting.Plugins;
using IntegrationHub.Connectors.Hosting.Registry;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Configuration;

/// <summary>Turns a configuration failure at start into one line naming the setting (no stack trace).</summary>
internal static partial class StartupErrors
{
    public static string? Describe(Exception ex) => ex switch
    {
        OptionsValidationException v => string.Join(" ", v.Failures.Select(Clean)),
        ConnectorPluginException or ConnectorRegistryException or DevEnvironmentFileException => ex.Message,
        AggregateException { InnerExceptions.Count: > 0 } a when a.InnerExceptions.All(e => Describe(e) is not null) =>
            string.Join(" ", a.InnerExceptions.Select(e => Describe(e))),
        // Thrown by configuration binding: "Failed to convert configuration value 'x' at 'Kafka:MaxAttempts' to type 'System.Int32'."
        // The value is dropped: it could be a secret put in the wrong setting.
        InvalidOperationException when ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            BindingValue().Replace(ex.Message, "value at "),
        _ => null,
    };

    // DataAnnotations failures read "DataAnnotation validation failed for 'X' members: 'P' with the error: 'message'."
    private static string Clean(string failure)
    {
        var match = DataAnnotationFailure().Match(failure);
        return match.Success ? match.Groups["message"].Value : failure;
    }

    [GeneratedRegex("value '.*' at ", RegexOptions.Singleline)]
    private static partial Regex BindingValue();

    [GeneratedRegex("with the error: '(?<message>.*)'\\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
