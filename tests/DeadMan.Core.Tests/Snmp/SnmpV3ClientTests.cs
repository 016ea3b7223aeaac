using System.Diagnostics;
using DeadMan.Core.Snmp;
using DeadMan.Core.Snmp.Usm;
using DeadMan.Core.Tests.Fakes;

namespace DeadMan.Core.Tests.Snmp;

/// <summary>
/// SNMPv3 against Debian's net-snmp snmpd (users made by its own createUser) on loopback: every security level and
/// hash, values agreeing with net-snmp's own snmpget, and each way a user can be wrong, named.
/// </summary>
public sealed class SnmpV3ClientTests : IAsyncLifetime, IDisposable
{
    private static readonly Oid s_sysName = Oid.Parse("1.3.6.1.2.1.1.5.0");
    private static readonly Oid s_sysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");
    private readonly SnmpdAgent _agent = new();
    private readonly FakeTimeProvider _clock = new();
    private SnmpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new SnmpClient(_clock);
        return Task.CompletedTask;
    }

    public static TheoryData<string> UserNames => [.. SnmpdAgent.Users.Select(u => u.Name)];

    [Theory]
    [MemberData(nameof(UserNames))]
    public async Task Should_read_what_net_snmps_snmpget_reads_When_asking_as_each_user(string name)
    {
        // Given
        SnmpdAgent.V3User user = SnmpdAgent.Users.Single(u => u.Name == name);

        // When
        SnmpPdu answer = await _client.GetAsync(_agent.V3(user.ToUser()), [s_sysName, s_sysUpTime], CancellationToken.None);
        string snmpget = Snmpget(user, s_sysName);

        // Then
        Assert.Equal(0, answer.ErrorStatus);
        Assert.Equal("deadman-test-agent", answer.VarBinds[0].Value.Text);
        Assert.Equal($"STRING: \"{answer.VarBinds[0].Value.Text}\"", snmpget);
        Assert.True(answer.VarBinds[1].Value.Counter > 0);
    }

    [Fact]
    public async Task Should_say_wrong_digest_When_the_authentication_password_is_wrong()
    {
        UsmUser user = SnmpdAgent.Users[0].ToUser(authPassword: "not-the-password");
        var refused = await Assert.ThrowsAsync<SnmpSecurityException>(() => _client.GetAsync(_agent.V3(user), [s_sysName], CancellationToken.None));
        Assert.Equal("wrong-digest", refused.State);
        Assert.Contains("authentication password", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_say_unknown_user_When_the_agent_has_no_such_user()
    {
        var user = new UsmUser("nobody-here", AuthProtocol.Sha256, new Core.Config.Secret("auth-pass-sha256"), PrivProtocol.Aes128, new Core.Config.Secret("priv-pass-sha256"));
        var refused = await Assert.ThrowsAsync<SnmpSecurityException>(() => _client.GetAsync(_agent.V3(user), [s_sysName], CancellationToken.None));
        Assert.Equal("unknown-user", refused.State);
        Assert.Contains("'nobody-here'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_say_unsupported_security_level_When_asking_with_privacy_as_a_user_without_it()
    {
        SnmpdAgent.V3User authOnly = SnmpdAgent.Users.Single(u => u.Name == "dm-sha512-auth");
        var user = new UsmUser(authOnly.Name, AuthProtocol.Sha512, new Core.Config.Secret(authOnly.AuthPassword!), PrivProtocol.Aes128, new Core.Config.Secret("any-privacy-pw"));
        var refused = await Assert.ThrowsAsync<SnmpSecurityException>(() => _client.GetAsync(_agent.V3(user), [s_sysName], CancellationToken.None));
        Assert.Equal("unsupported-security-level", refused.State);
    }

    [Fact]
    public async Task Should_suspect_the_privacy_password_When_net_snmp_stays_silent()
    {
        // net-snmp cannot parse what a wrong privacy key decrypts to, logs it, and answers nothing
        UsmUser user = SnmpdAgent.Users[0].ToUser(privPassword: "not-the-privacy-password");
        var silent = await Assert.ThrowsAsync<SnmpTimeoutException>(() => _client.GetAsync(_agent.V3(user) with { Timeout = TimeSpan.FromMilliseconds(300), Retries = 1 }, [s_sysName], CancellationToken.None));
        Assert.Contains("wrong privacy password?", silent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_resynchronise_and_go_on_When_our_clock_ran_past_the_agents_time_window()
    {
        // Given: an engine discovered and answering
        UsmUser user = SnmpdAgent.Users[0].ToUser();
        await _client.GetAsync(_agent.V3(user), [s_sysName], CancellationToken.None);

        // When: our clock says 400 s passed (the agent's says not), beyond its ±150 s window, twice
        _clock.Advance(TimeSpan.FromSeconds(400));
        SnmpPdu first = await _client.GetAsync(_agent.V3(user), [s_sysName], CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(400));
        SnmpPdu second = await _client.GetAsync(_agent.V3(user), [s_sysName], CancellationToken.None);

        // Then: the agent's notInTimeWindow report set the clock right, and the request went through
        Assert.Equal("deadman-test-agent", first.VarBinds[0].Value.Text);
        Assert.Equal("deadman-test-agent", second.VarBinds[0].Value.Text);
    }

    private string Snmpget(SnmpdAgent.V3User user, Oid oid)
    {
        var start = new ProcessStartInfo("snmpget", [.. user.SnmpgetArguments, "-On", "-Ov", "-t", "2", "-r", "1", $"127.0.0.1:{_agent.Port}", oid.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MIBS"] = "";
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"snmpget failed: {error}");
        return output;
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    public void Dispose() => _agent.Dispose();
}
