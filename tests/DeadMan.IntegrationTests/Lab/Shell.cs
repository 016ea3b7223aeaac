using System.Diagnostics;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>Runs a program with an argument array (no shell) and fails loudly, with its stderr, when it fails.</summary>
public static class Shell
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    public static string Run(params string[] argv) => RunChecked(argv, check: true).Output;

    public static (int Exit, string Output, string Error) RunChecked(string[] argv, bool check = false, TimeSpan? limit = null)
    {
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in argv[1..])
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit ?? s_limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', argv)} did not finish in {limit ?? s_limit}");
        }

        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', argv)} exited {process.ExitCode}: {error.Result}");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
