using IntegrationHub.Host.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Tests.Configuration;

public class StartupErrorsTests
{
    [Fact]
    public void Describe_DataAnnotationsFailure_KeepsOnlyTheMessage()
    {
        var ex = new OptionsValidationException("KafkaOptions", typeof(object),
            ["DataAnnotation validation failed for 'KafkaOptions' members: 'EmbeddedBrokers' with the error: 'Kafka:EmbeddedBrokers must be between 1 and 9.'."]);

        Assert.Equal("Kafka:EmbeddedBrokers must be between 1 and 9.", StartupErrors.Describe(ex));
    }

    [Fact]
    public void Describe_OtherExceptions_AreNotConfigurationErrors() =>
        Assert.Null(StartupErrors.Describe(new InvalidOperationException("boom")));

    [Fact]
    public void Describe_BindingFailure_NamesTheSettingButNotTheValue()
    {
        var ex = new InvalidOperationException("Failed to convert configuration value 'hunter2' at 'Kafka:MaxAttempts' to type 'System.Int32'.");

        Assert.Equal("Failed to convert configuration value at 'Kafka:MaxAttempts' to type 'System.Int32'.", StartupErrors.Describe(ex));
    }
}
