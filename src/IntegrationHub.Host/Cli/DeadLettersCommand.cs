using System.CommandLine;
using System.Globalization;

namespace IntegrationHub.Host.Cli;

/// <summary>
/// The <c>dead-letters</c> verb over <c>/api/v1/dead-letters</c> on a running hub (API key from HUB_API_KEY):
/// <c>list</c> (filters, newest first, every page), <c>show &lt;id&gt;</c> (the record and its history), <c>replay
/// &lt;id&gt;</c> or <c>replay --all</c> (what is open and matches the filters), <c>discard &lt;id&gt; --reason</c>.
/// Exit codes: 0 done, 1 no such entry or refused (409), 2 bad arguments or the hub unreachable or refusing the key.
/// </summary>
internal static class DeadLettersCommand
{
    private const string Verb = "dead-letters";

    public static Command Build(TextWriter output, TextWriter error)
    {
        Option<string> Url() => new("--url") { Description = "The running hub.", DefaultValueFactory = _ => "http://127.0.0.1:5080/" };
        Option<string?> Flow() => new("--flow") { Description = "Only this flow's dead letters." };
        Argument<long> Id(string what) => new("id") { Description = what };

        var listUrl = Url();
        var listFlow = Flow();
        var status = new Option<string?>("--status") { Description = "open, replayed, resolved or discarded." };
        var topic = new Option<string?>("--topic") { Description = "Only records consumed from this topic." };
        var reason = new Option<string?>("--reason") { Description = "Only reasons containing this text (any case)." };
        var list = new Command("list", "List dead letters, newest first: id, status, flow, key, failures and reason.") { listFlow, status, topic, reason, listUrl };
        list.SetAction((p, ct) => ListAsync(HubApiCalls.Query(("flow", p.GetValue(listFlow)), ("status", p.GetValue(status)), ("topic", p.GetValue(topic)), ("reason", p.GetValue(reason))), p.GetValue(listUrl)!, output, error, ct));

        var showUrl = Url();
        var showId = Id("The dead letter to show.");
        var show = new Command("show", "Show one dead letter: where it came from, the workflow instance, headers, payload and history.") { showId, showUrl };
        show.SetAction((p, ct) => SendAsync(HttpMethod.Get, $"api/v1/dead-letters/{p.GetValue(showId)}", p.GetValue(showUrl)!, output, error, ct));

        var replayUrl = Url();
        var replayId = new Argument<long?>("id") { Description = "The dead letter to replay (or --all).", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Replay every open dead letter (of --flow when given)." };
        var replayFlow = Flow();
        var replay = new Command("replay", "Republish a dead letter (or every open one) to its topic for the consumer group that failed it.") { replayId, all, replayFlow, replayUrl };
        replay.SetAction((p, ct) =>
        {
            var id = p.GetValue(replayId);
            if (id is null == !p.GetValue(all))
            {
                error.WriteLine($"{Verb} replay: give either an id or --all");
                return Task.FromResult(2);
            }

            return id is { } one
                ? SendAsync(HttpMethod.Post, $"api/v1/dead-letters/{one}/replay", p.GetValue(replayUrl)!, output, error, ct)
                : SendAsync(HttpMethod.Post, "api/v1/dead-letters/replay" + HubApiCalls.Query(("flow", p.GetValue(replayFlow))), p.GetValue(replayUrl)!, output, error, ct);
        });

        var discardUrl = Url();
        var discardId = Id("The dead letter to discard.");
        var why = new Option<string>("--reason") { Description = "Why the record is given up (kept as the audit).", Required = true };
        var discard = new Command("discard", "Give a dead letter up with a reason; the entry stays as the audit.") { discardId, why, discardUrl };
        discard.SetAction((p, ct) => SendAsync(HttpMethod.Delete, $"api/v1/dead-letters/{p.GetValue(discardId)}" + HubApiCalls.Query(("reason", p.GetValue(why))), p.GetValue(discardUrl)!, output, error, ct));

        return new Command(Verb, "List, show, replay or discard a running hub's dead letters (API key from HUB_API_KEY).") { list, show, replay, discard };
    }

    private static Task<int> ListAsync(string query, string url, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        HubApiCalls.ListAsync(Verb, url, "api/v1/dead-letters", query, "deadLetters", e => string.Create(CultureInfo.InvariantCulture,
            $"{e.GetProperty("id").GetInt64(),6}  {e.GetProperty("status").GetString(),-9}  {e.GetProperty("flow").GetString() ?? "-"}  key {e.GetProperty("key").GetString() ?? "-"}  {e.GetProperty("lastFailedAt").GetDateTimeOffset():u}  x{e.GetProperty("failures").GetInt32()}  {e.GetProperty("reason").GetString()}"),
            "dead letters", output, error, cancellationToken);

    private static Task<int> SendAsync(HttpMethod method, string path, string url, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        HubApiCalls.SendAsync(Verb, method, path, url, answer =>
            answer.TryGetProperty("entry", out var entry) ? $"dead letter {entry.GetProperty("id").GetInt64()}: {entry.GetProperty("status").GetString()}"
            : answer.TryGetProperty("count", out var count) ? $"{count.GetInt32()} dead letters replayed{(answer.GetProperty("more").GetBoolean() ? "; more match, run it again" : "")}"
            : null, output, error, cancellationToken);
}
