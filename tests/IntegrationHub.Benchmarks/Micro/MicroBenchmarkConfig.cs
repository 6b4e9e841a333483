using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace IntegrationHub.Benchmarks.Micro;

/// <summary>
/// ShortRun (3 warm-up, 3 measured iterations, one launch) with allocation counts: a quick, rough run.
/// Reports go under the build output (bin/Release/net10.0/BenchmarkDotNet.Artifacts), not the working directory.
/// </summary>
internal static class MicroBenchmarkConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        // HUB_BENCH_INPROCESS=1 runs in the benchmark process (no per-run project build; for loaded machines).
        .AddJob(Environment.GetEnvironmentVariable("HUB_BENCH_INPROCESS") == "1" ? Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance) : Job.ShortRun)
        .WithBuildTimeout(TimeSpan.FromMinutes(15))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
}
