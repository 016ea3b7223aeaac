using System.Globalization;
using System.Net;
using DeadMan.Core.Config;

namespace DeadMan.Core.Probing.Relay;

/// <summary>
/// The ssh command line for one relay: an argument array (no local shell ever sees config text; values after
/// <c>--</c> cannot be read as options), and a remote script made only of the targets' IP addresses, formatted by
/// us, so nothing from the file reaches the relay's shell either. The script runs one ping per address and
/// prefixes each of its lines with the address, so one session serves every target of the relay.
/// </summary>
public static class SshRelayCommand
{
    /// <param name="sshConfig">An ssh_config file for every relay (<c>--ssh-config</c>), or null for the user's own.</param>
    public static IReadOnlyList<string> Arguments(SshRelayProbeSpec relay, string? sshConfig, IEnumerable<IPAddress> targets, ProbeTiming timing)
    {
        List<string> argv =
        [
            "-n", "-T",
            // Never prompt (there is no one to answer), notice a dead connection within ~10 s.
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=10",
            "-o", "ServerAliveInterval=5",
            "-o", "ServerAliveCountMax=2",
        ];
        if (sshConfig is not null)
        {
            argv.AddRange(["-F", sshConfig]);
        }

        if (relay.User is not null)
        {
            argv.AddRange(["-l", relay.User]);
        }

        if (relay.KeyPath is not null)
        {
            argv.AddRange(["-i", ExpandHome(relay.KeyPath)]);
        }

        argv.AddRange(["--", relay.Relay, RemoteScript(relay.Os, targets, timing)]);
        return argv;
    }

    public static string RemoteScript(string? os, IEnumerable<IPAddress> targets, ProbeTiming timing)
    {
        bool linux = os is null || os.Equals("linux", StringComparison.OrdinalIgnoreCase);
        string interval = timing.Interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        string ping4 = linux
            ? $"ping -n -O -i {interval} -W {Math.Max(1, (int)Math.Ceiling(timing.Timeout.TotalSeconds))}"
            : $"ping -n -i {interval}";
        string ping6 = linux ? ping4 : $"ping6 -n -i {interval}";
        var lines = new List<string> { "export LC_ALL=C" };
        foreach (IPAddress target in targets.Distinct())
        {
            // IPAddress.ToString() is digits, hex, dots, colons and a %scope: nothing a shell interprets.
            string address = target.ToString();
            string ping = target.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? ping6 : ping4;
            lines.Add($"({ping} {address} 2>&1 | while IFS= read -r l; do printf '%s %s\\n' {address} \"$l\"; done) &");
        }

        lines.Add("wait");
        return string.Join('\n', lines);
    }

    public static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}
