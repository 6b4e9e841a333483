using IntegrationHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Workflows.Tests.Loading;

/// <summary>
/// A corpus of broken workflow files (Loading/Broken/*.yaml), each with the exact messages expected
/// (<c>*.errors</c>, one <c>file:line:col path: message</c> per line): every problem reported at once. The engine knows
/// the names of <see cref="FixedKnownNames"/>, the Test.Named activity and a Kafka.MessageReceived trigger.
/// </summary>
public class BrokenDefinitionTests
{
    public static TheoryData<string> Files() => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Loading", "Broken"), "*.yaml").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_BrokenFile_ReportsExactlyTheExpectedErrors(string file)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Loading", "Broken");
        var engine = Engine.Create(b =>
        {
            b.Services.AddSingleton<IKnownNames, FixedKnownNames>();
            b.AddActivity<NamedThingsActivity>().AddTriggerType("Kafka.MessageReceived", "topic").CheckTriggerName("Kafka.MessageReceived", "topic", NameKinds.Topic);
        });

        var result = engine.Load(file, File.ReadAllText(Path.Combine(folder, file)));

        Assert.False(result.Succeeded);
        Assert.Null(result.Workflow);
        var actual = result.Errors.Select(e => e.ToString()).ToArray();
        var expectedFile = Path.Combine(folder, Path.ChangeExtension(file, ".errors"));
        Assert.True(File.Exists(expectedFile), $"no {expectedFile}; actual errors:\n{string.Join('\n', actual)}");
        Assert.Equal(File.ReadAllLines(expectedFile).Where(l => l.Length > 0).ToArray(), actual);
    }
}
