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
}
