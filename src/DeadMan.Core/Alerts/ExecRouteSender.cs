using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeadMan.Core.Health;
using DeadMan.Core.Settings;
using DeadMan.Core.Text;

namespace DeadMan.Core.Alerts;

/// <summary>
/// [[alert.exec]]: runs the program with its arguments (never through a shell, so no host name can become a command),
/// the notification in its environment and, as the webhook's JSON, on its standard input. Its environment is clean:
/// the basics (PATH, HOME, USER, LOGNAME, LANG, LC_*, TZ, TMPDIR), the variables the route names in pass_env, and
/// DEADMAN_EVENT, DEADMAN_NAME and DEADMAN_ADDRESS (one host per line), DEADMAN_COUNT, DEADMAN_GROUP, DEADMAN_STATE,
/// DEADMAN_REASON, DEADMAN_SINCE, DEADMAN_SUMMARY, for traced failures DEADMAN_LAST_HOP and DEADMAN_TRACE (a line a
/// host), for an acknowledgement DEADMAN_ACK_BY, DEADMAN_ACK_NOTE, DEADMAN_ACK_UNTIL (and DEADMAN_ACK_ENDED when it
/// ended), with --vantage DEADMAN_VANTAGE and, when most hosts failed together,
/// DEADMAN_SELF_SUSPECT; never deadman's own secrets. The timeout covers the whole run, its output included; only
/// the first line of output is kept (the rest is read and thrown away, so a chatty program neither blocks nor fills
/// memory), and it goes to the event log with the exit status.
/// </summary>
public sealed class ExecRouteSender(ExecRoute route) : IAlertRoute
{
    /// <summary>The most of a program's first line the event log gets.</summary>
    public const int MaxDetail = 200;

    // Once the program has ended, what it wrote is already in the pipe: reading it takes moments. A child it left
    // running (`sleep 40 &`) may hold the pipe open for ever, and is not waited for.
    private static readonly TimeSpan s_afterExit = TimeSpan.FromMilliseconds(250);

