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

    /// <summary>Starts argv, its output read and dropped so that a chatty server never blocks on a full pipe.</summary>
    public static Process Start(params string[] argv)
    {
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true };
        foreach (string argument in argv[1..])
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }
}
