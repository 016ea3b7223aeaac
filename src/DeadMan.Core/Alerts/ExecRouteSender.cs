using System.Diagnostics;
using System.Globalization;
using DeadMan.Core.Export;
using DeadMan.Core.Settings;

namespace DeadMan.Core.Alerts;

/// <summary>
/// [[alert.exec]]: runs the program with its arguments (never through a shell, so no host name can become a command)
/// and the notification in its environment: DEADMAN_EVENT, DEADMAN_NAME (names, space-separated), DEADMAN_COUNT,
/// DEADMAN_ADDRESS, DEADMAN_GROUP, DEADMAN_STATE, DEADMAN_REASON, DEADMAN_SINCE, DEADMAN_SUMMARY, with --vantage
/// DEADMAN_VANTAGE and, when most hosts failed together, DEADMAN_SELF_SUSPECT. Killed after its timeout; its exit status and first line of output
/// go to the event log.
/// </summary>
public sealed class ExecRouteSender(ExecRoute route) : IAlertRoute
{
    public string Name => $"exec {Path.GetFileName(route.Command[0])}";

    public async Task<string> SendAsync(Notification notification, CancellationToken cancellationToken)
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

        foreach ((string name, string value) in Environment(notification))
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{route.Command[0]} did not start");
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(route.Timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{route.Command[0]} was killed after {route.Timeout.TotalSeconds:0.#}s");
        }

        string first = FirstLine(await output.ConfigureAwait(false)) ?? FirstLine(await errors.ConfigureAwait(false)) ?? "";
        string said = $"exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)}{(first.Length > 0 ? ": " + first : "")}";
        return process.ExitCode == 0 ? said : throw new InvalidOperationException(said);
    }

    public static IEnumerable<(string Name, string Value)> Environment(Notification notification)
    {
        var first = notification.Changes[0];
        yield return ("DEADMAN_EVENT", notification.Event);
        yield return ("DEADMAN_NAME", string.Join(' ', notification.Changes.Select(c => c.Target.Spec.Name)));
        yield return ("DEADMAN_COUNT", notification.Changes.Count.ToString(CultureInfo.InvariantCulture));
        yield return ("DEADMAN_ADDRESS", string.Join(' ', notification.Changes.Select(c => c.Target.Spec.Address.Text)));
        yield return ("DEADMAN_GROUP", string.Join(", ", notification.Changes.Select(c => c.Target.Spec.Group).OfType<string>().Distinct()));
        yield return ("DEADMAN_STATE", RunReport.StateName(first.To));
        yield return ("DEADMAN_REASON", Notification.Reason(first));
        yield return ("DEADMAN_SINCE", first.At.ToString("O", CultureInfo.InvariantCulture));
        yield return ("DEADMAN_SUMMARY", notification.Summary);
        if (notification.Vantage is { } vantage)
        {
            yield return ("DEADMAN_VANTAGE", vantage);
        }

        if (notification.SelfSuspect is { } suspect)
        {
            yield return ("DEADMAN_SELF_SUSPECT", suspect);
        }
    }

    private static string? FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