    private static readonly string[] s_basics = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "TZ", "TMPDIR"];
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public string Name => $"exec {Path.GetFileName(route.Command[0])}";

    public string Identity => $"exec {route.Timeout} {string.Join('\u001f', route.Command)} {string.Join(' ', route.PassEnvironment)}";

    public async Task<string> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ProcessStartInfo start = StartInfo(notification);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(route.Timeout);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{route.Command[0]} did not start");
        _ = FeedAsync(process.StandardInput.BaseStream, WebhookRouteSender.Json(notification), limit.Token);
        Task<string?> output = FirstLineAsync(process.StandardOutput.BaseStream, limit.Token);
        Task<string?> errors = FirstLineAsync(process.StandardError.BaseStream, limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{route.Command[0]} was killed after {route.Timeout.TotalSeconds:0.#}s");
        }

        string first = await Settled(output).ConfigureAwait(false) ?? await Settled(errors).ConfigureAwait(false) ?? "";
        string said = $"exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)}{(first.Length > 0 ? ": " + first : "")}";
        return process.ExitCode == 0 ? said : throw new InvalidOperationException(said);
    }

    private ProcessStartInfo StartInfo(Notification notification)
    {
        var start = new ProcessStartInfo(route.Command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in route.Command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        KeepOnly(start.Environment);
        foreach ((string name, string value) in Environment(notification))
        {
            start.Environment[name] = value;
        }

        return start;
    }

    // Of deadman's own environment the command gets the basics and what pass_env names, nothing else.
    private void KeepOnly(IDictionary<string, string?> environment)
    {
        Dictionary<string, string?> own = environment.ToDictionary(StringComparer.Ordinal);
        environment.Clear();
        foreach ((string name, string? value) in own)
        {
            if (s_basics.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal) || route.PassEnvironment.Contains(name))
            {
                environment[name] = value;
            }
        }

        environment.TryAdd("PATH", DefaultPath);
    }

    public static IEnumerable<(string Name, string Value)> Environment(Notification notification)
    {
        var first = notification.Changes[0];
        yield return ("DEADMAN_EVENT", notification.Event);
        // One per line: a name may hold spaces ("会議室 A"), never a newline.
        yield return ("DEADMAN_NAME", string.Join('\n', notification.Changes.Select(c => c.Target.Spec.Name)));
        yield return ("DEADMAN_COUNT", notification.Changes.Count.ToString(CultureInfo.InvariantCulture));
        yield return ("DEADMAN_ADDRESS", string.Join('\n', notification.Changes.Select(c => c.Target.Spec.Address.Text)));
        yield return ("DEADMAN_GROUP", string.Join(", ", notification.Changes.Select(c => c.Target.Spec.Group).OfType<string>().Distinct()));
        yield return ("DEADMAN_STATE", StateWords.Name(first.To));
        yield return ("DEADMAN_REASON", Notification.Reason(first));
        yield return ("DEADMAN_SINCE", first.At.ToString("O", CultureInfo.InvariantCulture));
        yield return ("DEADMAN_SUMMARY", notification.Summary);
        // Per host, a line each as DEADMAN_NAME: the last hop that answered on its broken path ("" when none or not traced).
        if (notification.Traces.Count > 0)
        {
            yield return ("DEADMAN_LAST_HOP", string.Join('\n', notification.Changes.Select(c => notification.LastHop(c) ?? "")));
            yield return ("DEADMAN_TRACE", string.Join('\n', notification.Changes.Select(c => notification.TraceOf(c)?.Summary(c.Target.KnownPathLength) ?? "")));
        }

        if (notification.Acknowledgement is { } known)
        {
            yield return ("DEADMAN_ACK_BY", known.By);
            yield return ("DEADMAN_ACK_NOTE", known.Note ?? "");
            yield return ("DEADMAN_ACK_UNTIL", known.Until?.ToString("O", CultureInfo.InvariantCulture) ?? "");
            if (notification.AcknowledgementEnded is { } ended)
            {
                yield return ("DEADMAN_ACK_ENDED", ended);
            }
        }

        if (notification.Vantage is { } vantage)
        {
            yield return ("DEADMAN_VANTAGE", vantage);
        }

        if (notification.SelfSuspect is { } suspect)
        {
            yield return ("DEADMAN_SELF_SUSPECT", suspect);
        }
    }

    // The JSON on standard input, for a program that reads it; one that does not (or ends first) is no problem.
    private static async Task FeedAsync(Stream input, byte[] json, CancellationToken cancellationToken)
    {
        try
        {
            await using (input.ConfigureAwait(false))
            {
                await input.WriteAsync(json, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // It closed its end, ended, or ran out of time.
        }
    }

    // The first line (at most MaxDetail characters) as soon as it is there; then the rest is read and dropped until
    // the end, so the program never blocks on a full pipe, while the process lives or the time lasts.
    private static Task<string?> FirstLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = ReadAsync(stream, line, cancellationToken);
        return line.Task;
    }

    private static async Task ReadAsync(Stream stream, TaskCompletionSource<string?> line, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[4096];
        var kept = new MemoryStream();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (line.Task.IsCompleted)
                {
                    continue;
                }

                kept.Write(buffer, 0, read);
                if (kept.Length >= MaxDetail * 4 || Array.IndexOf(buffer, (byte)'\n', 0, read) >= 0)
                {
                    line.TrySetResult(FirstLine(kept));
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Time is up, or the process and its pipes are gone.
        }

        line.TrySetResult(FirstLine(kept));
    }

    private static string? FirstLine(MemoryStream kept)
    {
        string text = Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
        string? first = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is null ? null : SafeText.Line(first.Length > MaxDetail ? first[..MaxDetail] + "…" : first);
    }

    private static async Task<string?> Settled(Task<string?> line)
    {
        try
        {
            return await line.WaitAsync(s_afterExit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
