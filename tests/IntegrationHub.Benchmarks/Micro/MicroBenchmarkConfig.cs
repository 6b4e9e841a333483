using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace IntegrationHub.Benchmarks.Micro;

/// <summary>
/// ShortRun (3 warm-up, 3 measured iterations, one launch) with allocation counts: a quick, rough run.
/// Reports go under the build output (bin/Release/net10.0/BenchmarkDotNet.Artifacts), not the working directory.
/// </summary>
internal static class MicroBenchmarkConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.ShortRun)
        .WithBuildTimeout(TimeSpan.FromMinutes(15))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
}
