using IntegrationHub.Workflows.Model;

namespace IntegrationHub.Workflows.Layout;

/// <summary>
/// Lays out a definition's root as a picture (the console draws it; the Elsa export takes designer positions from it):
/// a Flowchart's activities in layers (each activity one layer below the furthest activity leading to it; connections that lead back up are drawn as loops, not followed; connections between
/// the same two activities are one arrow naming every outcome), any other composite's (Sequence, ForEach, a connector's
/// per-record body) as a column joined by <c>Done</c>; a plain activity is one box. Composite children are listed in
/// <see cref="FlowchartPicture.Inside"/>, to be drawn beside it.
/// </summary>
public static class FlowchartLayout
{
    public const int BoxWidth = 200;
    public const int BoxHeight = 48;
    private const int ColumnGap = 40;
    private const int RowGap = 56;
    private const int Margin = 16;

    public static FlowchartPicture Of(ActivityNode root)
    {
        var (nodes, edges) = root.Type switch
        {
            "Flowchart" => (root.Activities, root.Connections.Select(c => (c.Source, c.Target, c.Outcome)).ToList()),
            _ when root.Activities.Count > 0 => (root.Activities, root.Activities.Zip(root.Activities.Skip(1), (a, b) => (a.Id, b.Id, "Done")).ToList()),
            _ => ((IReadOnlyList<ActivityNode>)[root], new List<(string, string, string)>()),
        };

        var layer = Layers(nodes, edges);
        var rows = nodes.GroupBy(n => layer[n.Id]).OrderBy(g => g.Key).ToList();
        var widest = rows.Count == 0 ? 1 : rows.Max(r => r.Count());
        var width = (2 * Margin) + (widest * BoxWidth) + ((widest - 1) * ColumnGap);
        var boxes = new Dictionary<string, FlowchartBox>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var items = row.ToList();
            var rowWidth = (items.Count * BoxWidth) + ((items.Count - 1) * ColumnGap);
            var x = (width - rowWidth) / 2;
            foreach (var node in items)
            {
                boxes[node.Id] = new FlowchartBox(node.Id, node.Type, Detail(node), x, Margin + (row.Key * (BoxHeight + RowGap)));
                x += BoxWidth + ColumnGap;
            }
        }

        var lines = edges.Where(e => boxes.ContainsKey(e.Item1) && boxes.ContainsKey(e.Item2))
            .GroupBy(e => (e.Item1, e.Item2))
            .Select(g => new FlowchartEdge(boxes[g.Key.Item1], boxes[g.Key.Item2], string.Join(", ", g.Select(e => e.Item3).Distinct(StringComparer.Ordinal)),
                layer[g.Key.Item2] <= layer[g.Key.Item1])).ToList();
        var height = (2 * Margin) + (rows.Count * BoxHeight) + (Math.Max(0, rows.Count - 1) * RowGap);
        var inside = root.Activities.Count > 0 ? nodes.Where(n => n.Activities.Count > 0).ToList() : [];
        return new FlowchartPicture(width, height, [.. boxes.Values], lines) { Inside = inside };
    }

    // Longest path from the starts (activities nothing leads to; the first activity when every one has an inbound edge),
    // following only edges that do not close a cycle.
    private static Dictionary<string, int> Layers(IReadOnlyList<ActivityNode> nodes, List<(string Source, string Target, string Outcome)> edges)
    {
        var ids = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var outgoing = edges.Where(e => ids.Contains(e.Source) && ids.Contains(e.Target)).ToLookup(e => e.Source, e => e.Target, StringComparer.Ordinal);
        var targets = edges.Select(e => e.Target).ToHashSet(StringComparer.Ordinal);
        var starts = nodes.Where(n => !targets.Contains(n.Id)).Select(n => n.Id).ToList();
        if (starts.Count == 0 && nodes.Count > 0)
        {
            starts.Add(nodes[0].Id);
        }

        // Forward edges: those a depth-first walk from the starts does not find leading back onto its own path.
        var forward = new List<(string Source, string Target)>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        void Walk(string id)
        {
            state[id] = 1;
            foreach (var next in outgoing[id])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    continue; // a loop back
                }

                forward.Add((id, next));
                if (state.GetValueOrDefault(next) == 0)
                {
                    Walk(next);
                }
            }

            state[id] = 2;
        }

        foreach (var id in starts.Concat(nodes.Select(n => n.Id)))
        {
            if (state.GetValueOrDefault(id) == 0)
            {
                Walk(id);
            }
        }

        var layer = nodes.ToDictionary(n => n.Id, _ => 0, StringComparer.Ordinal);
        for (var pass = 0; pass < nodes.Count; pass++)
        {
            var changed = false;
            foreach (var (source, target) in forward)
            {
                if (layer[target] < layer[source] + 1)
                {
                    layer[target] = layer[source] + 1;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return layer;
    }

    private static string? Detail(ActivityNode node) => node.Activities.Count > 0 ? $"{node.Activities.Count} activities inside" : null;
}

/// <summary>A laid-out picture: its size, its boxes and its edges.</summary>
public sealed record FlowchartPicture(int Width, int Height, IReadOnlyList<FlowchartBox> Boxes, IReadOnlyList<FlowchartEdge> Edges)
{
    /// <summary>The composite activities in the picture, whose own activities are drawn as pictures of their own.</summary>
    public IReadOnlyList<ActivityNode> Inside { get; init; } = [];
}

/// <summary>An activity's box, top-left at (<see cref="X"/>, <see cref="Y"/>).</summary>
public sealed record FlowchartBox(string Id, string Type, string? Detail, int X, int Y)
{
    public int CenterX => X + (FlowchartLayout.BoxWidth / 2);

    public int Bottom => Y + FlowchartLayout.BoxHeight;
}

/// <summary>A connection: from a box to a box, labelled with the outcome; <see cref="Back"/> when it leads back up (a loop).</summary>
public sealed record FlowchartEdge(FlowchartBox From, FlowchartBox To, string Outcome, bool Back);
