using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace IntegrationHub.Workflows.Tests.Runtime;

/// <summary>
/// Property: in any acyclic flowchart, every activity runs exactly once per token that reaches it, i.e. as often as
/// there are paths from the start to it; nothing else runs.
/// </summary>
public class FlowchartTokenProperties
{
    [Property(MaxTest = 40)]
    public Property RandomAcyclicFlowchart_EachActivityRunsOncePerIncomingToken() =>
        Prop.ForAll(Gen.Choose(1, 9).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 100), n * n).Select(r => (n, r))).ToArbitrary(), sample =>
        {
            var (n, random) = sample;
            // Node 0 is the start; every other node i gets an edge from a random earlier node, plus random extra forward edges.
            var edges = new HashSet<(int From, int To)>();
            for (var i = 1; i < n; i++)
            {
                edges.Add((random[i] % i, i));
                for (var j = 0; j < i; j++)
                {
                    if (random[(i * n) + j] < 20)
                    {
                        edges.Add((j, i));
                    }
                }
            }

            var yaml = new StringBuilder("""
                definitionId: random
                version: 1
                trigger: { type: Manual }
                root:
                  type: Flowchart
                  activities:

                """);
            for (var i = 0; i < n; i++)
            {
                yaml.AppendLine($"    - {{ id: a{i}, type: Start }}");
            }

            yaml.AppendLine(edges.Count == 0 ? "  connections: []" : "  connections:");
            foreach (var (from, to) in edges)
            {
                yaml.AppendLine($"    - a{from} -> a{to}");
            }

            var result = Engine.RunAsync(yaml.ToString()).GetAwaiter().GetResult();

            var paths = new long[n];
            paths[0] = 1;
            for (var i = 1; i < n; i++)
            {
                paths[i] = edges.Where(e => e.To == i).Sum(e => paths[e.From]);
            }

            var runs = result.Journal.Where(j => j.ActivityId != "root").GroupBy(j => j.ActivityId).ToDictionary(g => g.Key, g => (long)g.Count());
            return Enumerable.Range(0, n).All(i => runs.GetValueOrDefault($"a{i}") == paths[i]) && runs.Count == n;
        });
}
