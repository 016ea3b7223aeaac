using System.Diagnostics;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// Long-running programs a test starts inside its namespaces (snmpd, Prometheus, deadman, a ping stream). Their
/// output is drained as it comes, so a chatty program never blocks on a full pipe; all are killed on dispose.
/// </summary>
public sealed class NamespaceProcesses : IDisposable
{
    private readonly List<(Process Process, System.Text.StringBuilder Output)> _processes = [];

    /// <summary>Starts <paramref name="argv"/> inside <paramref name="ns"/> with <c>ip netns exec</c>.</summary>
    public Process Start(string ns, params string[] argv) => StartHere(["ip", "netns", "exec", ns, .. argv]);

    /// <summary>Starts <paramref name="argv"/> in the test's own namespace (a script that makes its own).</summary>
    public Process StartHere(params string[] argv)
    {
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in argv[1..])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new System.Text.StringBuilder();
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((process, output));
        return process;
    }

    /// <summary>What a started program wrote to standard output so far (all of it once it has exited).</summary>
    public string OutputOf(Process process)
    {
        var (_, output) = _processes.Single(p => p.Process == process);
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Append(line).Append('\n');
            }
        }
    }

    public void Dispose()
    {
        foreach (var (process, _) in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            process.Dispose();
        }
    }
}
