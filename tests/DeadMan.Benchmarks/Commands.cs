using System.Diagnostics;

namespace DeadMan.Benchmarks;

/// <summary>The commands a benchmark runs around deadman: namespaces made and deleted, servers started in them.</summary>
internal static class Commands
{
    /// <summary>Runs argv to its end; a failure stops the benchmark with the command and its exit code.</summary>
    public static void Run(params string[] argv)
    {
        using Process process = Start(argv);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', argv)} exited {process.ExitCode}");
        }
    }

    /// <summary>Starts argv, its output and errors read and dropped so that a chatty server never blocks on a full pipe or fills the report.</summary>
    public static Process Start(params string[] argv)
    {
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in argv[1..])
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}

/// <summary>
/// A network namespace made for one benchmark run (its loopback up), a scratch directory, and the servers started in
/// it: disposed of, the servers are stopped first, then the namespace and the directory are deleted.
/// </summary>
internal sealed class BenchNamespace : IAsyncDisposable
{
    public BenchNamespace(string prefix)
    {
        Name = $"{prefix}-{Environment.ProcessId}";
        Directory = System.IO.Directory.CreateTempSubdirectory(prefix + "-").FullName;
        Commands.Run("ip", "netns", "add", Name);
        Commands.Run("ip", "-n", Name, "link", "set", "lo", "up");
    }

    public string Name { get; }

    public string Directory { get; }

    /// <summary>The servers the run measures against, started in the namespace (<c>ip netns exec</c>).</summary>
    private readonly List<Process> _servers = [];

    public Process Start(params string[] argv)
    {
        Process server = Commands.Start(["ip", "netns", "exec", Name, .. argv]);
        _servers.Add(server);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Process server in _servers)
        {
            if (!server.HasExited)
            {
                server.Kill();
                await server.WaitForExitAsync();
            }

            server.Dispose();
        }

        Commands.Run("ip", "netns", "del", Name);
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
