namespace DeadMan.IntegrationTests.Lab;

/// <summary>Finds the one deadman process a test started, by a path on its command line.</summary>
public static class DeadmanProcess
{
    /// <summary>
    /// The PID of the single process named deadman whose command line holds <paramref name="fragment"/>; tmux, the
    /// shell and <c>ip netns exec</c> carry the same path, so the name decides. Fails unless there is exactly one.
    /// </summary>
    public static int PidOf(string fragment) =>
        Shell.RunChecked(["pgrep", "-f", fragment]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
             .Select(int.Parse)
             .Single(pid => File.Exists($"/proc/{pid}/comm") && File.ReadAllText($"/proc/{pid}/comm").Trim() == "deadman");
}
