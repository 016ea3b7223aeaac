using System.Diagnostics;

namespace DeadMan.IntegrationTests.Lab;

/// <summary>
/// A real OpenSSH sshd on 127.0.0.1:2222 inside a test namespace, with a throw-away host key and client key made for
/// the test, plus the ssh_config deadman is given (<c>--ssh-config</c>): that port, a known_hosts holding that host
/// key only, strict checking. Nothing outside the namespace and the test's directory is touched.
/// </summary>
public sealed class SshRelayHost : IDisposable
{
    public const int Port = 2222;
    private readonly string _ns;
    private readonly string _directory;
    private readonly NamespaceProcesses _processes = new();
    private Process? _sshd;

    public SshRelayHost(string ns, string directory)
    {
        _ns = ns;
        _directory = directory;
        Shell.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dmt-host", "-f", Path.Combine(directory, "host_key"));
        Shell.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dmt-client", "-f", ClientKey);
        File.Copy(ClientKey + ".pub", Path.Combine(directory, "authorized_keys"));
        File.WriteAllText(Path.Combine(directory, "known_hosts"), $"[127.0.0.1]:{Port} {File.ReadAllText(Path.Combine(directory, "host_key.pub"))}");
        File.WriteAllText(Path.Combine(directory, "sshd_config"), $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {directory}/host_key
            PidFile {directory}/sshd.pid
            AuthorizedKeysFile {directory}/authorized_keys
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            LogLevel ERROR

            """);
        File.WriteAllText(SshConfig, $"""
            Host *
              Port {Port}
              UserKnownHostsFile {directory}/known_hosts
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking yes
              IdentitiesOnly yes

            """);
        // sshd's privilege separation directory; Debian's package makes it only when its service starts.
        Directory.CreateDirectory("/run/sshd");
        Start();
    }

    /// <summary>The throw-away private key that sshd accepts (for root).</summary>
    public string ClientKey => Path.Combine(_directory, "id_ed25519");

    public string SshConfig => Path.Combine(_directory, "ssh_config");

    public void Start()
    {
        _sshd = _processes.Start(_ns, "/usr/sbin/sshd", "-D", "-e", "-f", Path.Combine(_directory, "sshd_config"));
        for (int attempt = 0; attempt < 50; attempt++)
        {
            if (Shell.RunChecked(["ip", "netns", "exec", _ns, "ssh", "-F", SshConfig, "-i", ClientKey, "-l", "root", "127.0.0.1", "true"]).Exit == 0)
            {
                return;
            }

            Thread.Sleep(100);
        }

        throw new InvalidOperationException($"sshd did not start: {_processes.OutputOf(_sshd)}");
    }

    /// <summary>Kills sshd and every session it forked: connected clients see the connection closed.</summary>
    public void Kill()
    {
        _sshd!.Kill(entireProcessTree: true);
        _sshd.WaitForExit();
    }

    /// <summary>Freezes (or thaws) sshd and its sessions: clients stay connected and hear nothing.</summary>
    public void Freeze(bool frozen)
    {
        foreach (string pid in Shell.RunChecked(["pgrep", "-f", "sshd"]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Shell.RunChecked(["ip", "netns", "identify", pid]).Output.Trim() == _ns)
            {
                Shell.Run("kill", frozen ? "-STOP" : "-CONT", pid);
            }
        }
    }

    public void Dispose() => _processes.Dispose();
}
