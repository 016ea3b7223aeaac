using System.Diagnostics;
using System.Text;
using DeadMan.IntegrationTests.Lab;

namespace DeadMan.IntegrationTests.Cli;

/// <summary>
/// Issue 11: the real binary, running and probing loopback, meets every kind of bad file on reload. Each one is
/// said on standard error and as <c>reload_failed</c> in the event log, the running host goes on being probed, and
/// a good file afterwards reloads as usual; <c>--check</c> answers the same file with a diagnostic and exit 2.
/// </summary>
public sealed class ReloadFailureTests : IDisposable
{
    private static readonly string s_deadman = DeadmanBinary.Path;
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(15);
    private readonly string _directory;
    private readonly string _config;
    private readonly string _logs;

    public ReloadFailureTests()
    {
        // Readable and, for the logs, writable by the unprivileged user of the unreadable-file case.
        _directory = Path.Combine(Path.GetTempPath(), $"dmt-{Environment.ProcessId}-{Guid.NewGuid():N}");
        _logs = Path.Combine(_directory, "logs");
        Directory.CreateDirectory(_logs);
        File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(_logs, (UnixFileMode)0b111_111_111);
        _config = Path.Combine(_directory, "hosts.conf");
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "directory", "is a directory, not a regular file" },
        { "vanished", "No such file or directory" },
        { "unreadable", "Permission denied" },
        { "fifo", "is a FIFO (named pipe), not a regular file" },
        { "latin1", "hosts.conf:2:8: invalid UTF-8 (byte 0xE9)" },
        { "nul", "hosts.conf:2:3: NUL character" },
        { "huge", "is larger than 16 MiB" },
        { "long-line", "hosts.conf:2:4097: line is 1,048,586 characters long" },
        { "leading-zero", "hosts.conf:2:8: invalid IPv4 address '09.0.0.3': leading zeros are ambiguous" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void Should_keep_probing_and_say_why_When_a_reload_meets_a_bad_file(string breakage, string reason)
    {
        // Given: deadman watching loopback, as nobody where root would read any file
        WriteConfig("loop 127.0.0.1\n");
        using var deadman = new RunningDeadman(breakage == "unreadable", "-i", "200ms", "-l", _logs, _config);
        deadman.WaitForOutput("watching 1 targets");

        // When
        Break(_config, breakage);
        deadman.Hangup();

        // Then: said on stderr and in the event log, and the host is still probed
        deadman.WaitForError($"reload failed: ");
        Assert.Contains(reason, deadman.Error, StringComparison.Ordinal);
        Assert.Contains("still watching the previous targets", deadman.Error, StringComparison.Ordinal);
        // Logs are written within 100 ms, not at once.
        WaitUntil(() => EventLines().Any(l => l.Contains("\"event\":\"reload_failed\"", StringComparison.Ordinal)), "reload_failed in the event log");
        string failed = Assert.Single(EventLines(), l => l.Contains("\"event\":\"reload_failed\"", StringComparison.Ordinal));
        Assert.Contains(reason, failed, StringComparison.Ordinal);
        int linesThen = HostLogLines();
        WaitUntil(() => HostLogLines() >= linesThen + 3, "loop still being probed after the failed reload");

        // And --check says the same of the same file, with exit 2 (as nobody too, where root could read it)
        string[] asUser = breakage == "unreadable" ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
        var (exit, _, error) = Shell.RunChecked([.. asUser, s_deadman, "--check", _config]);
        Assert.Equal(2, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);

        // When the file is good again
        Restore(_config);
        WriteConfig("loop 127.0.0.1\nloop2 127.0.0.2\n");
        deadman.Hangup();

        // Then it reloads, and a stop ends with a stop event
        deadman.WaitForOutput("reloaded hosts.conf: 2 targets");
        Assert.True(deadman.IsRunning, deadman.Error);
        deadman.Stop();
        Assert.Contains(EventLines(), l => l.Contains("\"event\":\"stop\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_keep_probing_with_the_previous_rules_and_say_why_When_deadman_toml_breaks_on_reload()
    {
        // Given: deadman.toml beside the host file, read at start
        string settings = Path.Combine(_directory, "deadman.toml");
        File.WriteAllText(settings, "[health]\nloss_warn = 5\n");
        WriteConfig("loop 127.0.0.1\n");
        using var deadman = new RunningDeadman(false, "-i", "200ms", "-l", _logs, _config);
        deadman.WaitForOutput("watching 1 targets");

        // When: a typo is saved (the file watcher reloads it; no signal needed)
        File.WriteAllText(settings, "[health]\nloss_wran = 5\n");

        // Then: said with its place, and the host is still probed
        deadman.WaitForError("reload failed: ");
        Assert.Contains("deadman.toml:2:1: unknown key 'loss_wran' in [health]; did you mean 'loss_warn' (loss from which a host is degraded, percent)?", deadman.Error, StringComparison.Ordinal);
        int linesThen = HostLogLines();
        WaitUntil(() => HostLogLines() >= linesThen + 3, "loop still being probed after the failed reload");

        // When it is fixed, it reloads, and says which file it read (issue 30: it said hosts.conf)
        File.WriteAllText(settings, "[health]\nloss_warn = 10\n");
        deadman.WaitForOutput("reloaded deadman.toml");
        Assert.True(deadman.IsRunning, deadman.Error);
        deadman.Stop();
    }

    public static TheoryData<string, string> SettingsBreakages => new()
    {
        { "fifo", "is a FIFO (named pipe), not a regular file" },
        { "zero", "is a character device, not a regular file" },
        { "huge", "is larger than 1 MiB" },
        { "directory", "is a directory, not a regular file" },
    };

    [Theory]
    [MemberData(nameof(SettingsBreakages))]
    public void Should_keep_probing_name_deadman_toml_and_reload_later_When_deadman_toml_is_not_a_file_to_read(string breakage, string reason)
    {
        // Given: deadman.toml beside the host file, read at start
        string settings = Path.Combine(_directory, "deadman.toml");
        File.WriteAllText(settings, "[health]\nloss_warn = 5\n");
        WriteConfig("loop 127.0.0.1\n");
        using var deadman = new RunningDeadman(false, "-i", "200ms", "-l", _logs, _config);
        deadman.WaitForOutput("watching 1 targets");

        // When: it becomes something that blocks a reader, never ends or is too big (issue 30: a FIFO blocked every
        // later reload silently, /dev/zero took 4.4 GB and blamed the host file)
        Break(settings, breakage);
        deadman.Hangup();

        // Then: said, naming deadman.toml by its name, and the host is still probed
        deadman.WaitForError("reload failed: ");
        Assert.Contains($"reload failed: deadman.toml: cannot read the settings: {reason}", deadman.Error, StringComparison.Ordinal);
        int linesThen = HostLogLines();
        WaitUntil(() => HostLogLines() >= linesThen + 3, "loop still being probed after the failed reload");

        // And --check says the same, with exit 2 and no stack trace
        var (exit, _, error) = Shell.RunChecked([s_deadman, "--check", _config]);
        Assert.Equal(2, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);

        // When it is a file again, the next reload works
        Restore(settings);
        File.WriteAllText(settings, "[health]\nloss_warn = 10\n");
        deadman.WaitForOutput("deadman.toml");
        Assert.Contains("reloaded ", deadman.Output, StringComparison.Ordinal);
        Assert.True(deadman.IsRunning, deadman.Error);
        deadman.Stop();
    }

    private void WriteConfig(string text)
    {
        File.WriteAllText(_config, text);
        File.SetUnixFileMode(_config, (UnixFileMode)0b110_100_100);
    }

    private static void Break(string path, string breakage)
    {
        switch (breakage)
        {
            case "directory":
                File.Delete(path);
                Directory.CreateDirectory(path);
                break;
            case "vanished":
                File.Delete(path);
                break;
            case "unreadable":
                File.SetUnixFileMode(path, UnixFileMode.None);
                break;
            case "fifo":
                File.Delete(path);
                Shell.Run("mkfifo", path);
                break;
            case "zero":
                File.Delete(path);
                File.CreateSymbolicLink(path, "/dev/zero");
                break;
            case "latin1":
                File.WriteAllBytes(path, [.. "loop 127.0.0.1\nbad caf"u8, 0xE9, .. " 127.0.0.3\n"u8]);
                break;
            case "nul":
                File.WriteAllBytes(path, [.. "loop 127.0.0.1\nx "u8, 0, .. " 127.0.0.3\n"u8]);
                break;
            case "huge":
                using (FileStream file = File.OpenWrite(path))
                {
                    file.SetLength(100L * 1024 * 1024);
                }

                break;
            case "long-line":
                File.WriteAllText(path, $"loop 127.0.0.1\n{new string('a', 1 << 20)} 127.0.0.3\n");
                break;
            case "leading-zero":
                File.WriteAllText(path, "loop 127.0.0.1\nsecond 09.0.0.3\n");
                break;
        }
    }

    private static void Restore(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path);
        }
        else if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            File.Delete(path);
        }
    }

    private string[] EventLines() => File.ReadAllLines(Path.Combine(_logs, "deadman-events.jsonl"));

    private int HostLogLines()
    {
        string path = Path.Combine(_logs, "loop");
        return File.Exists(path) ? File.ReadAllLines(path).Length : 0;
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < s_patience, $"never saw {what}");
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        Restore(_config);
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>deadman with its output piped (so it runs the live log, not the full screen), stopped on dispose.</summary>
    private sealed class RunningDeadman : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _error = new();

        public RunningDeadman(bool asNobody, params string[] args)
        {
            string[] user = asNobody ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", s_deadman] : [s_deadman];
            var start = new ProcessStartInfo(user[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (string argument in user[1..].Concat(args))
            {
                start.ArgumentList.Add(argument);
            }

            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
            _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public bool IsRunning => !_process.HasExited;

        public string Error => Read(_error);

        public string Output => Read(_output);

        // setpriv execs deadman, so the PID is deadman's own.
        public void Hangup() => Shell.Run("kill", "-HUP", $"{_process.Id}");

        public void WaitForOutput(string text) => WaitUntil(() => Read(_output).Contains(text, StringComparison.Ordinal), $"'{text}' on stdout; stderr: {Error}");

        public void WaitForError(string text) => WaitUntil(() => Error.Contains(text, StringComparison.Ordinal), $"'{text}' on stderr");

        public void Stop()
        {
            Shell.Run("kill", "-TERM", $"{_process.Id}");
            Assert.True(_process.WaitForExit(s_patience), "deadman did not stop on SIGTERM");
        }

        private static void Append(StringBuilder text, string? line)
        {
            if (line is not null)
            {
                lock (text)
                {
                    text.Append(line).Append('\n');
                }
            }
        }

        private static string Read(StringBuilder text)
        {
            lock (text)
            {
                return text.ToString();
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }
    }
}
