using System.Globalization;
using IntegrationHub.Kafka.Embedded;

namespace IntegrationHub.Benchmarks.Kafka;

/// <summary>
/// The <c>kafka</c> mode: every phase in one process against one embedded cluster, so the numbers are comparable.
/// Bounded by <see cref="KafkaLoadSettings.Timeout"/>; a phase cut short reports what it completed.
/// </summary>
internal static class KafkaLoadDriver
{
    private const string WarmUpTopic = "bench.warmup";
    private const string HubWarmIn = "bench.hub.warm.in";
    private const string HubWarmOut = "bench.hub.warm.out";
    private const string ScaledOut = "bench.hub.out.scaled";
    private const string Serial5Out = "bench.raw.serial5.out";
    private const string Serial0Out = "bench.raw.serial0.out";

    public static async Task<int> RunAsync(KafkaLoadSettings settings, TimeProvider time)
    {
        using var deadline = new CancellationTokenSource(settings.Timeout, time);
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            deadline.Cancel();
        }

        Console.CancelKeyPress += OnCancel;
        try
        {
            var results = await RunPhasesAsync(settings, time, deadline.Token).ConfigureAwait(false);
            ResultTable.Print(results);
            return results.Any(r => r.TimedOut) || deadline.IsCancellationRequested ? 1 : 0;
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    private static async Task<List<PhaseResult>> RunPhasesAsync(KafkaLoadSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var n = settings.Messages;
        using var cluster = new EmbeddedKafkaCluster(3);
        var bootstrap = cluster.BootstrapServers;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Embedded cluster {bootstrap} ({cluster.Brokers} brokers); {n:N0} records of {Payloads.ValueBytes} B JSON; raw rounds {settings.RawRounds}; hub consumers {settings.HubConsumers}, scale-out {settings.ScaleOut}, serial sample {settings.SerialSample}; hub max in flight {(settings.MaxInFlight > 0 ? settings.MaxInFlight.ToString(CultureInfo.InvariantCulture) : "default")}; timeout {settings.Timeout.TotalSeconds:F0} s"));
        string RawIn(int round) => string.Create(CultureInfo.InvariantCulture, $"bench.raw.in.{round}");
        string RawOut(int round) => string.Create(CultureInfo.InvariantCulture, $"bench.raw.out.{round}");
        string RawCeIn(int round) => string.Create(CultureInfo.InvariantCulture, $"bench.raw.ce.in.{round}");
        string RawCeOut(int round) => string.Create(CultureInfo.InvariantCulture, $"bench.raw.ce.out.{round}");
        string HubIn(int round) => string.Create(CultureInfo.InvariantCulture, $"bench.hub.in.{round}");
        string HubOut(int round) => string.Create(CultureInfo.InvariantCulture, $"bench.hub.out.{round}");
        var rounds = Enumerable.Range(1, settings.RawRounds).ToList();
        var hubRounds = Enumerable.Range(1, settings.HubRounds).ToList();
        var workflowRounds = Enumerable.Range(1, settings.WorkflowRounds).ToList();
        string WfIn(string kind) => $"bench.wf.{kind}.in";
        string WfOut(string kind) => $"bench.wf.{kind}.out";
        List<string> wfKinds = settings.WorkflowRounds == 0 ? [] : ["warm", .. workflowRounds.Select(r => string.Create(CultureInfo.InvariantCulture, $"lean{r}")), .. settings.PersistedSample > 0 ? new[] { "always" } : []];
        var partitions = TopicAdmin.Ensure(
            bootstrap,
            [WarmUpTopic, .. rounds.Select(RawIn), .. rounds.Select(RawOut), .. rounds.Select(RawCeIn), .. rounds.Select(RawCeOut), HubWarmIn, HubWarmOut, .. hubRounds.Select(HubIn), .. hubRounds.Select(HubOut), .. wfKinds.Select(WfIn), .. wfKinds.Select(WfOut), ScaledOut, Serial5Out, Serial0Out]);
        Console.WriteLine($"Topics: {partitions.Count}, partitions per topic: {string.Join('/', partitions.Values.Distinct())}");
        using var counter = new WatermarkCounter(bootstrap, partitions, time);
        var results = new List<PhaseResult>();

        var raw = Enumerable.Range(0, n).Select(Payloads.Raw).ToList();
        Report(await ProducePhase.RunAsync("warm-up produce", bootstrap, WarmUpTopic, WarmUpTopic, raw.Take(Math.Min(n, 5_000)).ToList(), time, cancellationToken).ConfigureAwait(false));

        // The raw phases take a fraction of a second each, so they run in rounds on fresh topics and report the median.
        // The raw pipeline runs over plain records and over the very records the hub loop gets (CloudEvents in binary
        // mode: six ce_* headers, which Confluent marshals on every consume and produce).
        var now = time.GetUtcNow();
        var events = Enumerable.Range(0, n).Select(i => Payloads.CloudEventRecord("bench.hub.in", i, now)).ToList();
        var produced = new List<PhaseResult>();
        var piped = new List<PhaseResult>();
        var pipedEvents = new List<PhaseResult>();
        foreach (var round in rounds)
        {
            await Run(produced, () => ProducePhase.RunAsync("raw produce", bootstrap, WarmUpTopic, RawIn(round), raw, time, cancellationToken)).ConfigureAwait(false);
            await Run(piped, () => RawPipelinePhase.RunAsync(bootstrap, WarmUpTopic, RawIn(round), RawOut(round), n, counter, time, cancellationToken)).ConfigureAwait(false);
            await Run(results, () => ProducePhase.RunAsync("raw produce, CloudEvent records", bootstrap, WarmUpTopic, RawCeIn(round), events, time, cancellationToken), keep: false).ConfigureAwait(false);
            await Run(pipedEvents, () => RawPipelinePhase.RunAsync(bootstrap, WarmUpTopic, RawCeIn(round), RawCeOut(round), n, counter, time, cancellationToken, RawPipelinePhase.CloudEventName)).ConfigureAwait(false);
        }

        AddMedian("raw produce", produced);
        AddMedian(RawPipelinePhase.Name, piped);
        AddMedian(RawPipelinePhase.CloudEventName, pipedEvents);

        if (settings.SerialSample > 0)
        {
            // Diagnostic: what a serial "consume, await the acks=all produce" loop can do without any hub code.
            var sample = Math.Min(n, settings.SerialSample);
            await Run(results, () => RawSerialPhase.RunAsync(bootstrap, WarmUpTopic, RawIn(1), Serial5Out, sample, 5, counter, time, cancellationToken)).ConfigureAwait(false);
            await Run(results, () => RawSerialPhase.RunAsync(bootstrap, WarmUpTopic, RawIn(1), Serial0Out, sample, 0, counter, time, cancellationToken)).ConfigureAwait(false);
        }

        // The hub loop runs its first records through cold code (JIT), which the raw phases paid in earlier rounds: one
        // untimed warm-up round first, then timed rounds on fresh topics, median reported like the raw phases.
        var warm = events.Take(Math.Min(n, 5_000)).ToList();
        Report(await ProducePhase.RunAsync("hub warm-up input produce", bootstrap, WarmUpTopic, HubWarmIn, warm, time, cancellationToken).ConfigureAwait(false));
        Report(await HubLoopPhase.RunAsync(bootstrap, HubWarmIn, HubWarmOut, warm.Count, 1, settings.MaxInFlight, counter, time, cancellationToken, "hub loop warm-up (not counted)").ConfigureAwait(false));
        var hubs = new List<PhaseResult>();
        foreach (var round in hubRounds)
        {
            await Run(results, () => ProducePhase.RunAsync("hub input produce (CloudEvents)", bootstrap, WarmUpTopic, HubIn(round), events, time, cancellationToken), keep: round == 1).ConfigureAwait(false);
            await Run(hubs, () => HubLoopPhase.RunAsync(bootstrap, HubIn(round), HubOut(round), n, settings.HubConsumers, settings.MaxInFlight, counter, time, cancellationToken)).ConfigureAwait(false);
        }

        var hubName = settings.HubConsumers == 1 ? HubLoopPhase.NamePrefix : string.Create(CultureInfo.InvariantCulture, $"{HubLoopPhase.NamePrefix}, {settings.HubConsumers} consumers in the group");
        AddMedian(hubName, hubs);
        if (settings.ScaleOut > 0)
        {
            // The same input again under another consumer group, with several hub loops sharing the partitions.
            await Run(results, () => HubLoopPhase.RunAsync(bootstrap, HubIn(1), ScaledOut, n, settings.ScaleOut, settings.MaxInFlight, counter, time, cancellationToken)).ConfigureAwait(false);
        }

        if (settings.WorkflowRounds > 0)
        {
            // The brief's pipeline on the whole hub: topic -> workflow with a map -> topic. One untimed warm-up round
            // (it also compiles the workflow's C# expressions), timed rounds with persistence onSuspendOrFault, and one
            // smaller round with persistence always (two SQLite writes per instance) for comparison.
            await using var hub = await HubWorkflowPhase.StartAsync(bootstrap, [.. wfKinds.Select(WfIn), .. wfKinds.Select(WfOut)], settings.MaxInFlight, time, cancellationToken).ConfigureAwait(false);
            await hub.LoadAsync(wfKinds.Select(k => (WfIn(k), WfOut(k), k == "always" ? "always" : "onSuspendOrFault")), cancellationToken).ConfigureAwait(false);
            Report(await ProducePhase.RunAsync("workflow warm-up input produce", bootstrap, WarmUpTopic, WfIn("warm"), warm, time, cancellationToken).ConfigureAwait(false));
            Report(await hub.RunAsync("hub workflow pipeline warm-up (not counted)", WfOut("warm"), warm.Count, counter, cancellationToken).ConfigureAwait(false));
            var lean = new List<PhaseResult>();
            foreach (var round in workflowRounds)
            {
                var kind = string.Create(CultureInfo.InvariantCulture, $"lean{round}");
                await Run(results, () => ProducePhase.RunAsync("workflow input produce", bootstrap, WarmUpTopic, WfIn(kind), events, time, cancellationToken), keep: false).ConfigureAwait(false);
                await Run(lean, () => hub.RunAsync($"{HubWorkflowPhase.NamePrefix}, persistence onSuspendOrFault", WfOut(kind), n, counter, cancellationToken)).ConfigureAwait(false);
            }

            AddMedian($"{HubWorkflowPhase.NamePrefix}, persistence onSuspendOrFault", lean);
            if (settings.PersistedSample > 0)
            {
                var sample = events.Take(Math.Min(n, settings.PersistedSample)).ToList();
                await Run(results, () => ProducePhase.RunAsync("workflow input produce", bootstrap, WarmUpTopic, WfIn("always"), sample, time, cancellationToken), keep: false).ConfigureAwait(false);
                await Run(results, () => hub.RunAsync($"{HubWorkflowPhase.NamePrefix}, persistence always", WfOut("always"), sample.Count, counter, cancellationToken)).ConfigureAwait(false);
            }
        }

        // The embedded cluster keeps about 5 MiB per partition and drops older batches beyond that: make sure no input was
        // dropped before it was consumed (the output topics are counted by high watermark, which dropping does not change).
        foreach (var topic in rounds.Select(RawIn).Concat(rounds.Select(RawCeIn)).Append(HubWarmIn).Concat(hubRounds.Select(HubIn)).Concat(wfKinds.Select(WfIn)))
        {
            var low = counter.Low(topic);
            if (low > 0)
            {
                Console.WriteLine($"WARNING {topic}: the embedded cluster dropped {low} old records (log start > 0); use fewer --messages");
            }
        }

        return results;

        async Task Run(List<PhaseResult> into, Func<Task<PhaseResult>> phase, bool keep = true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var result = await phase().ConfigureAwait(false);
            Report(result);
            if (keep)
            {
                into.Add(result);
            }
        }

        void AddMedian(string name, List<PhaseResult> of)
        {
            if (of.Count > 0)
            {
                results.Add(PhaseResult.Median(name, of));
            }
        }
    }

    // The working set is the whole benchmark process's (driver, raw clients, embedded cluster and, in the workflow phases, the hub).
    private static void Report(PhaseResult r)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{r.Name}: {r.Completed:N0}/{r.Target:N0} records in {r.Elapsed.TotalSeconds:F2} s = {r.Rate:N0} msgs/s{(r.SteadyRate is { } s ? $" ({s:N0} msgs/s after the first record)" : "")}{(r.TimedOut ? " TIMED OUT" : "")}; process working set {self.WorkingSet64 / 1048576.0:F0} MB (peak {self.PeakWorkingSet64 / 1048576.0:F0} MB)"));
    }
}
